/**
 * The fault script (scripts/fault-kill.js) at the size of the suite: a worker killed with SIGKILL
 * three times during a 5,000-shipment batch, and a private NATS server killed and restarted twice
 * during a 2,000-shipment one. The full runs (100,000 shipments, twenty kills) are recorded in
 * docs/operations.md; TRADELANE_FAULT_N scales these ones (e.g. 300 for a quick look).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NATS_URL, PG_URL, REPO_ROOT, natsEnabled, pgEnabled } from '../testing/support.js';

const scale = Number(process.env.TRADELANE_FAULT_N ?? 1);
const hasNatsServer = spawnSync('nats-server', ['--version']).status === 0;

function run(env: Record<string, string>): Record<string, unknown> {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'fault-kill.js')], {
    env: {
      ...process.env,
      TRADELANE_TEST_POSTGRES_URL: PG_URL,
      TRADELANE_TEST_NATS_URL: NATS_URL,
      DEADLINE_MS: '600000',
      ...env,
    },
    encoding: 'utf8',
    timeout: 1_800_000,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  assert.ok(last.startsWith('{'), `the script printed no result: ${r.stdout} ${r.stderr}`);
  const result = JSON.parse(last) as Record<string, unknown>;
  assert.equal(r.status, 0, JSON.stringify(result));
  return result;
}

const sized = (n: number) => String(scale === 1 ? n : Math.max(100, Math.round(scale)));

describe('faults during a batch (scripts/fault-kill.js)', { skip: !pgEnabled && 'PostgreSQL off' }, () => {
  it(
    'a worker killed three times: nothing acknowledged lost, nothing twice, the chain verifies',
    {
      skip: !natsEnabled && 'NATS off',
    },
    (t) => {
      const r = run({ FAULT: 'worker', N: sized(5000), KILLS: '3', BATCH: '1000' });
      assert.equal(r.kills, 3);
      assert.equal(r.acknowledged, r.shipments);
      for (const k of [
        'acknowledged_missing',
        'stored_twice',
        'decisions_twice',
        'party_links_twice',
        'entities_twice',
      ])
        assert.equal(r[k], 0, k);
      assert.equal(r.webhook_events, r.stored);
      assert.equal(r.audit_verify, 'ok');
      t.diagnostic(JSON.stringify(r));
    },
  );

  it(
    'NATS killed and restarted twice: every event published, resolved and delivered',
    {
      skip: !hasNatsServer && 'no nats-server on the PATH',
    },
    (t) => {
      const r = run({ FAULT: 'nats', N: sized(2000), KILLS: '2', BATCH: '500' });
      assert.equal(r.kills, 2);
      for (const k of ['acknowledged_missing', 'stored_twice', 'decisions_twice', 'party_links_twice'])
        assert.equal(r[k], 0, k);
      assert.equal(r.webhook_events, r.stored);
      assert.equal(r.audit_verify, 'ok');
      t.diagnostic(JSON.stringify(r));
    },
  );
});
