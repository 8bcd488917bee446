// Faults during a large batch, with real processes (issue 19). One `tradelane serve --no-workers`
// files N shipments (NDJSON batches of 5,000 through POST /v1/shipments:batch) on PostgreSQL (a
// schema of its own) while a `tradelane worker` relays the outbox to NATS, resolves parties and
// delivers a webhook. At KILLS random points of the batch:
//   FAULT=worker  the worker is killed with SIGKILL and a new one started (shared NATS, own prefix);
//   FAULT=nats    a private nats-server (JetStream on a temporary folder) is killed with SIGKILL and
//                 started again on the same port and folder.
// Then, once the background work has caught up: every acknowledged filing is stored once, no
// decision is stored twice, every filing's outbox event is published, its parties resolved and its
// webhook event delivered (duplicates counted: at-least-once), and `tradelane audit verify` passes.
// Prints one JSON line; exits 1 when a check fails.
//   FAULT=worker N=100000 KILLS=20 nice -n 5 node scripts/fault-kill.js
// Needs a build (npx tsc -b packages/platform), PostgreSQL (TRADELANE_TEST_POSTGRES_URL) and, for
// FAULT=worker, NATS (TRADELANE_TEST_NATS_URL); FAULT=nats needs nats-server on the PATH.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import pg from 'pg';
import { Processes } from '../packages/platform/dist/testing/processes.js';
import { freePort } from '../packages/platform/dist/testing/private-postgres.js';
import { removeRun, repeatedPartiesLine, startFiling } from '../packages/platform/dist/testing/filing-run.js';
import {
  NATS_URL,
  PG_URL,
  tempDir,
  uniquePrefix,
  uniqueSchema,
} from '../packages/platform/dist/testing/support.js';

