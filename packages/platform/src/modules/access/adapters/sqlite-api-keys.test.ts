import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KyselyStore } from '../../../main/store/kysely-store.js';
import { openStore } from '../../../main/store/open-store.js';
import { nodeCrypto, systemClock, ulidIds } from '../../../platform/system/system.js';
import { tempSqliteUrl } from '../../../testing/support.js';
import { ApiKeys } from '../api-keys.js';

/**
 * SQLite keeps the keys it has found in memory (issue 22). What must not change: a key revoked —
 * through this connection, or by another process on the same database file — is refused by the
 * very next request, and a kept key still expires.
 */
describe('access on SQLite: kept keys', () => {
  let server: KyselyStore;
  let cli: KyselyStore;
  let served: ApiKeys;
  let other: ApiKeys;
  before(async () => {
    const url = tempSqliteUrl();
    server = await openStore({ url });
    // A second connection to the same file, as `tradelane keys revoke` beside a running server.
    cli = await openStore({ url });
    served = new ApiKeys(server, systemClock, ulidIds, nodeCrypto);
    other = new ApiKeys(cli, systemClock, ulidIds, nodeCrypto);
  });
  after(async () => {
    await server.close();
    await cli.close();
  });

  it('refuses a key revoked by another connection at the next lookup', async () => {
    const { key, record } = await other.create({ tenant: 'acme', role: 'filer' });
    for (let i = 0; i < 3; i++) assert.equal((await served.authenticate(key))?.keyId, record.id);
    await other.revoke(record.id);
    assert.equal(await served.authenticate(key), null);
  });

  it('refuses a key revoked through its own connection at the next lookup', async () => {
    const { key, record } = await served.create({ tenant: 'acme', role: 'filer' });
    assert.equal((await served.authenticate(key))?.keyId, record.id);
    await served.revoke(record.id);
    assert.equal(await served.authenticate(key), null);
  });

  it('refuses a rotated key and accepts its successor', async () => {
    const { key, record } = await served.create({ tenant: 'acme', role: 'filer' });
    assert.equal((await served.authenticate(key))?.keyId, record.id);
    const fresh = await other.rotate(record.id);
    assert.equal(await served.authenticate(key), null);
    assert.equal((await served.authenticate(fresh.key))?.keyId, fresh.record.id);
  });

  it('does not keep a key read while it was being revoked', async () => {
    const { key, record } = await served.create({ tenant: 'acme', role: 'filer' });
    // The lookup and the revocation queue on the one connection; the lookup goes first.
    const [seen] = await Promise.all([served.authenticate(key), served.revoke(record.id)]);
    assert.equal(seen?.keyId, record.id, 'the lookup ran before the revocation committed');
    assert.equal(await served.authenticate(key), null);
  });

  it('still lets a kept key expire', async () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    const clock = { now: () => new Date(now).toISOString() };
    const keys = new ApiKeys(server, clock, ulidIds, nodeCrypto);
    const { key } = await keys.create({ tenant: 'acme', role: 'filer', expires: '1h' });
    assert.ok(await keys.authenticate(key));
    now += 2 * 3_600_000;
    assert.equal(await keys.authenticate(key), null);
  });

  it('answers unknown keys with null, and does not keep them', async () => {
    const { key } = await served.create({ tenant: 'acme', role: 'filer' });
    const unknown = key.slice(0, -4) + 'AAAA';
    assert.equal(await served.authenticate(unknown), null);
    assert.equal(await served.authenticate(unknown), null);
    assert.ok(await served.authenticate(key));
  });
});
