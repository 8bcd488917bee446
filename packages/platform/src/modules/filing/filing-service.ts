/**
 * The filing use case: parse the contract, run the pipeline's stages (a list, main/pipeline.ts),
 * decide the lane, persist with the decision and the outbox event in one transaction, announce.
 */
import { hasErrors, type Finding } from '../../kernel/finding.js';
import { silentLogger, type Clock, type Crypto, type IdGenerator, type Logger } from '../../kernel/ports.js';
import { Problem } from '../../kernel/problem.js';
import { dayAfter } from '../../kernel/dates.js';
import { parseShipment, type ShapeIssue, type Shipment } from '../../kernel/shipment.js';
import type { BoundStage, DataVersion, Stage, StageCountOf, StageInput } from '../../kernel/stage.js';
import type { BulkItem } from '../../platform/ingest/items.js';
import { decisionBrief, type DecisionRecord, type Lane } from '../risk/index.js';
import type { LedgerEntry } from '../trusted-trader/index.js';
import { newShipmentRow, type FilingStatus, type NewShipmentRow, type StoredShipment } from './repository.js';
import type {
  OutboxRepository,
  ShipmentListQuery,
  ShipmentRepository,
  ShipmentSummary,
} from './repository.js';
import { ShipmentWriter, type CommitObserver } from './shipment-writer.js';
import { encodeLines, referenceOf, resultJson, type Evaluated } from './result-lines.js';

/** The lane decision after the stages (the risk module's). */
export interface LaneDecider {
  decide(tenant: string, id: string, s: Shipment, findings: readonly Finding[], now: string): DecisionRecord;
}

/** The repositories this service uses (the store of any database satisfies it). */
export interface FilingStore {
  readonly shipments: ShipmentRepository;
  readonly outbox: OutboxRepository;
}

/** What officers see first: today's filings by lane and port, and whether events are flowing. */
export interface FilingDashboard {
  /** The UTC day counted, and the instant the counts were read. */
  readonly day: string;
  readonly at: string;
  readonly total: number;
  readonly byLanePort: readonly { lane: string | null; port: string | null; n: number }[];
  /** Events written with the filings and not yet published to the bus; the oldest one's time. */
  readonly outbox: { readonly pending: number; readonly oldestAt: string | null };
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
export function toRow(
  s: StoredShipment,
  crypto: Crypto,
  bodyJson?: string,
  counts: readonly StageCountOf[] = [],
): NewShipmentRow {
  let versions = versionSets.get(s.versions);
  if (versions === undefined) {
    const json = JSON.stringify(s.versions);
    versions = { json, key: crypto.sha256(json).slice(0, 24) };
    versionSets.set(s.versions, versions);
  }
  return newShipmentRow(s, versions, bodyJson, counts);
}

export function shapeProblem(issues: readonly ShapeIssue[]): Problem {
  const first = issues[0]!;
  return new Problem(first.code, `${first.path || 'body'}: ${first.message}`, first.path, { issues });
}

/** A chunk of a bulk filing after it was written: one result line per item, in order, and counts. */
export interface FiledChunk {
  /** The result lines (JSON text); empty when they come `encoded`. */
  readonly lines: string[];
  /**
   * The result lines as UTF-8, each ending in a newline, and how many there are: what a worker
   * thread sends back (its buffer transferred, not copied), so that the thread that writes the
   * output neither copies nor encodes them.
   */
  readonly encoded?: { readonly bytes: Uint8Array; readonly count: number };
  readonly accepted: number;
  readonly rejected: number;
  readonly unreadable: number;
}

/** A chunk evaluated but not yet written: its rows, and the result lines to give once written. */
export interface EvaluatedChunk extends FiledChunk {
  readonly rows: NewShipmentRow[];
}

/** Filings of more lines than this have their stages' work prepared ahead (BoundStage.prepare). */
const PREPARED_FROM_LINES = 8;

/** The filing use case: parse, run the pipeline stages, persist, announce (outbox). */
export class FilingService {
  private readonly writer: ShipmentWriter;

