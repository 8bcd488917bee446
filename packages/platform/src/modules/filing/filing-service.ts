import { hasErrors, type Finding } from '../../kernel/finding.js';
import type { BulkError, BulkItem } from '../../platform/ingest/items.js';
import { Problem } from '../../kernel/problem.js';
import type { DataVersion } from '../reference/index.js';
import { parseShipment, type ShapeIssue } from '../../kernel/shipment.js';
import { identifyParties } from '../parties/index.js';
import { pgaFindings } from '../pga/index.js';
import { validateShipment } from '../validation/index.js';
import type { Clock, Crypto, IdGenerator } from '../../kernel/ports.js';
import { newShipmentRow, type FilingStatus, type NewShipmentRow, type StoredShipment } from './repository.js';
import type { ShipmentRepository } from './repository.js';
import type { ReferenceService } from '../reference/index.js';
import type { ScreeningService, ScreeningView } from '../screening/index.js';
import { ShipmentWriter } from './shipment-writer.js';
import { ownershipFindings, screeningFindings } from '../screening/index.js';
import type { RegistryService } from '../parties/index.js';
import { tariffOn, type ReferenceView } from '../reference/index.js';
import type { Classification, ClassifierModel } from '../classification/index.js';
import { misclassificationFindings } from '../classification/index.js';
import type { ClassificationService } from '../classification/index.js';
import { decisionBrief, type DecisionRecord, type Lane } from '../risk/index.js';
import type { LedgerEntry } from '../trusted-trader/index.js';
import type { RiskService } from '../risk/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface FilingStore {
  readonly shipments: ShipmentRepository;
}

export interface FilingResult {
  readonly id: string;
  readonly reference: string;
  readonly status: FilingStatus;
  readonly findings: readonly Finding[];
  /** The lane decision, in brief (the full record: GET /v1/shipments/{id}). */
  readonly lane?: Lane;
  readonly score?: number;
  readonly signals?: readonly { code: string; path: string; weight: number }[];
  readonly holds?: readonly string[];
}

export interface FileOneOutcome {
  readonly result: FilingResult;
  /** True when an earlier filing with the same idempotency key and body was returned. */
  readonly replayed: boolean;
}

/** A bulk item after the pipeline stages: a row to write, or an error result. */
export type Evaluated =
  | { readonly line: number; readonly row: NewShipmentRow }
  | { readonly line: number; readonly reference?: string; readonly error: BulkError };

/**
 * The result line of a bulk item, as JSON text: `{"line"?, "id", "reference", "status", "findings"}`
 * (`line` when asked) or `{"line", "reference"?, "error"}`. Built from the row's
 * already-serialized findings: bulk output never serializes a filing twice.
 */
export function resultJson(e: Evaluated, withLine: boolean): string {
  if ('row' in e) {
    const r = e.row;
    return (
      `{${withLine ? `"line":${e.line},` : ''}"id":${JSON.stringify(r.id)},"reference":${JSON.stringify(r.reference)},` +
      `"status":"${r.status}","findings":${r.findingsJson}${r.briefJson ? `,${r.briefJson.slice(1, -1)}` : ''}}`
    );
  }
  return JSON.stringify({ line: e.line, ...(e.reference ? { reference: e.reference } : {}), error: e.error });
}

export const toResult = (s: StoredShipment): FilingResult => ({
  id: s.id,
  reference: s.reference,
  status: s.status,
  findings: s.findings,
  ...(s.decision ? decisionBrief(s.decision) : {}),
});

const versionSets = new WeakMap<readonly DataVersion[], { json: string; key: string }>();

/**
 * The row to write for a filing. The versions list is shared by every filing of a reference view,
 * so its JSON and digest are computed once per view.
 */
export function toRow(s: StoredShipment, crypto: Crypto, bodyJson?: string): NewShipmentRow {
  let versions = versionSets.get(s.versions);
  if (versions === undefined) {
    const json = JSON.stringify(s.versions);
    versions = { json, key: crypto.sha256(json).slice(0, 24) };
    versionSets.set(s.versions, versions);
  }
  return newShipmentRow(s, versions, bodyJson);
}

export function shapeProblem(issues: readonly ShapeIssue[]): Problem {
  const first = issues[0]!;
  return new Problem(first.code, `${first.path || 'body'}: ${first.message}`, first.path, { issues });
}

/** A chunk of a bulk filing after it was written: one result line per item, in order, and counts. */
export interface FiledChunk {
  readonly lines: string[];
  readonly accepted: number;
  readonly rejected: number;
  readonly unreadable: number;
}

/** A chunk evaluated but not yet written: its rows, and the result lines to give once written. */
export interface EvaluatedChunk extends FiledChunk {
  readonly rows: NewShipmentRow[];
}

/** The filing use case: parse, run the pipeline stages, persist, announce (outbox). */
export class FilingService {
  private readonly writer: ShipmentWriter;

