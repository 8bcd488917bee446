import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PartyResolver, creationKey, type RegistryEntity } from './registry.js';

const entity = (
  id: string,
  name: string,
  country: string,
  over: Partial<RegistryEntity> = {},
): RegistryEntity => ({
  id,
  name,
  otherNames: [],
  address: { country, city: 'Shenzhen' },
  identifiers: [],
  source: 'test',
  ...over,
});

const resolver = new PartyResolver();
resolver.add(
  entity('e1', 'Shenzhen Bright Star Electronics Co., Ltd.', 'CN', {
    identifiers: [{ scheme: 'LEI', value: '5493001KJTIIGC8Y1R12' }],
  }),
);
resolver.add(entity('e2', 'Bright Star Trading LLC', 'US'));
resolver.add(entity('e3', 'Old Name Textiles', 'VN', { mergedInto: 'e1' }));

describe('party resolution', () => {
  it('decides by a known identifier first, and says when the name differs', () => {
    const r = resolver.resolve({
      name: 'Someone Else',
      identifiers: [{ scheme: 'lei', value: '5493001kjtiigc8y1r12' }],
    });
    assert.equal(r.entityId, 'e1');
    assert.equal(r.method, 'identifier');
    assert.match(r.reasons.join(' '), /name differs/);
  });
  it('matches the same normalized name in the same country, legal forms aside', () => {
    const r = resolver.resolve({
      name: 'SHENZHEN BRIGHT STAR ELECTRONICS LIMITED',
      country: 'cn',
      city: 'Shenzhen',
    });
    assert.equal(r.entityId, 'e1');
    assert.equal(r.method, 'name');
    assert.equal(r.confidence, 0.98);
  });
  it('matches a misspelt name, but not across countries', () => {
    assert.equal(resolver.resolve({ name: 'Shenzen Bright Star Electronics', country: 'CN' }).entityId, 'e1');
    const other = resolver.resolve({ name: 'Shenzhen Bright Star Electronics', country: 'HK' });
    assert.equal(other.entityId, null);
    assert.equal(other.method, 'new');
  });
  it('keeps names apart that differ by a number, a digit being no initial', () => {
    const r = new PartyResolver();
    r.add(entity('race1', 'Race 1 Trading Co., Ltd.', 'CN'));
    r.add(entity('plant', 'Ningbo Fasteners Plant No 3', 'CN'));
    const ten = r.resolve({ name: 'RACE 10 TRADING CO LTD', country: 'CN' });
    assert.equal(ten.entityId, null);
    assert.equal(ten.method, 'new');
    assert.equal(r.resolve({ name: 'Ningbo Fasteners Plant No 31', country: 'CN' }).entityId, null);
    assert.equal(r.resolve({ name: 'Ningbo Fastners Plant No 3', country: 'CN' }).entityId, 'plant');
    assert.equal(r.resolve({ name: 'Race 1 Tradng Co', country: 'CN' }).entityId, 'race1');
  });
  it('calls a party without an identifying word unresolvable, and never matches merged entities', () => {
    assert.equal(resolver.resolve({ name: 'LLC', country: 'US' }).method, 'unresolvable');
    assert.equal(resolver.resolve({ name: 'Old Name Textiles', country: 'VN' }).entityId, null);
  });
  it('never throws on any name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 3 }), (name, country) => {
        const r = resolver.resolve({ name, country });
        assert.ok(r.confidence >= 0 && r.confidence <= 1);
      }),
    );
  });
});

describe('creation key (one new entity per party across processes)', () => {
  it('is the same for the spellings resolution takes as the same name, and differs by country', () => {
    // Words no legal form or stop word is (those are dropped by normalization).
    const word = fc.stringMatching(/^zq[a-z]{2,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const name = words.join(' ');
        const k = creationKey({ name, country: 'cn' });
        assert.ok(k);
        assert.equal(creationKey({ name: name.toUpperCase(), country: 'CN' }), k);
        assert.equal(creationKey({ name: [...words].reverse().join(', '), country: 'CN' }), k);
        assert.notEqual(creationKey({ name, country: 'VN' }), k);
      }),
    );
    const duns = { scheme: 'DUNS', value: '150483782' };
    assert.equal(
      creationKey({ name: 'A', identifiers: [duns] }),
      creationKey({ name: 'B', country: 'US', identifiers: [{ scheme: 'duns', value: '150-483-782' }] }),
      'an identifier decides',
    );
    assert.equal(creationKey({ name: '   ' }), null);
  });
});

describe("names an officer's merge brought to a public record", () => {
  // GLEIF's record after an officer merged a filed entity into it: the filed name is now one of
  // its other names, beside GLEIF's own.
  const own = ['AMAZON VIDEO LIMITED', 'LOVEFILM UK LIMITED'];
  const gleif = entity('lei:254900LNRYNOQ9YPU758', 'Amazon Digital UK Limited', 'GB', {
    otherNames: [...own, 'Amazonia Parcel Forwarders Ltd'],
    source: 'gleif',
  });
  const merged = new Set(['Amazonia Parcel Forwarders Ltd']);
  const r = new PartyResolver();
  r.add(entity('e9', 'Harbour Freight Lines Ltd', 'GB'));
  r.add(gleif, merged);
  // The record as GLEIF has it: what a caller that may not see the merge is told.
  const publicOnly = new PartyResolver();
  publicOnly.add(entity('e9', 'Harbour Freight Lines Ltd', 'GB'));
  publicOnly.add({ ...gleif, otherNames: own });
  const none = () => false;

  it('resolve to it only for callers that may see it, exactly or by similar names', () => {
    for (const name of [
      'Amazonia Parcel Forwarders Ltd',
      'AMAZONIA PARCEL FORWARDERS',
      'Amazonia Parcel Forwarder',
      'Amazonia Parcels Forwarders',
    ]) {
      const asked: string[] = [];
      const hidden = r.resolve({ name, country: 'GB' }, (id) => {
        asked.push(id);
        return false;
      });
      assert.deepEqual(hidden, publicOnly.resolve({ name, country: 'GB' }, none), name);
      assert.ok(asked.includes(gleif.id), `${name}: the record is asked of, to be looked up`);
    }
    for (const visible of [undefined, (id: string) => id === gleif.id]) {
      const seen = r.resolve({ name: 'Amazonia Parcel Forwarders Ltd', country: 'GB' }, visible);
      assert.equal(seen.entityId, gleif.id);
      assert.equal(seen.method, 'name');
    }
  });

  it("resolve to it by GLEIF's own names for everyone", () => {
    for (const name of [
      'Amazon Digital UK',
      'Lovefilm UK Limited',
      'Amazon Video Ltd',
      'Amazon Digitl UK Ltd',
    ])
      assert.equal(r.resolve({ name, country: 'GB' }, none).entityId, gleif.id, name);
    // A record a merge brought nothing to is found as before by every name.
    const plain = new PartyResolver();
    plain.add(gleif);
    assert.equal(
      plain.resolve({ name: 'Amazonia Parcel Forwarders', country: 'GB' }, none).entityId,
      gleif.id,
    );
  });
});
