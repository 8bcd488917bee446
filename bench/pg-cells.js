// What PostgreSQL's benefit-cell triggers (ADR 0033) cost a filing's write. The same filings,
// evaluated once by every stage in this process, are written through the store's own `insertMany`
// into two fresh PostgreSQL schemas: one as migrated (the triggers keep the cells in each write's
// transaction) and, as the baseline, one whose two cell triggers were dropped after migrating.
// Rounds alternate between the two, in both orders, so that the host's drift falls on both alike;
// each writes every filing once, with new ids, in transactions of BENCH_BATCH filings (50: a
// server's group commit under load; 1,000: a bulk chunk). Reported: wall ms per filing written
// (the client waits for PostgreSQL, so the triggers' time is in it), median of the rounds, and the
// median of the paired ratios; the same for the ledger's insert alone (appendLedger, BENCH_BATCH entries a
// transaction), the statement the triggers hang on. Checks that the cells kept by the triggers count every entry.
//   BENCH_N (5,000 filings) BENCH_ROUNDS (6) BENCH_BATCH (50) node bench/pg-cells.js
// Needs a build and PostgreSQL (TRADELANE_TEST_POSTGRES_URL).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT, SHARED_DATA, makeShipments, median, report } from './lib.js';
import { PG_URL, uniqueSchema } from '../packages/platform/dist/testing/support.js';
import { openStore } from '../packages/platform/dist/main/store/open-store.js';
import { loadConfig } from '../packages/platform/dist/platform/config/config.js';
import { createContainer } from '../packages/platform/dist/main/container.js';
import { appendLedger } from '../packages/platform/dist/modules/trusted-trader/db.js';

const N = Number(process.env.BENCH_N ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);

// The rows, evaluated once on an embedded store with the reference data.
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const db = join(out, 'pg-cells.db');
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
const config = loadConfig({
  ...process.env,
  TRADELANE_LOG_LEVEL: 'warn',
  TRADELANE_REFDATA_DIR: SHARED_DATA,
  TRADELANE_DATABASE_URL: `sqlite:${db}`,
});
const c = await createContainer(config, {});
const shipments = makeShipments(N, 7);
const chunk = c.filing.evaluateChunk(
  'bench',
  shipments.map((s, i) => ({ line: i + 1, value: s, raw: JSON.stringify(s) })),
);
await c.close();
const rows = chunk.rows;
const withLedger = rows.filter((r) => r.ledger).length;

const client = new pg.Client({ connectionString: PG_URL });
await client.connect();

/** A store in a schema of its own; without the cell triggers for the baseline. */
async function schemaStore(triggers) {
  const schema = uniqueSchema();
  const store = await openStore({ url: PG_URL, schema });
  if (!triggers)
    for (const t of ['benefit_ledger_cells', 'benefit_ledger_cells_update'])
      await client.query(`drop trigger ${t} on "${schema}".benefit_ledger`);
  return { schema, store, triggers, ms: [] };
}
const sides = [await schemaStore(true), await schemaStore(false)];

/** Every row once, with ids of this round, in transactions of BATCH rows: ms per row. */
async function writeAll(side, round) {
  const fresh = rows.map((r) => {
    const id = `${r.id}-${round}`;
    return {
      ...r,
      id,
      ...(r.decision ? { decision: { ...r.decision, shipmentId: id } } : {}),
      ...(r.ledger ? { ledger: { ...r.ledger, shipmentId: id } } : {}),
    };
  });
  const t0 = performance.now();
  for (let i = 0; i < fresh.length; i += BATCH)
    await side.store.shipments.insertMany(fresh.slice(i, i + BATCH));
  const whole = (performance.now() - t0) / fresh.length;
  // The ledger's insert alone (the statement the triggers hang on), in transactions of BATCH entries.
  const entries = fresh.flatMap((r) =>
    r.ledger ? [{ ...r.ledger, shipmentId: `${r.ledger.shipmentId}-l` }] : [],
  );
  const t1 = performance.now();
  for (let i = 0; i < entries.length; i += BATCH)
    await side.store.db.transaction().execute((trx) => appendLedger(trx, entries.slice(i, i + BATCH)));
  return { whole, ledger: (performance.now() - t1) / entries.length };
}

await writeAll(sides[0], 'warm');
await writeAll(sides[1], 'warm');
const ratios = { whole: [], ledger: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? sides : [...sides].reverse();
  for (const side of order) side.ms.push(await writeAll(side, r));
  for (const k of ['whole', 'ledger']) ratios[k].push(sides[0].ms[r][k] / sides[1].ms[r][k]);
  process.stderr.write(`round ${r + 1}: ${JSON.stringify(sides.map((s) => s.ms[r]))}\n`);
}

// The cells kept by the triggers count every ledger entry written (warm-up and rounds).
const { rows: cells } = await client.query(
  `select coalesce(sum(n), 0)::bigint as n, count(*)::int as cells from "${sides[0].schema}".benefit_cells`,
);
const { rows: entries } = await client.query(
  `select count(*)::bigint as n from "${sides[0].schema}".benefit_ledger`,
);
for (const s of sides) {
  await s.store.close();
  await client.query(`drop schema "${s.schema}" cascade`);
}
await client.end();

const ms = (side, k) => Number(median(side.ms.map((m) => m[k])).toFixed(4));
const rounds = (side, k) => side.ms.map((m) => Number(m[k].toFixed(4)));
report({
  bench: 'pg-cells',
  filings: rows.length,
  ledger_entries: withLedger,
  batch: BATCH,
  rounds: ROUNDS,
  ms_per_filing: ms(sides[0], 'whole'),
  ops_per_s: Math.round(1000 / ms(sides[0], 'whole')),
  rounds_ms: rounds(sides[0], 'whole'),
  ms_per_ledger_entry: ms(sides[0], 'ledger'),
  ledger_rounds_ms: rounds(sides[0], 'ledger'),
  baseline: {
    name: 'the same writes into a schema without the cell triggers, rounds alternating',
    ms_per_filing: ms(sides[1], 'whole'),
    rounds_ms: rounds(sides[1], 'whole'),
    ms_per_ledger_entry: ms(sides[1], 'ledger'),
    ledger_rounds_ms: rounds(sides[1], 'ledger'),
  },
  ratio_to_baseline: Number(median(ratios.whole).toFixed(3)),
  ratio_rounds: ratios.whole.map((x) => Number(x.toFixed(3))),
  ledger_ratio_to_baseline: Number(median(ratios.ledger).toFixed(3)),
  ledger_ratio_rounds: ratios.ledger.map((x) => Number(x.toFixed(3))),
  cells: cells[0].cells,
  cells_count_every_entry: Number(cells[0].n) === Number(entries[0].n),
  pass: null,
});
