/**
 * The README's quick start and ten-minute tour, run as written: the quick start's `serve` command
 * (without `npm ci`) starts a real server on a temporary database with the real reference data,
 * then the tour's shell blocks run in order in one bash, from the checkout. The only changes to
 * the text: the server's address (`localhost:8080` → the port it got) and `../shared/data` → where
 * the shared data is (TRADELANE_SHARED_DATA). So the README cannot rot.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, REPO_ROOT, SHARED_DATA, sharedData, tempDir, tempSqliteUrl } from '../testing/support.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The shell blocks of a section (from its `## ` heading to the next). */
export function shellBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}`);
  assert.ok(start >= 0, `README has no section "${heading}"`);
  const end = markdown.indexOf('\n## ', start + 4);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The environment of a newcomer's shell: none of this test run's TRADELANE_* settings. */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TRADELANE_')));
  return { ...env, ...extra };
}

describe('the README, as a newcomer follows it', sharedData(), () => {
  const db = tempSqliteUrl();
  // What the README leaves at its defaults goes to temporary places here.
  const settings = { TRADELANE_DATABASE_URL: db, TRADELANE_DOCUMENTS_DIR: tempDir('tl-tour-docs') };
  let server: ChildProcess;
  let base = '';
  let log = '';

  before(async () => {
    const [start] = shellBlocks(README, 'Quick start (fresh machine)');
    assert.match(start!, /^npm ci && (.*npx tradelane serve)\n$/);
    const serve = start!.replace(/^npm ci && /, '').replaceAll('../shared/data', SHARED_DATA);
    server = spawn('bash', ['-c', serve.trim()], {
      cwd: REPO_ROOT,
      env: shellEnv({ ...settings, TRADELANE_PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server never said it listens: ${log}`)), 600_000);
      server.stdout!.on('data', (d: Buffer) => {
        log += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      server.once('exit', (code) => reject(new Error(`the server exited ${code}: ${log}`)));
    });
  });
  after(async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    process.kill(-server.pid!, 'SIGTERM');
    await exited;
  });

  it('starts ready, with the reference data and the lists imported at start', async () => {
    const r = await fetch(`${base}/readyz`);
    assert.equal(r.status, 200, log);
    assert.equal(((await r.json()) as { status: string }).status, 'ready');
    assert.doesNotMatch(log, /no reference data loaded|no watch list loaded/);
  });

  it('runs the ten-minute tour as written', async (t) => {
    const port = new URL(base).port;
    const script = shellBlocks(README, 'A ten-minute tour')
      .join('\n')
      .replaceAll('localhost:8080', `127.0.0.1:${port}`);
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: REPO_ROOT,
      env: shellEnv(settings),
      encoding: 'utf8',
      timeout: 900_000,
    });
    assert.equal(r.status, 0, `the tour stopped: ${r.stderr}\n${r.stdout}`);
    const out = r.stdout;
    // Filed, held, and why.
    assert.match(
      out,
      /"status":"accepted".*"lane":"red".*"holds":\["CBP-UFLPA","CBP-WRO"\],"hold_reasons":\[\{"hold":"CBP-UFLPA","rule":"R-XINJIANG"/,
    );
    assert.match(out, /"places":\["Kashgar"\]/);
    // A filing with mistakes: every finding at once.
    const rejected = out.split('\n').find((l) => l.includes('"reference":"TOUR-2"'))!;
    assert.match(rejected, /"status":"rejected"/);
    for (const code of ['QUANTITY_UNIT_MISSING', 'HTS_NOT_STATISTICAL', 'PARTY_MISSING'])
      assert.ok(rejected.includes(`"code":"${code}"`), code);
    // Released, and both links in the chain, which verifies.
    assert.match(out, /"customs_status":"released"/);
    assert.match(out, /"action":\{"type":"release_request","note":"supply chain documents reviewed"/);
    assert.match(out, /"action":\{"type":"release","note":"second review: agreed"/);
    assert.match(out, /^\{"ok":true,"checked":\d+/m);
    // Filed from the command line, with the summary on stderr.
    assert.match(r.stderr, /^filed for tenant acme: 1 accepted, 0 rejected, 0 malformed in /m);
    // Screened and classified.
    assert.match(out, /"name":"XINJIANG PRODUCTION AND CONSTRUCTION CORPS"/);
    assert.match(out, /"suggestions":\[\{"hts":"6109/);
    // The console: 200 text/html once packages/console is built and served at /.
    const [code, type] = out.trim().split('\n').pop()!.split(' ');
    if (existsSync(join(REPO_ROOT, 'packages', 'console'))) {
      assert.equal(code, '200', out);
      assert.match(type!, /^text\/html/);
    } else {
      assert.equal(code, '404', 'nothing at / yet');
      t.todo('the console (packages/console, issue 20) is not in this checkout: GET / answers 404');
    }
  });

  it("shows each list's publisher date as asOf where the publisher dates it, and importedAt apart", async () => {
    const key = spawnSync(process.execPath, [CLI, 'keys', 'create', '--tenant', 'tour', '--role', 'filer'], {
      env: shellEnv(settings),
      encoding: 'utf8',
    })
      .stdout.trim()
      .split('\n')
      .pop()!;
    const r = await fetch(`${base}/v1/refdata/status`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(r.status, 200);
    const { snapshots } = (await r.json()) as {
      snapshots: { dataset: string; status: string; asOf: string | null; importedAt: string }[];
    };
    const active = new Map(snapshots.filter((s) => s.status === 'active').map((s) => [s.dataset, s]));
    assert.equal(active.get('un-sc')!.asOf, '2026-02-27', 'the UN list says when it was generated');
    assert.equal(active.get('gleif')!.asOf, '2025-05-15');
    for (const d of ['csl', 'ofac-sdn', 'hts']) assert.equal(active.get(d)!.asOf, null, `${d} is undated`);
    for (const s of active.values()) assert.match(s.importedAt, /^\d{4}-\d\d-\d\dT/);
  });
});
