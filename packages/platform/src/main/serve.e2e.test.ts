/**
 * End to end: `tradelane serve` as a real process over real HTTP (webhooks, the event stream, reloads, shutdown).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  LIST_ENV,
  runCli,
  CLI,
  refdataDir,
  sampleShipment,
  tempDir,
  tempSqliteUrl,
} from '../testing/support.js';

const cli = runCli;

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