  constructor(
    private readonly store: FilingStore,
    /** The stages, in order (main/pipeline.ts). */
    private readonly stages: readonly Stage[],
    /** The lane decision on accepted filings (none: filings get no lane). */
    private readonly decider: LaneDecider | null,
    /** Whether the reference data a filing needs (the HTSUS) is loaded. */
    private readonly ready: () => boolean,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly crypto: Crypto,
    private readonly log: Logger = silentLogger,
    /** Commit spacing of single filings (ShipmentWriter); 0 writes each turn of the event loop. */
    commitSpacingMs = 0,
  ) {
    this.writer = new ShipmentWriter(store.shipments, 256, commitSpacingMs);
  }

  /** The stages bound to the data in force, and their versions (one array per set of bindings). */
  private bound: { stages: readonly (BoundStage | null)[]; versions: readonly DataVersion[] } | null = null;

  private bindStages(): { stages: readonly (BoundStage | null)[]; versions: readonly DataVersion[] } {
    const stages = this.stages.map((st) => st.bind());
    const last = this.bound;
    if (last && last.stages.length === stages.length && last.stages.every((b, i) => b === stages[i]))
      return last;
    const seen = new Set<string>();
    const versions: DataVersion[] = [];
    for (const b of stages)
      for (const v of b?.versions ?? []) {
        const key = `${v.dataset}\0${v.snapshot}`;
        if (seen.has(key)) continue;
        seen.add(key);
        versions.push(v);
      }
    this.bound = { stages, versions };
    return this.bound;
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
    if (!this.ready()) {
      throw new Problem(
        'REFDATA_NOT_READY',
        'no HTSUS edition is loaded (or the server is still loading its data: see /readyz): run `tradelane refdata import --dir DIR` or `tradelane refdata sync`',
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
    return this.judge(tenant, body, idempotencyKey, requestHash).filing;
  }

  /** The stages on one filing: the filing to store, and what it adds to the stages' counters. */
  private judge(
    tenant: string,
    body: unknown,
    idempotencyKey: string | null,
    requestHash: string | null,
  ): { filing: StoredShipment; counts: StageCountOf[] } {
    return this.judgeShipment(tenant, this.shipmentOf(body), idempotencyKey, requestHash);
  }

  /** The filing a body is, once the reference data is in and its shape is checked. */
  private shipmentOf(body: unknown): Shipment {
    this.assertReady();
    const parsed = parseShipment(body);
    if (!parsed.ok) throw shapeProblem(parsed.issues);
    return parsed.shipment;
  }

  /**
   * The stages' work done ahead on a filing of many lines (BoundStage.prepare), the event loop
   * served meanwhile; a filing of a few lines is judged in one go (its checks take a few
   * milliseconds at most). Only work ahead: a stage that fails here does it again in its run,
   * where a failure is a finding.
   */
  private async prepare(shipment: Shipment): Promise<void> {
    if (shipment.lines.length <= PREPARED_FROM_LINES) return;
    for (const b of this.bindStages().stages) {
      if (!b?.prepare) continue;
      try {
        await b.prepare(shipment);
      } catch (e) {
        this.log.warn({ err: e }, 'a stage could not prepare a filing; its run will');
      }
    }
  }

  /** The stages on a filing whose shape has been checked. */
  private judgeShipment(
    tenant: string,
    shipment: Shipment,
    idempotencyKey: string | null,
    requestHash: string | null,
  ): { filing: StoredShipment; counts: StageCountOf[] } {
    const now = this.clock.now();
    const { stages, versions } = this.bindStages();
    const input = { tenant, shipment, now };
    const id = this.ids.next('shp');
    const findings: Finding[] = [];
    const counts: StageCountOf[] = [];
    stages.forEach((b, i) => {
      if (!b) return;
      const name = this.stages[i]!.name;
      try {
        findings.push(...b.run(input));
      } catch (err) {
        // The filing is kept and sent to an officer (the risk stage's stage_failure signal); the
        // exception is ours to read, in the log, not the filer's.
        this.log.error({ err, stage: name, shipment: id, tenant }, 'a pipeline stage failed on a filing');
        findings.push(stageFailed(name, id));
      }
      this.countInto(counts, b, name, input, id);
    });
    const status: FilingStatus = hasErrors(findings) ? 'rejected' : 'accepted';
    const filing: StoredShipment = {
      id,
      tenant,
      reference: shipment.reference,
      type: shipment.type,
      status,
      // A rejected filing is not a declaration customs acts on: it gets no lane.
      decision:
        status === 'accepted' && this.decider
          ? this.decider.decide(tenant, id, shipment, findings, now)
          : null,
      revision: 1,
      arrivalDate: shipment.transport.arrival_date,
      shipment,
      findings,
      versions,
      idempotencyKey,
      requestHash,
      createdAt: now,
    };
    return { filing, counts };
  }

  /**
   * What a filing adds to a bound stage's counters, into `counts`. A stage that cannot count a
   * filing is logged and adds nothing: the filing itself is not the filer's fault.
   */
  private countInto(
    counts: StageCountOf[],
    b: BoundStage,
    stage: string,
    input: StageInput,
    id: string,
  ): void {
    if (!b.counts) return;
    try {
      for (const c of b.counts(input)) counts.push({ stage, key: c.key, n: c.n });
    } catch (err) {
      this.log.error({ err, stage, shipment: id }, 'a pipeline stage could not count a filing');
    }
  }

  /**
   * Counts up to `limit` filings stored before the stage counters existed (ADR 0029) with the data
   * in force, and takes them off the backlog. Returns how many it read (0: the backlog is empty),
   * or null while a stage that keeps counters has no data to count with.
   */
  async recount(limit = 500): Promise<number | null> {
    const { stages } = this.bindStages();
    if (this.stages.some((st, i) => st.keepsCounts && !stages[i]?.counts)) return null;
    const page = await this.store.shipments.backlog(limit);
    const filings = page.map((f) => {
      const counts: StageCountOf[] = [];
      const parsed = parseShipment(f.shipment);
      if (parsed.ok) {
        const input = { tenant: f.tenant, shipment: parsed.shipment, now: f.createdAt };
        stages.forEach((b, i) => b && this.countInto(counts, b, this.stages[i]!.name, input, f.id));
      }
      return { id: f.id, tenant: f.tenant, createdAt: f.createdAt, counts };
    });
    await this.store.shipments.recounted(filings);
    return page.length;
  }

  /** One bulk item through the stages; a malformed item becomes an error result. */
  evaluateItem(
    tenant: string,
    item: BulkItem,
    idempotencyKey: string | null = null,
    requestHash: string | null = null,
  ): Evaluated {
    if ('problem' in item) return { line: item.line, error: item.problem };
    try {
      const { filing: s, counts } = this.judge(tenant, item.value, idempotencyKey, requestHash);
      const row = toRow(s, this.crypto, item.raw, counts);
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
    if (idempotencyKey !== null) assertSingleFilingKey(idempotencyKey);
    const hash = idempotencyKey === null ? null : this.crypto.sha256(JSON.stringify(body));
    if (idempotencyKey !== null) {
      const earlier = await this.replay(tenant, idempotencyKey, hash!);
      if (earlier) return earlier;
    }
    const shipment = this.shipmentOf(body);
    await this.prepare(shipment);
    const { filing: s, counts } = this.judgeShipment(tenant, shipment, idempotencyKey, hash);
    const inserted = await this.writer.write(toRow(s, this.crypto, rawJson, counts));
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
    return this.written(this.evaluateChunk(tenant, items, withLine));
  }

  /** Writes an evaluated chunk and answers its result lines once committed. */
  private async written(chunk: EvaluatedChunk): Promise<FiledChunk> {
    await this.writeChunk(chunk);
    return {
      lines: chunk.lines,
      ...(chunk.encoded ? { encoded: chunk.encoded } : {}),
      accepted: chunk.accepted,
      rejected: chunk.rejected,
      unreadable: chunk.unreadable,
    };
  }

  /**
   * The stages on a chunk, without writing it. With `encode`, the result lines come `encoded`
   * (UTF-8, outside the JavaScript heap) rather than as strings: a worker thread's chunk waits for
   * the write lock and its write, and what it holds meanwhile is copied by every collection.
   */
  evaluateChunk(tenant: string, items: Iterable<BulkItem>, withLine = false, encode = false): EvaluatedChunk {
    const evaluated = Array.from(items, (item) => this.evaluateItem(tenant, item));
    const rows = evaluated.flatMap((e) => ('row' in e ? [e.row] : []));
    const accepted = rows.filter((r) => r.status === 'accepted').length;
    const lines = evaluated.map((e) => resultJson(e, withLine));
    return {
      rows,
      ...(encode ? { lines: [], encoded: { bytes: encodeLines(lines), count: lines.length } } : { lines }),
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
   *
   * Chunk _k_ + 1 is evaluated while chunk _k_ is being written (on PostgreSQL a write is a few
   * round trips this thread would otherwise wait through). Writes stay one at a time and in order;
   * evaluation needs nothing a write changes (the lane decision's traffic state is this process's,
   * updated as each filing is evaluated), and a chunk is yielded only once it has committed.
   */
  async *fileMany(
    tenant: string,
    items: AsyncIterable<BulkItem>,
    size = 500,
    withLine = false,
    batchKey: string | null = null,
  ): AsyncGenerator<FiledChunk> {
    const prepare = async (batch: BulkItem[]): Promise<() => Promise<FiledChunk>> => {
      if (batchKey !== null) return this.prepareKeyedChunk(tenant, batch, withLine, batchKey);
      const chunk = this.evaluateChunk(tenant, batch, withLine);
      return () => this.written(chunk);
    };
    let writing: Promise<FiledChunk> | null = null;
    const next = async function* (batch: BulkItem[]): AsyncGenerator<FiledChunk> {
      const write = await prepare(batch);
      if (writing) yield await writing;
      writing = write();
      // Awaited at the next chunk or the end; until then a failure must not count as unhandled.
      writing.catch(() => undefined);
    };
    try {
      let batch: BulkItem[] = [];
      for await (const item of items) {
        batch.push(item);
        if (batch.length >= size) {
          yield* next(batch);
          batch = [];
        }
      }
      if (batch.length > 0) yield* next(batch);
      if (writing) yield await writing;
      writing = null;
    } finally {
      // The reader went away (a client hung up): the write under way still ends before we do.
      if (writing) await (writing as Promise<FiledChunk>).catch(() => undefined);
    }
  }

  /**
   * A chunk of a batch sent with an Idempotency-Key: each line is filed under the key
   * `<key>#<line>`, so a retry after a dropped connection answers the lines filed the first time
   * with their earlier result (`"replayed":true`, the same id) and files only the others. A line
   * whose body differs from the first time is an IDEMPOTENCY_CONFLICT error line. Evaluated here;
   * the returned function writes it.
   */
  private async prepareKeyedChunk(
    tenant: string,
    items: readonly BulkItem[],
    withLine: boolean,
    batchKey: string,
  ): Promise<() => Promise<FiledChunk>> {
    const lines: string[] = [];
    const fresh: { at: number; key: string; hash: string; row: NewShipmentRow }[] = [];
    let accepted = 0;
    let rejected = 0;
    const replayed = (line: number, r: FilingResult) => {
      if (r.status === 'accepted') accepted++;
      else rejected++;
      return JSON.stringify({ ...(withLine ? { line } : {}), ...r, replayed: true });
    };
    // The chunk's earlier filings in one lookup (a round trip per line on PostgreSQL otherwise).
    const stored = await this.store.shipments.findByIdempotencyKeys(
      tenant,
      items.flatMap((item) => ('problem' in item ? [] : [batchLineKey(batchKey, item.line)])),
    );
    for (const item of items) {
      if ('problem' in item) {
        lines.push(resultJson({ line: item.line, error: item.problem }, withLine));
        continue;
      }
      const key = batchLineKey(batchKey, item.line);
      const hash = this.crypto.sha256(JSON.stringify(item.value));
      let earlier: FileOneOutcome | null;
      try {
        earlier = replayOf(stored.get(key) ?? null, key, hash);
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        lines.push(
          resultJson(
            { line: item.line, error: { code: e.code, message: e.message, path: e.path } },
            withLine,
          ),
        );
        continue;
      }
      if (earlier) {
        lines.push(replayed(item.line, earlier.result));
        continue;
      }
      const e = this.evaluateItem(tenant, item, key, hash);
      if ('row' in e) {
        fresh.push({ at: lines.length, key, hash, row: e.row });
        if (e.row.status === 'accepted') accepted++;
        else rejected++;
      }
      lines.push(resultJson(e, withLine));
    }
    return async () => {
      const inserted = await this.store.shipments.insertMany(fresh.map((f) => f.row));
      for (const [i, ok] of inserted.entries()) {
        if (ok) continue;
        // Lost a race with a concurrent retry of the same batch: that one's filing is the line's.
        const f = fresh[i]!;
        const earlier = await this.replay(tenant, f.key, f.hash);
        if (!earlier) throw new Error('idempotent insert was refused but no earlier filing exists');
        if (f.row.status === 'accepted') accepted--;
        else rejected--;
        lines[f.at] = replayed(JSON.parse(lines[f.at]!).line ?? 0, earlier.result);
      }
      const unreadable = items.length - accepted - rejected;
      return { lines, accepted, rejected, unreadable };
    };
  }

  /** Today's (UTC) filings by lane and port, read through an index; the outbox's backlog. */
  async dashboard(): Promise<FilingDashboard> {
    const at = this.clock.now();
    const day = at.slice(0, 10);
    const [byLanePort, outbox] = await Promise.all([
      this.store.shipments.countByLaneAndPort(day, dayAfter(day)),
      this.store.outbox.backlog(),
    ]);
    const sorted = [...byLanePort].sort((a, b) => b.n - a.n || String(a.lane).localeCompare(String(b.lane)));
    return { day, at, total: sorted.reduce((t, x) => t + x.n, 0), byLanePort: sorted, outbox };
  }

  /** Filings newest first, one keyset page (see ShipmentRepository.list). */
  list(q: ShipmentListQuery): Promise<ShipmentSummary[]> {
    return this.store.shipments.list(q);
  }

  async get(id: string, tenant: string | null): Promise<StoredShipment> {
    const s = await this.store.shipments.get(id, tenant);
    if (!s) throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${id}`, 'id');
    return s;
  }

  async drain(): Promise<void> {
    await this.writer.drain();
  }

  /** Calls `fn` after each group commit of single filings (its time in ms, its filings, written or failed); gives a remover. */
  observeCommits(fn: CommitObserver): () => void {
    return this.writer.observe(fn);
  }

  private async replay(tenant: string, key: string, hash: string): Promise<FileOneOutcome | null> {
    return replayOf(await this.store.shipments.findByIdempotencyKey(tenant, key), key, hash);
  }
}

/**
 * The key a line of a batch sent with Idempotency-Key `key` is filed under: `<key>#<line>`. Read
 * back at its last `#`, it names one batch key and one line, so lines of batches never share a key;
 * a single filing may not take a key of this form (assertSingleFilingKey), so neither can it take
 * a batch line's. (Kept as it was first written: stored keys of batches filed by earlier versions
 * must still answer their retries.)
 */
export function batchLineKey(key: string, line: number): string {
  return `${key}#${line}`;
}

/**
 * A single filing's Idempotency-Key may not end in `#` and digits, the form of a batch line's key
 * (batchLineKey): with `K#1` a filing would replay, or block, line 1 of a batch sent with key `K`.
 */
export function assertSingleFilingKey(key: string): void {
  if (/#[0-9]+$/.test(key))
    throw new Problem(
      'IDEMPOTENCY_KEY_INVALID',
      `Idempotency-Key "${key}" ends in "#" and digits, which names a line of a batch (<key>#<line>); use another key for a single filing`,
      'headers.idempotency-key',
    );
}

/** The earlier filing under an idempotency key as a replay; a different body is a conflict. */
function replayOf(earlier: StoredShipment | null, key: string, hash: string): FileOneOutcome | null {
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

/**
 * Runs one stage; a stage that breaks gives a finding instead of losing the filing (the risk
 * stage then sends it to an officer).
 */
/** What the filer hears of a stage that broke: which stage, and where operators find the rest. */
function stageFailed(stage: string, shipment: string): Finding {
  return {
    code: 'STAGE_FAILED',
    severity: 'warning',
    path: '',
    message: `the ${stage} stage could not check this filing; it is logged with the filing id ${shipment} and an officer will review it`,
    details: { stage },
  };
}
