/**
 * End to end, the README's promises about how the command ends: a usage error is one line naming
 * what is wrong (then a hint, not the whole help) with exit code 2, a closed stdout ends it
 * quietly, and setup errors say what to do. Real processes on temporary databases.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CLI, TEST_CACHE_DIR, refdataDir, runCli, tempDir, tempSqliteUrl } from '../testing/support.js';

const cli = runCli;
const NO_STACK = /\n\s+at /;

/** stderr of a usage error: the error, then one hint line. */
function assertUsage(
  r: { code: number | null; stdout: string; stderr: string },
  error: RegExp,
  hint: string,
) {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0]!, error);
  assert.equal(lines[1], hint);
  assert.doesNotMatch(r.stderr, NO_STACK);
  assert.doesNotMatch(r.stderr, /Usage:|Options:/, 'no help dump');
}

describe('tradelane: usage errors', () => {
  const env = { TRADELANE_DATABASE_URL: tempSqliteUrl() };

  it('names the option, the value and the range of an option out of range', () => {
    for (const args of [
      ['screen', '--threshold', '2'],
      ['screen', '--threshold', 'abc'],
      ['screen', '--threshold', 'abc', '--verbose'],
    ]) {
      const r = cli(args, env, '{"name":"x"}\n');
      assertUsage(
        r,
        new RegExp(
          `^tradelane: option '--threshold <score>' argument '${args[2]}' is invalid\\. .*from 0 to 1$`,
        ),
        "run 'tradelane screen --help' for the options",
      );
      assert.equal(r.stdout, '');
    }
    assertUsage(
      cli(['classify', '--text', 'shirt', '--top', '50'], env),
      /^tradelane: option '--top <k>' argument '50' is invalid\. .*from 1 to 20$/,
      "run 'tradelane classify --help' for the options",
    );
  });

  it("prints a usage error a command's action throws (commander prints only those it finds)", () => {
    assertUsage(
      cli(['simulate', '--start', '2026-13'], env),
      /^tradelane: start must be YYYY-MM$/,
      "run 'tradelane simulate --help' for the options",
    );
  });

  it("keeps commander's suggestion and replaces the help with one hint line", () => {
    assertUsage(
      cli(['file', '--tenat', 'acme'], env),
      /^tradelane: unknown option '--tenat' \(Did you mean --tenant\?\)$/,
      "run 'tradelane file --help' for the options",
    );
    assertUsage(
      cli(['serve', '--prot', '9999'], env),
      /^tradelane: unknown option '--prot' \(Did you mean --port\?\)$/,
      "run 'tradelane serve --help' for the options",
    );
    assertUsage(
      cli(['keys', 'create', '--tenant', 'acme'], env),
      /^tradelane: required option '--role <role>' not specified$/,
      "run 'tradelane keys create --help' for the options",
    );
    assertUsage(
      cli(['refdata', 'imprt'], env),
      /^tradelane: unknown command 'imprt' \(Did you mean import\?\)$/,
      "run 'tradelane refdata --help' for the commands",
    );
  });

  it('says a configuration with several wrong settings on one line', () => {
    const r = cli(['keys', 'list'], { ...env, TRADELANE_PORT: 'abc', TRADELANE_LOG_LEVEL: 'loud' });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^tradelane: invalid configuration: TRADELANE_PORT: .*; TRADELANE_LOG_LEVEL: .*loud.*\n$/,
    );
  });
});

/**
 * The command with a stdout whose reader has gone before the command writes (as `| head -1`
 * leaves it once it has its line): every write then fails with EPIPE.
 */
