// Writes N synthetic shipments as NDJSON: node bench/gen-ndjson.js N FILE
import { createWriteStream } from 'node:fs';
import { makeShipments } from './lib.js';

const n = Number(process.argv[2] ?? 1_000_000);
const file = process.argv[3] ?? 'bench/out/shipments.ndjson';
const out = createWriteStream(file);
const CHUNK = 10_000;
for (let done = 0; done < n; done += CHUNK) {
  const part = makeShipments(Math.min(CHUNK, n - done), 1000 + done / CHUNK).map((s, i) => {
    s.reference = `${s.reference}-${done + i}`;
    return JSON.stringify(s);
  });
  if (!out.write(part.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
}
out.end();
await new Promise((r) => out.once('finish', r));
