/**
 * PostgreSQL down under load, with real processes and a cluster of the test's own (the shared one
 * stays up): a `tradelane serve` files a stream of shipments; the cluster is stopped as a crash
 * would (`pg_ctl stop -m immediate`). While it is down every answer is 503 DATABASE_UNAVAILABLE
 * with `Retry-After` (no 500, none later than a bound); started again, the same server process
 * files again by itself (and `/readyz`, 503 with its reason while the database was down, is 200
 * again); every filing answered 201 is stored once, and filings answered 503,
 * retried with their Idempotency-Key, are stored once too. `audit verify` passes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { LISTENING, Processes } from '../testing/processes.js';
import { PrivatePostgres, postgresBin } from '../testing/private-postgres.js';
import { fixtureDir, sampleShipment, until } from '../testing/support.js';

/** No answer may take longer than this, outage or not (the pool's connect timeout is 5 s). */
const BOUND_MS = 8_000;
const bin = postgresBin();

interface Answer {
  readonly ref: string;
  readonly status: number;
  readonly code?: string | undefined;
  readonly retryAfter: string | null;
  readonly ms: number;
  readonly phase: 'up' | 'down' | 'restarted';
}

describe(
  'PostgreSQL down under load: 503 with Retry-After, recovery without a restart, nothing lost',
  { skip: !bin && 'no PostgreSQL server programs (initdb) on this machine' },
  () => {
    let cluster: PrivatePostgres;
    let p: Processes;
    let base = '';
    let key = '';
    let serverOutput = () => '';

    before(async () => {
      cluster = await PrivatePostgres.create(bin!);
      p = new Processes({
        TRADELANE_DATABASE_URL: cluster.url,
        TRADELANE_REFDATA_POLL_MS: '1000', // its polling goes on through the outage too
        TRADELANE_OUTBOX_POLL_MS: '50',
        TRADELANE_LOG_LEVEL: 'info',
      });
      p.cli(['refdata', 'import', '--dir', fixtureDir()]);
      key = p.cli(['keys', 'create', '--tenant', 'outage', '--role', 'filer']).trim().split('\n').pop()!;
      const server = await p.start(['serve', '--port', '0'], LISTENING);
      base = server.line;
      serverOutput = server.output;
    });

    after(async () => {
      const slow = await p?.stopAll();
      cluster?.destroy();
      assert.deepEqual(slow ?? [], [], 'the server stops on SIGTERM');
    });

    it('answers 503 + Retry-After while it is down, recovers by itself and loses nothing', async (t) => {
      let phase: Answer['phase'] = 'up';
      const answers: Answer[] = [];
      const acked = new Map<string, string>(); // reference → id
      const file = async (ref: string): Promise<Answer> => {
        const t0 = performance.now();
        const at = phase;
        const r = await fetch(`${base}/v1/shipments`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'idempotency-key': ref,
          },
          body: JSON.stringify(sampleShipment({ reference: ref })),
          signal: AbortSignal.timeout(BOUND_MS * 2),
        }).catch((e: unknown) => e as Error);
        if (r instanceof Error)
          return { ref, status: 0, code: r.message, retryAfter: null, ms: performance.now() - t0, phase: at };
        const body = (await r.json()) as { id?: string; code?: string };
        if (r.status === 201) acked.set(ref, body.id!);
        return {
          ref,
          status: r.status,
          code: body.code,
          retryAfter: r.headers.get('retry-after'),
          ms: performance.now() - t0,
          phase: at,
        };
      };
      let n = 0;
      let stop = false;
      const lanes = Array.from({ length: 4 }, async () => {
        while (!stop) answers.push(await file(`OUT-${n++}`));
      });
      const count = (f: (a: Answer) => boolean) => answers.filter(f).length;
      let downAt = 0;
      let restartedAt = 0;
      let readyWhileDown: Record<string, unknown> = {};

      try {
        await until(
          'filings accepted before the outage',
          () => count((a) => a.status === 201) >= 30,
          60_000,
          50,
        );
        cluster.crash();
        phase = 'down';
        downAt = answers.length;
        await until(
          '503s while PostgreSQL is down',
          () => count((a) => a.phase === 'down' && a.status === 503) >= 20,
          60_000,
          50,
        );
        // A load balancer asking /readyz takes the server out while the database is down.
        const down = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(BOUND_MS * 2) });
        const downBody = (await down.json()) as { checks: { database: string }; reasons: string[] };
        readyWhileDown = { ...downBody, http: down.status, retryAfter: down.headers.get('retry-after') };
        phase = 'restarted';
        cluster.start();
        restartedAt = answers.length;
        await until(
          'filings accepted again by the same process',
          () => answers.slice(restartedAt).filter((a) => a.status === 201).length >= 30,
          60_000,
          50,
        );
        await until('/readyz 200 again', async () => (await fetch(`${base}/readyz`)).status === 200);
      } finally {
        // The load stops whatever happened (a failed wait must not leave it running).
        stop = true;
        await Promise.all(lanes);
      }

      assert.equal(readyWhileDown.http, 503, JSON.stringify(readyWhileDown));
      assert.equal((readyWhileDown.checks as { database: string }).database, 'down');
      assert.deepEqual(readyWhileDown.reasons, ['the database is unreachable']);
      assert.equal(readyWhileDown.retryAfter, '2');
      const down = answers.slice(downAt, restartedAt);
      const odd = answers.filter((a) => a.status !== 201 && a.status !== 503);
      assert.deepEqual(odd.slice(0, 5), [], `only 201 or 503, never 500: ${serverOutput().slice(-3000)}`);
      for (const a of answers.filter((x) => x.status === 503)) {
        assert.equal(a.code, 'DATABASE_UNAVAILABLE', a.ref);
        assert.ok(Number(a.retryAfter) >= 1, `${a.ref}: Retry-After ${a.retryAfter}`);
      }
      const slowest = Math.max(...answers.map((a) => a.ms));
      assert.ok(slowest < BOUND_MS, `every answer within ${BOUND_MS} ms (slowest ${Math.round(slowest)})`);
      assert.ok(down.filter((a) => a.status === 503).length >= 20, 'answered while down, not left hanging');
      const refused = answers.filter((a) => a.status === 503).map((a) => a.ref);

      // A filer retries what was refused, with the same Idempotency-Key: each filed once.
      for (const ref of refused) assert.equal((await file(ref)).status, 201, ref);

      const db = new pg.Client({ connectionString: cluster.url });
      await db.connect();
      try {
        const rows = (
          await db.query<{ reference: string; n: string; id: string }>(
            `select reference, count(*) as n, min(id) as id from shipments where tenant = 'outage' group by reference`,
          )
        ).rows;
        const stored = new Map(rows.map((r) => [r.reference, r]));
        for (const [ref, id] of acked) {
          assert.equal(Number(stored.get(ref)?.n), 1, `${ref} stored once`);
          assert.equal(stored.get(ref)!.id, id, `${ref} is the filing acknowledged`);
        }
        const twice = rows.filter((r) => Number(r.n) > 1);
        assert.deepEqual(twice, [], 'no filing stored twice');
        const decisions = await db.query<{ n: string }>(
          `select count(*) as n from (select shipment_id from decisions group by shipment_id, revision having count(*) > 1) d`,
        );
        assert.equal(Number(decisions.rows[0]!.n), 0, 'no decision twice');
        t.diagnostic(
          `answers ${answers.length} (${count((a) => a.status === 201)} × 201, ${refused.length} × 503), down for ${down.length}; stored ${rows.length}; slowest ${Math.round(slowest)} ms`,
        );
      } finally {
        await db.end();
      }
      // The server's own metrics still answer (the process lived through it); the chain verifies.
      assert.equal((await fetch(`${base}/metrics`)).status, 200);
      p.cli(['audit', 'verify']);
    });
  },
);
