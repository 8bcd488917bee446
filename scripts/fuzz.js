#!/usr/bin/env node
/**
 * `npm run fuzz [-- --api-runs N --parser-runs N]`: the fuzzers at length — every API operation
 * (main/api-fuzz.test.js, N cases per operation) and every parser (main/parsers-fuzz.test.js, N
 * cases per property) — and a report in var/fuzz-report.json: cases run, seconds, crashes, 5xx
 * answers, and the load average. The defaults total about a million cases (3,000 per operation,
 * about 162,000 requests; 210,000 per parser property, 840,000 inputs); CI runs the same tests
 * with 100 and 1,250 (about 10,000 cases).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const apiRuns = arg('api-runs', 3_000);
const parserRuns = arg('parser-runs', 210_000);
const dist = join(root, 'packages', 'platform', 'dist', 'main');
const load = () => loadavg().map((l) => Number(l.toFixed(2)));

/** Runs one fuzz test file; its `# fuzz <what> cases=N 5xx=N seconds=S` lines are summed. */
function run(file, runs) {
  const started = Date.now();
  const loadBefore = load();
  const r = spawnSync(process.execPath, ['--test', '--test-timeout=0', join(dist, file)], {
    env: { ...process.env, TRADELANE_FUZZ_RUNS: String(runs) },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = r.stdout + r.stderr;
  const count = (re) => Number(re.exec(out)?.[1] ?? 0);
  const measured = [...out.matchAll(/# fuzz \w+ cases=(\d+)(?: 5xx=(\d+))? seconds=([\d.]+)/g)];
  const cases = measured.reduce((n, m) => n + Number(m[1]), 0);
  const fuzzSeconds = measured.reduce((n, m) => n + Number(m[3]), 0);
  return {
    file,
    runs_per_property: runs,
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

const api = run('api-fuzz.test.js', apiRuns);
const parsers = run('parsers-fuzz.test.js', parserRuns);
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