function withReaderGone(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, TRADELANE_LOG_LEVEL: 'silent', TRADELANE_CACHE_DIR: TEST_CACHE_DIR, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.stdout.destroy();
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('tradelane: a reader that goes away', () => {
  const env = { TRADELANE_DATABASE_URL: tempSqliteUrl() };

  it('stops the command quietly with exit 141 (as SIGPIPE would), without a stack trace', async () => {
    // (`--help` is left out: commander ends the process as soon as the help is written.)
    for (const args of [
      ['refdata', 'status'],
      ['file', '--template', 'ndjson'],
    ]) {
      const r = await withReaderGone(args, env);
      assert.equal(r.stderr, '', `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.code, 141, args.join(' '));
    }
  });
});

describe('tradelane: setup errors say what to do', () => {
  it('refdata import: a folder that does not exist is one line, exit 2; a failed first load says nothing serves', () => {
    // The default log level (warn): no JSON log line beside the error.
    const env = { TRADELANE_DATABASE_URL: tempSqliteUrl(), TRADELANE_LOG_LEVEL: '' };
    const missing = join(tempDir('tl-refdata'), 'dat');
    const r = cli(['refdata', 'import', '--dir', missing], env);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `tradelane: refdata import --dir ${missing}: the folder does not exist\n`);

    const bad = tempDir('tl-refdata');
    mkdirSync(join(bad, 'hts-us-2026'));
    writeFileSync(join(bad, 'hts-us-2026', 'hts.csv'), 'not a tariff\n');
    const first = cli(['refdata', 'import', '--dir', bad], { ...env, TRADELANE_LOG_LEVEL: 'silent' });
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stdout, /^FAILED +hts .*; no hts is loaded\)$/m);
    assert.doesNotMatch(first.stdout, /previous snapshot/);
  });

  it('doctor: a wrong setting on one line; a TRADELANE_REFDATA_DIR that does not exist is said', () => {
    const env = { TRADELANE_DATABASE_URL: tempSqliteUrl() };
    type Row = { check: string; status: string; detail: string; fix?: string };
    const rows = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Row);
    const loud = cli(['doctor', '--json'], { ...env, TRADELANE_LOG_LEVEL: 'loud' });
    assert.equal(loud.code, 1);
    const settings = rows(loud.stdout).find((c) => c.check === 'settings')!;
    assert.match(settings.detail, /^invalid configuration: TRADELANE_LOG_LEVEL: .*\(got "loud"\)$/);

    const missing = cli(['doctor', '--json'], { ...env, TRADELANE_REFDATA_DIR: '/nope/refdata' });
    assert.equal(missing.code, 1);
    const checks = rows(missing.stdout);
    const dir = checks.find((c) => c.check === 'settings')!;
    assert.equal(dir.status, 'fail');
    assert.match(dir.detail, /^TRADELANE_REFDATA_DIR=\/nope\/refdata: the folder does not exist/);
    const fixes = checks.map((c) => c.fix ?? '').join('\n');
    assert.doesNotMatch(fixes, /--dir \/nope\/refdata/, 'no import from a folder that does not exist');
  });

  it('file: without reference data, refuses before reading a line, with a command that imports it', () => {
    const env = { TRADELANE_DATABASE_URL: tempSqliteUrl() };
    const template = cli(['file', '--template', 'ndjson'], env);
    assert.equal(template.code, 0, template.stderr);
    for (const workers of ['0', '2']) {
      const r = cli(['file', '-', '--workers', workers], env, template.stdout);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '', 'no shipment judged');
      assert.match(
        r.stderr,
        /^tradelane: REFDATA_NOT_READY: no reference data is loaded .*`tradelane refdata import --dir DIR` .* or `tradelane refdata sync`\n$/,
      );
    }
  });

  it('serve: a port in use is named, with the settings that choose another', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const env = { TRADELANE_DATABASE_URL: tempSqliteUrl() };
      for (const [args, extra] of [
        [['serve', '--port', String(port)], {}],
        [['serve', '--no-workers'], { TRADELANE_PORT: String(port) }],
      ] as const) {
        const r = cli([...args], { ...env, ...extra });
        assert.equal(r.code, 2, r.stderr);
        assert.match(
          r.stderr,
          new RegExp(
            `^tradelane: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use \\(EADDRINUSE\\): .*--port N or TRADELANE_PORT\\n$`,
          ),
        );
      }
    } finally {
      busy.close();
    }
  });
});

describe('tradelane: with reference data', () => {
  const env = { TRADELANE_DATABASE_URL: tempSqliteUrl() };
  before(() => {
    const r = cli(['refdata', 'import', '--dir', refdataDir()], env);
    assert.equal(r.code, 0, r.stderr);
  });

  it('screen: exit 1 when a line is rejected, and says why text that is not JSON was read as CSV', () => {
    const r = cli(['screen'], env, 'not json\n');
    assert.equal(r.code, 1, r.stderr);
    const [line] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; error: { code: string; message: string } });
    assert.equal(line!.error.code, 'CSV_INVALID');
    assert.match(
      line!.error.message,
      /read as CSV, as its first line does not start with "\{" \(NDJSON\): a CSV header row naming a "name" column .* was expected, and the line was "not json"/,
    );
    const some = cli(['screen'], env, '{"name":"Acme Trading"}\n{"nom":"x"}\n');
    assert.equal(some.code, 1, some.stderr);
    const all = cli(['screen'], env, 'name,country\nAcme Trading,US\n');
    assert.equal(all.code, 0, all.stderr);
  });
});