const FAULT = process.env.FAULT ?? 'worker';
const N = Number(process.env.N ?? 100_000);
const KILLS = Number(process.env.KILLS ?? 20);
const BATCH = Number(process.env.BATCH ?? 5_000);
const DEADLINE_MS = Number(process.env.DEADLINE_MS ?? 30 * 60_000);
if (!['worker', 'nats'].includes(FAULT)) throw new Error(`FAULT=${FAULT}: worker or nats`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, check, ms = DEADLINE_MS, every = 500) {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}
const portOpen = (port) =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** A private nats-server with JetStream in a folder of its own (kept across restarts). */
async function privateNats() {
  const port = await freePort();
  const dir = tempDir('tl-nats');
  let proc = null;
  const start = async () => {
    proc = spawn('nats-server', ['-p', String(port), '-a', '127.0.0.1', '-js', '-sd', dir], {
      stdio: 'ignore',
    });
    await until('nats-server listening', () => portOpen(port), 30_000, 50);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    async restart() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
      await start();
    },
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** Shipments with a few sellers and consignees repeated (parties resolved, parcels counted). */
const line = (i) => repeatedPartiesLine('KILL', 'Fault Seller', i);

const t0 = performance.now();
const load = [loadavg()[0]];
const schema = uniqueSchema();
const nats = FAULT === 'nats' ? await privateNats() : null;
const prefix = uniquePrefix('tlkill');
const env = {
  TRADELANE_DATABASE_URL: PG_URL,
  TRADELANE_DATABASE_SCHEMA: schema,
  TRADELANE_BUS_URL: nats?.url ?? NATS_URL,
  TRADELANE_BUS_PREFIX: prefix,
  TRADELANE_BUS_ACK_WAIT_MS: '5000',
  TRADELANE_OUTBOX_POLL_MS: '100',
  TRADELANE_REFDATA_POLL_MS: '0',
  TRADELANE_LOG_LEVEL: 'warn',
  TRADELANE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
};
const p = new Processes(env);
const db = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
const deliveries = new Map();
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const ev = String(req.headers['x-tradelane-event']);
    deliveries.set(ev, (deliveries.get(ev) ?? 0) + 1);
    res.writeHead(200).end();
  });
});
const result = { fault: FAULT, shipments: N, kills: 0 };
let ok = false;
try {
  const { key, base } = await startFiling(p, 'kill', ['--no-workers']);
  const headers = { authorization: `Bearer ${key}` };
  await db.connect();
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  let worker = (await p.start(['worker'], /worker running/)).proc;
  const reg = await fetch(`${base}/v1/webhooks`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      url: `http://127.0.0.1:${receiver.address().port}/hook`,
      events: ['shipment.decided'],
    }),
  });
  if (reg.status !== 201) throw new Error(`webhook: ${reg.status} ${await reg.text()}`);

  // The fault, at KILLS random points of the batch (by filings answered), one at a time.
  const points = Array.from({ length: KILLS }, () => Math.floor(Math.random() * N)).sort((a, b) => a - b);
  let faulting = Promise.resolve();
  const fault = async () => {
    if (FAULT === 'worker') {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGKILL');
      await exited;
      worker = (await p.start(['worker'], /worker running/)).proc;
    } else await nats.restart();
    result.kills++;
  };

  const acked = new Map(); // reference → id
  let answered = 0;
  const batchT0 = performance.now();
  for (let from = 0; from < N; from += BATCH) {
    const to = Math.min(N, from + BATCH);
    const body = Array.from({ length: to - from }, (_, k) => line(from + k)).join('\n') + '\n';
    const r = await fetch(`${base}/v1/shipments:batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-ndjson', 'idempotency-key': `kill-${from}` },
      body,
    });
    if (r.status !== 200) throw new Error(`batch ${from}: ${r.status} ${await r.text()}`);
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buf += value;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const text = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!text.trim()) continue;
        const res = JSON.parse(text);
        answered++;
        if (res.id) acked.set(res.reference, res.id);
        while (points.length > 0 && answered >= points[0]) {
          points.shift();
          faulting = faulting.then(fault);
        }
      }
    }
    load.push(loadavg()[0]);
  }
  await faulting;
  result.acknowledged = acked.size;
  result.batch_s = Math.round((performance.now() - batchT0) / 100) / 10;
  result.filings_per_s = Math.round(N / result.batch_s);

  const count = async (q) => Number((await db.query(q)).rows[0].n);
  await until(
    'the outbox published',
    async () => (await count(`select count(*) as n from outbox where published_at is null`)) === 0,
  );
  const stored = await count(`select count(*) as n from shipments where tenant = 'kill'`);
  await until(
    "every filing's parties resolved",
    async () => (await count(`select count(distinct shipment_id) as n from party_links`)) >= stored,
  );
  const ids = (await db.query(`select id from shipments where tenant = 'kill'`)).rows.map((r) => r.id);
  await until('every webhook event delivered', () => ids.every((id) => deliveries.has(`${id}@1:decided`)));

  const dupRefs = await count(
    `select count(*) as n from (select reference from shipments where tenant = 'kill' group by reference having count(*) > 1) d`,
  );
  const storedRefs = new Map(
    (await db.query(`select reference, id from shipments where tenant = 'kill'`)).rows.map((r) => [
      r.reference,
      r.id,
    ]),
  );
  result.acknowledged_missing = [...acked].filter(([ref, id]) => storedRefs.get(ref) !== id).length;
  result.stored = stored;
  result.stored_twice = dupRefs;
  result.decisions_twice = await count(
    `select count(*) as n from (select shipment_id from decisions group by shipment_id, revision having count(*) > 1) d`,
  );
  result.party_links_twice = await count(
    `select count(*) as n from (select shipment_id from party_links group by shipment_id, party_index having count(*) > 1) d`,
  );
  result.entities_twice = await count(
    `select count(*) as n from (select upper(name) from entities group by upper(name), address having count(*) > 1) d`,
  );
  result.caught_up_s = Math.round((performance.now() - batchT0) / 100) / 10 - result.batch_s;
  result.webhook_events = deliveries.size;
  result.webhook_posted_twice = [...deliveries.values()].filter((n) => n > 1).length;
  p.cli(['audit', 'verify']);
  result.audit_verify = 'ok';
  ok =
    result.kills === KILLS &&
    result.acknowledged === N &&
    result.acknowledged_missing === 0 &&
    result.stored_twice === 0 &&
    result.decisions_twice === 0 &&
    result.party_links_twice === 0 &&
    result.entities_twice === 0 &&
    result.webhook_events === stored;
} catch (e) {
  result.error = e.message.slice(0, 2000);
} finally {
  result.total_s = Math.round((performance.now() - t0) / 100) / 10;
  result.load_avg = { start: load[0], max: Math.max(...load), end: loadavg()[0] };
  result.ok = ok;
  const slow = await p.stopAll();
  if (slow.length) result.slow_to_stop = slow;
  receiver.closeAllConnections();
  receiver.close();
  await removeRun(db, schema, nats ? null : { url: NATS_URL, prefix });
  if (nats) await nats.stop();
  console.log(JSON.stringify(result));
  process.exitCode = ok ? 0 : 1;
}
