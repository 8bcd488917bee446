import { hasErrors, type Finding } from '../domain/finding.js';
import { Problem } from '../domain/problem.js';
import { parseShipment, type ShapeIssue } from '../domain/shipment.js';
import { validateShipment } from '../domain/validate-shipment.js';
import type { Clock, Crypto, IdGenerator } from '../ports/clock.js';
import type { FilingStatus, StoredShipment } from '../ports/shipment-repository.js';
import type { Store } from '../ports/store.js';
import type { ReferenceService } from './reference-service.js';
import { ShipmentWriter } from './shipment-writer.js';

export interface FilingResult {
  readonly id: string;
  readonly reference: string;
  readonly status: FilingStatus;
  readonly findings: readonly Finding[];
}

export interface FileOneOutcome {
  readonly result: FilingResult;
  /** True when an earlier filing with the same idempotency key and body was returned. */
  readonly replayed: boolean;
}

/** One item of a bulk filing: a parsed value, or a line that could not be parsed at all. */
export type BulkItem =
  | { readonly line: number; readonly value: unknown }
  | { readonly line: number; readonly problem: { code: string; message: string; path: string } };

export type BulkResult =
  | ({ readonly line: number } & FilingResult)
  | {
      readonly line: number;
      readonly reference?: string;
      readonly error: { code: string; message: string; path: string; details?: unknown };
    };

export const toResult = (s: StoredShipment): FilingResult => ({
  id: s.id,
  reference: s.reference,
  status: s.status,
  findings: s.findings,
});

export function shapeProblem(issues: readonly ShapeIssue[]): Problem {
  const first = issues[0]!;
  return new Problem(first.code, `${first.path || 'body'}: ${first.message}`, first.path, { issues });
}

/** The filing use case: parse, run the pipeline stages, persist, announce (outbox). */
export class FilingService {
  private readonly writer: ShipmentWriter;

  constructor(
    private readonly store: Store,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly crypto: Crypto,
  ) {
    this.writer = new ShipmentWriter(store.shipments);
  }

  /** Runs the stages on one filing; throws a Problem for a malformed one. Does not persist. */
  evaluate(
    tenant: string,
    body: unknown,
    idempotencyKey: string | null = null,
    requestHash: string | null = null,
  ): StoredShipment {
    if (!this.reference.isReady()) {
      throw new Problem(
        'REFDATA_NOT_READY',
        'no HTSUS edition is loaded: run `tradelane refdata import` or `refdata sync`',
      );
    }
    const parsed = parseShipment(body);
    if (!parsed.ok) throw shapeProblem(parsed.issues);
    const s = parsed.shipment;
    const now = this.clock.now();
    const ref = this.reference.current();
    const findings = validateShipment(s, { ref, today: now.slice(0, 10) });
    return {
      id: this.ids.next('shp'),
      tenant,
      reference: s.reference,
      type: s.type,
      status: hasErrors(findings) ? 'rejected' : 'accepted',
      revision: 1,
      arrivalDate: s.transport.arrival_date,
      shipment: s,
      findings,
      versions: ref.versions,
      idempotencyKey,
      requestHash,
      createdAt: now,
    };
  }

  /** Files one shipment. Same idempotency key and body → the earlier result; other body → conflict. */
  async fileOne(tenant: string, body: unknown, idempotencyKey: string | null): Promise<FileOneOutcome> {
    const hash = idempotencyKey === null ? null : this.crypto.sha256(JSON.stringify(body));
    if (idempotencyKey !== null) {
      const earlier = await this.replay(tenant, idempotencyKey, hash!);
      if (earlier) return earlier;
    }
    const row = this.evaluate(tenant, body, idempotencyKey, hash);
    const inserted = await this.writer.write(row);
    if (!inserted) {
      // Lost a race with a concurrent request carrying the same key.
      const earlier = await this.replay(tenant, idempotencyKey!, hash!);
      if (earlier) return earlier;
      throw new Error('idempotent insert was refused but no earlier filing exists');
    }
    return { result: toResult(row), replayed: false };
  }

  /**
   * Files a stream of shipments, `chunk` at a time, each chunk in one transaction; yields one result
   * per item in input order. A bad item yields an error result and does not stop the others.
   */
  async *fileMany(tenant: string, items: AsyncIterable<BulkItem>, chunk = 500): AsyncGenerator<BulkResult> {
    let pending: { line: number; row?: StoredShipment; error?: BulkResult }[] = [];
    const flush = async function* (this: FilingService): AsyncGenerator<BulkResult> {
      const rows = pending.filter((p) => p.row).map((p) => p.row!);
      if (rows.length > 0) await this.store.shipments.insertMany(rows);
      for (const p of pending) yield p.error ?? { line: p.line, ...toResult(p.row!) };
      pending = [];
    }.bind(this);
    for await (const item of items) {
      if ('problem' in item) {
        pending.push({ line: item.line, error: { line: item.line, error: item.problem } });
      } else {
        try {
          pending.push({ line: item.line, row: this.evaluate(tenant, item.value) });
        } catch (e) {
          if (!(e instanceof Problem)) throw e;
          const reference = referenceOf(item.value);
          pending.push({
            line: item.line,
            error: {
              line: item.line,
              ...(reference ? { reference } : {}),
              error: {
                code: e.code,
                message: e.message,
                path: e.path,
                ...(e.details ? { details: e.details } : {}),
              },
            },
          });
        }
      }
      if (pending.length >= chunk) yield* flush();
    }
    yield* flush();
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

function referenceOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'reference' in value) {
    const r = (value as { reference: unknown }).reference;
    if (typeof r === 'string') return r;
  }
  return undefined;
}
