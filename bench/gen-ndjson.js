// Writes N synthetic shipments as NDJSON: node bench/gen-ndjson.js N FILE [OFFSET]
// OFFSET (default 0) numbers them from there (references and draws), so that files made with
// successive offsets hold different shipments, as if cut from one larger file.
import { createWriteStream } from 'node:fs';
import { makeShipments } from './lib.js';

const n = Number(process.argv[2] ?? 1_000_000);
const file = process.argv[3] ?? 'bench/out/shipments.ndjson';
const offset = Number(process.argv[4] ?? 0);
const out = createWriteStream(file);
const CHUNK = 10_000;
for (let done = offset; done < offset + n; done += CHUNK) {
  const part = makeShipments(Math.min(CHUNK, offset + n - done), 1000 + done / CHUNK).map((s, i) => {
    s.reference = `${s.reference}-${done + i}`;
    return JSON.stringify(s);
  });
  if (!out.write(part.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
}
out.end();
await new Promise((r) => out.once('finish', r));
