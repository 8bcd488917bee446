#!/usr/bin/env node
/**
 * `npm run fuzz [-- --api-runs N --parser-runs N --jobs N]`: the fuzzers at length — every API operation
 * (main/api-fuzz.test.js, N cases per operation) and every parser (main/parsers-fuzz.test.js, N
 * cases per property) — and a report in var/fuzz-report.json: cases run, seconds, crashes, 5xx
 * answers, and the load average. The defaults total a million cases (1,000 per operation: 54,000
 * requests; 236,500 per parser property: 946,000 inputs); CI runs the same tests with 100 and
 * 1,250 (10,400 cases).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const apiRuns = arg('api-runs', 1_000);
const parserRuns = arg('parser-runs', 236_500);
const dist = join(root, 'packages', 'platform', 'dist', 'main');
const load = () => loadavg().map((l) => Number(l.toFixed(2)));

/** One fuzz test file in a process of its own: its exit status and what it printed. */
function spawned(file, runs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-timeout=0', join(dist, file)], {
      env: { ...process.env, TRADELANE_FUZZ_RUNS: String(runs) },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => resolve({ status, out }));
  });
}

/**
 * Runs one fuzz test file in `jobs` processes at once (each its share of the cases, each with its
 * own random seed); their `# fuzz <what> cases=N 5xx=N seconds=S` lines are summed.
 */
async function run(file, runs, jobs = 1) {
  const started = Date.now();
  const loadBefore = load();
  const each = Math.ceil(runs / jobs);
  const done = await Promise.all(Array.from({ length: jobs }, () => spawned(file, each)));
  const r = { status: done.every((d) => d.status === 0) ? 0 : 1 };
  const out = done.map((d) => d.out).join('\n');
  const count = (re) => Number(re.exec(out)?.[1] ?? 0);
  const measured = [...out.matchAll(/# fuzz \w+ cases=(\d+)(?: 5xx=(\d+))? seconds=([\d.]+)/g)];
  const cases = measured.reduce((n, m) => n + Number(m[1]), 0);
  // Processes that run at once share the wall clock: their seconds are summed per process.
  const fuzzSeconds = measured.reduce((n, m) => n + Number(m[3]), 0) / jobs;
  return {
    file,
    runs_per_property: each * jobs,
    processes: jobs,
    passed: r.status === 0,
    cases,
    status_5xx: measured.reduce((n, m) => n + Number(m[2] ?? 0), 0),
    tests_passed: count(/^# pass (\d+)/m),
    tests_failed: count(/^# fail (\d+)/m),
    seconds: Math.round((Date.now() - started) / 1000),
    fuzz_seconds: Math.round(fuzzSeconds),
    cases_per_second: fuzzSeconds > 0 ? Math.round(cases / fuzzSeconds) : null,
    load_average_before: loadBefore,
    load_average_after: load(),
    failures:
      r.status === 0
        ? []
        : out
            .split('\n')
            .filter((l) => /not ok|→|Counterexample/.test(l))
            .slice(0, 50),
  };
}

// --jobs N: the parser fuzzers in N processes, alongside the API fuzzer (N + 1 at once); without
// it, one file after the other in one process each.
const jobs = arg('jobs', 0);
const [api, parsers] =
  jobs > 0
    ? await Promise.all([run('api-fuzz.test.js', apiRuns), run('parsers-fuzz.test.js', parserRuns, jobs)])
    : [await run('api-fuzz.test.js', apiRuns), await run('parsers-fuzz.test.js', parserRuns)];
const report = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cases: api.cases + parsers.cases,
  crashes: api.tests_failed + parsers.tests_failed,
  status_5xx: api.status_5xx,
  api: {
    ...api,
    operations_note: 'every OpenAPI operation but the event stream, runs_per_property cases each',
  },
  parsers: { ...parsers, properties: 4 },
};
mkdirSync(join(root, 'var'), { recursive: true });
const file = join(root, 'var', 'fuzz-report.json');
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
console.log(
  `${report.cases} cases, ${report.crashes} crashes, ${report.status_5xx} 5xx. ` +
    `API: ${api.passed ? 'no 5xx' : 'FAILED'} (${api.cases} requests, ${api.seconds} s, ${api.cases_per_second}/s); ` +
    `parsers: ${parsers.passed ? 'no crash' : 'FAILED'} (${parsers.cases} inputs, ${parsers.seconds} s, ${parsers.cases_per_second}/s); ` +
    `load ${api.load_average_before.join(' ')} → ${parsers.load_average_after.join(' ')}. Report: ${file}`,
);
process.exit(api.passed && parsers.passed ? 0 : 1);
