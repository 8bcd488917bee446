// Where a process's time went, from a V8 CPU profile (`node --cpu-prof`, a .cpuprofile file):
// self and inclusive milliseconds per function (recursion counted once per sample), and per area
// (idle, GC, our code by module, each dependency). Prints a table; with --json, one JSON line.
// With --last-ms N only the profile's last N ms count (a server's steady load, not its start).
//   node bench/cpuprofile.js PROFILE.cpuprofile [--top 40] [--last-ms N] [--json]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file) {
  process.stderr.write('usage: node bench/cpuprofile.js PROFILE.cpuprofile [--top N] [--json]\n');
  process.exit(2);
}
const topAt = args.indexOf('--top');
const TOP = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const lastAt = args.indexOf('--last-ms');
const LAST_MS = lastAt >= 0 ? Number(args[lastAt + 1]) : Infinity;
const profile = JSON.parse(readFileSync(file, 'utf8'));

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** A function's name: name, file (from packages/ or node_modules/ on) and line. */
const where = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'node_modules/')
    .replace(/^.*\/packages\/platform\/dist\//, '');
const fnKey = (cf) => `${cf.functionName || '(anonymous)'} ${where(cf.url)}:${cf.lineNumber + 1}`;
/** An area: V8's own entries, node internals, a dependency, or our module. */
function area(cf) {
  if (cf.functionName.startsWith('(') && !cf.url) return cf.functionName;
  const u = where(cf.url);
  if (!u) return '(native)';
  if (u.startsWith('node:')) return 'node internals';
  const dep = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (dep) return dep[1];
  const mod = /^(modules\/[^/]+|platform\/[^/]+|main|kernel)/.exec(u);
  return mod ? mod[1] : u;
}

const self = new Map();
const incl = new Map();
const areaSelf = new Map();
let total = 0;
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const { samples, timeDeltas } = profile;
/** Each sample's time since the profile began, in ms, for the --last-ms window. */
const at = [];
for (let i = 0, t = 0; i < samples.length; i++) at.push((t += timeDeltas[i] ?? 0) / 1000);
const from = (profile.endTime - profile.startTime) / 1000 - LAST_MS;
for (let i = 0; i < samples.length; i++) {
  const ms = (timeDeltas[i + 1] ?? 0) / 1000; // a sample's time: until the next one
  if (ms <= 0 || at[i] < from) continue;
  total += ms;
  const leaf = nodes.get(samples[i]);
  add(self, fnKey(leaf.callFrame), ms);
  add(areaSelf, area(leaf.callFrame), ms);
  const seen = new Set();
  for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
    const k = fnKey(nodes.get(id).callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    add(incl, k, ms);
  }
}

const round = (x) => Math.round(x);
const pct = (x) => `${((100 * x) / total).toFixed(1)}%`;
const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
const idle = areaSelf.get('(idle)') ?? 0;
const result = {
  profile: file,
  wall_ms: round((profile.endTime - profile.startTime) / 1000),
  sampled_ms: round(total),
  idle_ms: round(idle),
  busy_ms: round(total - idle),
  areas: sorted(areaSelf).map(([k, v]) => ({ area: k, self_ms: round(v) })),
  self: sorted(self)
    .slice(0, TOP)
    .map(([k, v]) => ({ fn: k, self_ms: round(v) })),
  inclusive: sorted(incl)
    .slice(0, TOP)
    .map(([k, v]) => ({ fn: k, ms: round(v) })),
};
if (args.includes('--json')) {
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  const out = [
    `${file}: ${result.wall_ms} ms wall, ${result.sampled_ms} ms sampled, idle ${result.idle_ms} ms (${pct(idle)}), busy ${result.busy_ms} ms`,
    '',
    'self time by area:',
    ...result.areas.map(
      (a) => `  ${String(a.self_ms).padStart(8)} ms ${pct(a.self_ms).padStart(6)}  ${a.area}`,
    ),
    '',
    `self time, top ${TOP}:`,
    ...result.self.map((f) => `  ${String(f.self_ms).padStart(8)} ms ${pct(f.self_ms).padStart(6)}  ${f.fn}`),
    '',
    `inclusive time, top ${TOP}:`,
    ...result.inclusive.map((f) => `  ${String(f.ms).padStart(8)} ms ${pct(f.ms).padStart(6)}  ${f.fn}`),
  ];
  process.stdout.write(out.join('\n') + '\n');
}