  constructor(
    private readonly store: FilingStore,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly crypto: Crypto,
    private readonly screening: ScreeningService | null = null,
    /** Ownership signals (parents on a list) when the registry is loaded. */
    private readonly registry: RegistryService | null = null,
    /** The HS classifier for the misclassification stage, when built. */
    private readonly classification: ClassificationService | null = null,
    /** The risk and lane stage. */
    private readonly risk: RiskService | null = null,
  ) {
    this.writer = new ShipmentWriter(store.shipments);
  }

  private versionsCache: {
    ref: ReferenceView;
    lists: ScreeningView | null;
    model: ClassifierModel | null;
    versions: readonly DataVersion[];
  } | null = null;

  /** The data versions of a decision: reference data, lists and model, one array per set of views. */
  private versionsOf(
    ref: ReferenceView,
    lists: ScreeningView | null,
    model: ClassifierModel | null,
  ): readonly DataVersion[] {
    const c = this.versionsCache;
    if (c && c.ref === ref && c.lists === lists && c.model === model) return c.versions;
    const versions = [
      ...ref.versions,
      ...(lists ? lists.versions : []),
      ...(model ? [this.classification!.versionOf(model)] : []),
    ];
    this.versionsCache = { ref, lists, model, versions };
    return versions;
  }

  /** Suggestions per description, for the model in force (bulk files repeat descriptions). */
  private classified = new Map<string, Classification>();
  private classifiedFor: ClassifierModel | null = null;

  private classifier(model: ClassifierModel): (description: string) => Classification {
    if (this.classifiedFor !== model) {
      this.classified = new Map();
      this.classifiedFor = model;
    }
    const abstainBelow = this.classification!.options.abstainBelow;
    return (description) => {
      let c = this.classified.get(description);
      if (!c) {
        c = model.classify(description, { top: 3, abstainBelow });
        if (this.classified.size >= 50_000) this.classified.clear();
        this.classified.set(description, c);
      }
      return c;
    };
  }

  private settle: ((entry: LedgerEntry, d: DecisionRecord) => LedgerEntry) | null = null;

  /**
   * The traffic simulator's hook: what happened to the goods after each decision, drawn before
   * the chunk is written (simulated outcomes live in the benefit ledger, never in the decision
   * chain, which only officers' real actions extend).
   */
  simulateOutcomes(fn: (entry: LedgerEntry, d: DecisionRecord) => LedgerEntry): void {
    this.settle = fn;
  }

  /** Throws REFDATA_NOT_READY when no tariff is loaded (a batch is refused before it starts). */
  assertReady(): void {
    if (!this.reference.isReady()) {
      throw new Problem(
        'REFDATA_NOT_READY',
        'no HTSUS edition is loaded: run `tradelane refdata import` or `refdata sync`',
      );
    }
  }

  /** Runs the stages on one filing; throws a Problem for a malformed one. Does not persist. */
  evaluate(
    tenant: string,
    body: unknown,
    idempotencyKey: string | null = null,
    requestHash: string | null = null,
  ): StoredShipment {
    this.assertReady();
    const parsed = parseShipment(body);
    if (!parsed.ok) throw shapeProblem(parsed.issues);
    const s = parsed.shipment;
    const now = this.clock.now();
    const ref = this.reference.current();
    const lists = this.screening?.isReady() ? this.screening.current() : null;
    const screen = lists ? this.screening!.screenerFor(tenant) : null;
    const model = this.classification?.current() ?? null;
    const findings = [
      ...stage('validate', () => validateShipment(s, { ref, today: now.slice(0, 10) })),
      ...stage('identify', () => identifyParties(s)),
      ...stage('pga', () => pgaFindings(s, ref.pga ?? null)),
      ...(screen ? stage('screen', () => screeningFindings(s, screen)) : []),
      ...(screen && this.registry
        ? stage('ownership', () => ownershipFindings(s, (p) => this.registry!.parentHits(p)))
        : []),
      ...(model
        ? stage('classify', () =>
            misclassificationFindings(
              s,
              tariffOn(ref, s.transport.arrival_date.slice(0, 10)) ?? tariffOn(ref, now.slice(0, 10)),
              this.classifier(model),
              this.classification!.options.warnAbove,
              model.version,
            ),
          )
        : []),
    ];
    const id = this.ids.next('shp');
    return {
      id,
      tenant,
      reference: s.reference,
      type: s.type,
      status: hasErrors(findings) ? 'rejected' : 'accepted',
      decision: this.risk ? this.risk.decide(tenant, id, s, findings, now) : null,
      revision: 1,
      arrivalDate: s.transport.arrival_date,
      shipment: s,
      findings,
      versions: this.versionsOf(ref, lists, model),
      idempotencyKey,
      requestHash,
      createdAt: now,
    };
  }

