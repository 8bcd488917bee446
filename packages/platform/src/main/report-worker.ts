/**
 * A worker thread of the benefit report: reads one part of the ledger (a range of sequence
 * numbers) and sends back what it gathered; the parent merges the parts and computes the report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from './store/open-store.js';
import { BenefitReportBuilder } from '../modules/trusted-trader/index.js';
import type { LedgerRange } from '../modules/trusted-trader/index.js';

export interface ReportWorkerData {
  readonly databaseUrl: string;
  readonly schema?: string | undefined;
  readonly range: LedgerRange;
  readonly costs: { readonly examUsdCents: number; readonly holdHourUsdCents: number };
}

const data = workerData as ReportWorkerData;
const store = await openStore({
  url: data.databaseUrl,
  poolSize: 1,
  ...(data.schema ? { schema: data.schema } : {}),
});
try {
  const b = new BenefitReportBuilder(data.costs);
  await store.ledger.each(data.range, (r) => b.add(r));
  const p = b.partial();
  parentPort!.postMessage(p, [
    p.baseCell.buffer as ArrayBuffer,
    p.baseHours.buffer as ArrayBuffer,
    ...p.groups.flatMap((g) => [
      g.hours.buffer as ArrayBuffer,
      g.cells.buffer as ArrayBuffer,
      g.weights.buffer as ArrayBuffer,
    ]),
  ]);
} finally {
  await store.close();
}
