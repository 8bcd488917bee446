// The HTTP benchmark's floor: a bare Fastify server answering POST /v1/shipments with a fixed
// filing result of the usual size (JSON body parsed, nothing checked, nothing stored). What our
// server takes beyond this, at the same rate on the same core, is ours to close.
// Prints "listening on URL"; GET /stats gives its own (server-side) latency percentiles in ms.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
// A typical answer: an accepted low-value parcel with its de minimis warning and a lane (~1.2 KB).
const answer = {
  id: 'shp_01KBXXXXXXXXXXXXXXXXXXXXXX',
  reference: 'AWB-99-1234',
  status: 'accepted',
  findings: [
    {
      code: 'DE_MINIMIS_SUSPENDED',
      severity: 'warning',
      path: 'type',
      message:
        'de minimis is suspended on 2026-12-06 for origin CN (Executive Order 14324 (de minimis suspended for all countries)); duties and fees apply and the goods need an informal or formal entry',
      details: { policy: 'de-minimis/2025-08-29', from: '2025-08-29' },
    },
    {
      code: 'PGA_INFERRED_INTEREST',
      severity: 'info',
      path: 'lines[0].hts',
      message:
        'no CBP flag is loaded for 1806207700; FDA likely has an interest: cocoa preparations are food; check the agency flags in ACE for this number before filing',
      details: {
        agency: 'FDA',
        program: 'Food (Prior Notice)',
        basis: 'inferred',
        flags: [{ code: null, requirement: 'unknown', meaning: 'inferred: cocoa preparations are food' }],
        allowed_disclaims: [],
        recommendation: { action: 'file_or_disclaim', reasons: ['check the agency flags in ACE'] },
      },
    },
  ],
  lane: 'green',
  score: 0,
  signals: [],
  holds: [],
};
const latencies = [];
app.addHook('onRequest', async (req) => {
  req.t0 = performance.now();
});
app.addHook('onResponse', async (req) => {
  if (req.method === 'POST') latencies.push(performance.now() - req.t0);
});
app.post('/v1/shipments', async (_req, reply) => reply.code(201).send(answer));
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/stats', async () => {
  const s = latencies.slice().sort((a, b) => a - b);
  const p = (q) => (s.length ? Number(s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(3)) : null);
  return { requests: s.length, p50_ms: p(0.5), p99_ms: p(0.99), max_ms: p(1) };
});
const url = await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening on ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
