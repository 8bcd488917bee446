/**
 * End to end, as a newcomer meets the command: exit codes, one-line errors, the summary of bulk
 * work, JSON documents where NDJSON is expected, `doctor`, and what `serve` says at start and stop.
 * Real processes on temporary databases.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CLI, refdataDir, runCli, tempDir, tempSqliteUrl } from '../testing/support.js';

const cli = runCli;

const SUMMARY =
  /^filed for tenant (\S+): (\d+) accepted, (\d+) rejected, (\d+) malformed in \d+\.\d s \([\d,]+\/s\)$/m;
const NO_STACK = /\n\s+at /;

describe('tradelane for a newcomer', () => {
  const dir = tempDir('tl-newcomer');
  const empty = { TRADELANE_DATABASE_URL: tempSqliteUrl(), TRADELANE_PORT: '18233' };
  const data = { TRADELANE_DATABASE_URL: tempSqliteUrl(), TRADELANE_PORT: '18233' };
  before(() => {
    const r = cli(['refdata', 'import', '--dir', refdataDir()], data);
    assert.equal(r.code, 0, r.stderr);
  });

  it('documents its exit codes, the default tenant and examples in --help', () => {
    const top = cli(['--help'], empty);
    assert.equal(top.code, 0);
    assert.match(
      top.stdout,
      /Exit codes:\n {2}0 .*\n {2}1 .*rejected or malformed.*\n {2}2 .*usage or setup/,
    );
    assert.match(top.stdout, /tenant "local"/);
    const file = cli(['file', '--help'], empty);
    assert.equal(file.code, 0);
    assert.match(file.stdout, /--tenant <id> .*\(default: "local"\)/);
    assert.match(file.stdout, /Examples .*:\n {2}tradelane file --template ndjson/);
    const usage = cli(['file', '--bogus'], empty);
    assert.equal(usage.code, 2, 'a usage error');
    assert.match(usage.stderr, /unknown option '--bogus'/);
  });

  it('files: 0 when all accepted, 1 when some were rejected or malformed, a summary on stderr', () => {
    const template = cli(['file', '--template', 'ndjson'], empty);
    assert.equal(template.code, 0, template.stderr);
    const ok = cli(['file', '-', '--tenant', 'acme', '--workers', '0'], data, template.stdout);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(SUMMARY.exec(ok.stderr)?.slice(1), ['acme', '1', '0', '0']);

    // A pretty-printed document, as an editor writes it: one shipment.
    const shipment = JSON.parse(template.stdout) as { reference: string; lines: { hts: string }[] };
    const doc = join(dir, 'one.json');
    writeFileSync(doc, JSON.stringify(shipment, null, 2));
    const one = cli(['file', doc], data);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(JSON.parse(one.stdout).status, 'accepted');
    assert.deepEqual(SUMMARY.exec(one.stderr)?.slice(1), ['local', '1', '0', '0']);

    // An array, one element rejected: exit 1, each result in order.
    const bad = { ...shipment, reference: 'BAD-1', lines: [{ ...shipment.lines[0], hts: '6109.10' }] };
    const arr = join(dir, 'many.json');
    writeFileSync(arr, JSON.stringify([shipment, bad], null, 2));
    const many = cli(['file', arr, '--workers', '2'], data);
    assert.equal(many.code, 1, many.stderr);
    const results = many.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; reference: string });
    assert.deepEqual(
      results.map((r) => `${r.reference}:${r.status}`),
      [`${shipment.reference}:accepted`, 'BAD-1:rejected'],
    );
    assert.deepEqual(SUMMARY.exec(many.stderr)?.slice(1), ['local', '1', '1', '0']);
  });

  it('says what is wrong in one line: a broken document, a missing file, a database it cannot open', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "type": "formal",\n  "reference": "X-1",\n  lines: []\n}\n');
    const r = cli(['file', broken], data);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^tradelane: .*broken\.json, line 4, column 3: not valid JSON .*one JSON document over several lines was seen: give NDJSON/,
    );
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);

    const missing = cli(['file', join(dir, 'nope.ndjson')], data);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^tradelane: cannot read .*nope\.ndjson: no such file\n$/);

    // A SQLite path under a file: the folder cannot be made.
    const url = `sqlite:${broken}/tradelane.db`;
    const db = cli(['keys', 'list'], { TRADELANE_DATABASE_URL: url });
    assert.equal(db.code, 2);
    assert.match(
      db.stderr,
      /^tradelane: TRADELANE_DATABASE_URL=sqlite:.*broken\.json\/tradelane\.db: cannot open the SQLite database .*broken\.json\/tradelane\.db for writing: /,
    );
    assert.doesNotMatch(db.stderr, NO_STACK);
  });

  it('doctor: one line per check with its fix; exit 1 when one fails', () => {
    const none = cli(['doctor'], empty);
    assert.equal(none.code, 1, none.stdout + none.stderr);
    assert.match(none.stdout, /^OK\s+node\s+v\d+\.\d+\.\d+ \(Tradelane needs >=20\.19\)$/m);
    // The build bundles the command, and bin/tradelane.js runs the bundle (ADR 0036).
    assert.match(none.stdout, /^OK\s+command\s+runs as one bundle \(.*dist\/main\/cli\.bundle\.js\)$/m);
    assert.match(
      none.stdout,
      /^OK\s+database\s+sqlite:.* \(sqlite\): reachable, writable, migrations current$/m,
    );
    assert.match(none.stdout, /^FAIL\s+refdata hts\s+not loaded: .* — fix: .*refdata import --dir/m);
    assert.match(none.stdout, /^WARN\s+refdata ofac-sdn\s+not loaded: screening runs without this list/m);
    assert.match(none.stdout, /^(OK|WARN)\s+port\s+127\.0\.0\.1:18233/m);
    assert.match(none.stderr, /^doctor: \d+ checks, 2 failed, \d+ warnings?$/m);

    const loaded = cli(['doctor', '--json'], data);
    assert.equal(loaded.code, 0, loaded.stdout);
    const checks = loaded.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { check: string; status: string; detail: string; fix?: string });
    const by = new Map(checks.map((c) => [c.check, c]));
    assert.match(
      by.get('refdata hts')!.detail,
      /^2026 Basic, undated by its publisher, imported \d{4}-\d\d-\d\d; \d+ days old/,
    );
    // The UN list is dated by its publisher (2026-02-27): its age counts from then, and it warns past 30 days.
    assert.match(by.get('refdata un-sc')!.detail, /published 2026-02-27/);
    assert.equal(by.get('classifier')!.status, 'ok');
    assert.match(by.get('artefact cache')!.detail, /: writable, /);
    for (const c of checks) if (c.status !== 'ok') assert.ok(c.fix, `${c.check} has no fix`);
  });

  it('serve: warns at start without reference data, says "listening" once, logs its shutdown', async () => {
    const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
      env: { ...process.env, TRADELANE_LOG_LEVEL: 'info', ...empty },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const seen = (re: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!re.test(out)) return;
          proc.stdout.off('data', check);
          resolve();
        };
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        proc.once('exit', (code) => reject(new Error(`exited ${code} before ${re}: ${out}`)));
        check();
      });
    await seen(/no reference data loaded/);
    const base = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    const exited = new Promise<number | null>((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(out.match(/listening/g)?.length, 1, out);
    assert.match(
      out,
      /"msg":"no reference data loaded \(no HTSUS edition\): every filing is refused and \/readyz answers 503/,
    );
    assert.match(out, /"msg":"SIGTERM: shutting down/);
    assert.match(out, /"msg":"tradelane stopped in \d+ ms"/);
  });
});