  /** One bulk item through the stages; a malformed item becomes an error result. */
  evaluateItem(tenant: string, item: BulkItem): Evaluated {
    if ('problem' in item) return { line: item.line, error: item.problem };
    try {
      const s = this.evaluate(tenant, item.value);
      const row = toRow(s, this.crypto, item.raw);
      if (this.settle && row.ledger && s.decision)
        return { line: item.line, row: { ...row, ledger: this.settle(row.ledger, s.decision) } };
      return { line: item.line, row };
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      const reference = referenceOf(item.value);
      return {
        line: item.line,
        ...(reference ? { reference } : {}),
        error: {
          code: e.code,
          message: e.message,
          path: e.path,
          ...(e.details ? { details: e.details } : {}),
        },
      };
    }
  }

  /**
   * Files one shipment. Same idempotency key and body → the earlier result; other body → conflict.
   * With `rawJson` (the body as it arrived) the filing is stored exactly as filed.
   */
  async fileOne(
    tenant: string,
    body: unknown,
    idempotencyKey: string | null,
    rawJson?: string,
  ): Promise<FileOneOutcome> {
    const hash = idempotencyKey === null ? null : this.crypto.sha256(JSON.stringify(body));
    if (idempotencyKey !== null) {
      const earlier = await this.replay(tenant, idempotencyKey, hash!);
      if (earlier) return earlier;
    }
    const s = this.evaluate(tenant, body, idempotencyKey, hash);
    const inserted = await this.writer.write(toRow(s, this.crypto, rawJson));
    if (!inserted) {
      // Lost a race with a concurrent request carrying the same key.
      const earlier = await this.replay(tenant, idempotencyKey!, hash!);
      if (earlier) return earlier;
      throw new Error('idempotent insert was refused but no earlier filing exists');
    }
    return { result: toResult(s), replayed: false };
  }

  /**
   * Files a chunk of items in one transaction and returns their result lines (JSON text; `line`
   * numbers on filed items when asked): the unit of bulk work, in this thread or a worker.
   */
  async fileChunk(tenant: string, items: Iterable<BulkItem>, withLine = false): Promise<FiledChunk> {
    const chunk = this.evaluateChunk(tenant, items, withLine);
    await this.writeChunk(chunk);
    return {
      lines: chunk.lines,
      accepted: chunk.accepted,
      rejected: chunk.rejected,
      unreadable: chunk.unreadable,
    };
  }

  /** The stages on a chunk, without writing it. */
  evaluateChunk(tenant: string, items: Iterable<BulkItem>, withLine = false): EvaluatedChunk {
    const evaluated = Array.from(items, (item) => this.evaluateItem(tenant, item));
    const rows = evaluated.flatMap((e) => ('row' in e ? [e.row] : []));
    const accepted = rows.filter((r) => r.status === 'accepted').length;
    return {
      rows,
      lines: evaluated.map((e) => resultJson(e, withLine)),
      accepted,
      rejected: rows.length - accepted,
      unreadable: evaluated.length - rows.length,
    };
  }

  /** Writes an evaluated chunk in one transaction. Nothing is reported filed before it commits. */
  async writeChunk(chunk: EvaluatedChunk): Promise<void> {
    if (chunk.rows.length > 0) await this.store.shipments.insertMany(chunk.rows);
  }

  /**
   * Files a stream of shipments in this thread, `size` items per transaction; yields the filed
   * chunks in input order. A bad item becomes an error line and does not stop the others.
   */
  async *fileMany(
    tenant: string,
    items: AsyncIterable<BulkItem>,
    size = 500,
    withLine = false,
  ): AsyncGenerator<FiledChunk> {
    let batch: BulkItem[] = [];
    for await (const item of items) {
      batch.push(item);
      if (batch.length >= size) {
        yield await this.fileChunk(tenant, batch, withLine);
        batch = [];
      }
    }
    if (batch.length > 0) yield await this.fileChunk(tenant, batch, withLine);
  }

  async get(id: string, tenant: string | null): Promise<StoredShipment> {
    const s = await this.store.shipments.get(id, tenant);
    if (!s) throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${id}`, 'id');
    return s;
  }

  async drain(): Promise<void> {
    await this.writer.drain();
  }

  private async replay(tenant: string, key: string, hash: string): Promise<FileOneOutcome | null> {
    const earlier = await this.store.shipments.findByIdempotencyKey(tenant, key);
    if (!earlier) return null;
    if (earlier.requestHash !== hash) {
      throw new Problem(
        'IDEMPOTENCY_CONFLICT',
        `Idempotency-Key "${key}" was used for a different request (shipment ${earlier.id})`,
        'headers.idempotency-key',
      );
    }
    return { result: toResult(earlier), replayed: true };
  }
}

/**
 * Runs one stage; a stage that breaks gives a finding instead of losing the filing (the risk
 * stage then sends it to an officer).
 */
function stage(name: string, run: () => Finding[]): Finding[] {
  try {
    return run();
  } catch (e) {
    return [
      {
        code: 'STAGE_FAILED',
        severity: 'warning',
        path: '',
        message: `the ${name} stage failed on this filing: ${e instanceof Error ? e.message : String(e)}`,
        details: { stage: name },
      },
    ];
  }
}

function referenceOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'reference' in value) {
    const r = (value as { reference: unknown }).reference;
    if (typeof r === 'string') return r;
  }
  return undefined;
}
