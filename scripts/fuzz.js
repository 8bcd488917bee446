#!/usr/bin/env node
/**
 * `npm run fuzz [-- --api-runs N --parser-runs N]`: the fuzzers at length — every API operation
 * (main/api-fuzz.test.js, N cases per operation) and every parser (main/parsers-fuzz.test.js, N
 * cases per property) — and a report in var/fuzz-report.json: cases run, crashes, 5xx answers.
 * The defaults total about a million cases; CI runs the same tests with small counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const apiRuns = arg('api-runs', 10_000);
const parserRuns = arg('parser-runs', 100_000);
const dist = join(root, 'packages', 'platform', 'dist', 'main');

function run(file, runs) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--test', '--test-timeout=0', join(dist, file)], {
    env: { ...process.env, TRADELANE_FUZZ_RUNS: String(runs) },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = r.stdout + r.stderr;
  const count = (re) => Number(re.exec(out)?.[1] ?? 0);
  return {
    file,
    runs_per_property: runs,
    passed: r.status === 0,
    tests_passed: count(/^# pass (\d+)/m),
    tests_failed: count(/^# fail (\d+)/m),
    seconds: Math.round((Date.now() - started) / 1000),
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
  api: {
    ...api,
    operations_note: 'every OpenAPI operation but the event stream, runs_per_property cases each',
  },
  parsers: { ...parsers, properties: 4 },
  crashes: api.tests_failed + parsers.tests_failed,
};
mkdirSync(join(root, 'var'), { recursive: true });
const file = join(root, 'var', 'fuzz-report.json');
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
console.log(
  `API: ${api.passed ? 'no 5xx' : 'FAILED'} (${apiRuns} cases per operation, ${api.seconds} s); ` +
    `parsers: ${parsers.passed ? 'no crash' : 'FAILED'} (${parserRuns} cases per property, ${parsers.seconds} s). Report: ${file}`,
);
process.exit(api.passed && parsers.passed ? 0 : 1);
