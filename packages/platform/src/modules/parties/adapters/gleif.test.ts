import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Problem } from '../../../kernel/problem.js';
import { parseGleifJson } from './gleif.js';

const record = (lei: string, name: string | null) => ({
  type: 'lei-records',
  id: lei,
  attributes: {
    lei,
    entity: {
      ...(name === null ? {} : { legalName: { name, language: 'en' } }),
      otherNames: [{ name: `${name} Inc`, type: 'TRADING_OR_OPERATING_NAME' }],
      legalAddress: {
        addressLines: ['1 Road'],
        city: 'Wilmington',
        region: 'US-DE',
        country: 'US',
        postalCode: '19808',
      },
    },
    bic: null,
  },
});

describe('GLEIF API JSON', () => {
  it('reads level 1 records (one or a list) and ownership relationships', () => {
    const one = parseGleifJson(
      JSON.stringify({
        meta: { goldenCopy: { publishDate: '2025-05-15T00:00:00Z' } },
        data: record('5493001KJTIIGC8Y1R12', 'Example L.P.'),
      }),
      'one.json',
    );
    assert.equal(one.asOf, '2025-05-15');
    assert.equal(one.entities[0]!.id, 'lei:5493001KJTIIGC8Y1R12');
    assert.deepEqual(one.entities[0]!.identifiers, [{ scheme: 'LEI', value: '5493001KJTIIGC8Y1R12' }]);
    assert.equal(one.entities[0]!.address.country, 'US');
    const rel = parseGleifJson(
      JSON.stringify({
        data: {
          type: 'relationship-records',
          attributes: {
            relationship: {
              startNode: { id: 'A', type: 'LEI' },
              endNode: { id: 'B', type: 'LEI' },
              type: 'IS_ULTIMATELY_CONSOLIDATED_BY',
              status: 'ACTIVE',
              periods: [{ startDate: '2007-06-05T00:00:00Z', type: 'RELATIONSHIP_PERIOD' }],
            },
          },
        },
      }),
      'rel.json',
    );
    assert.deepEqual(rel.links, [
      { child: 'lei:A', parent: 'lei:B', type: 'ultimate_parent', source: 'gleif', since: '2007-06-05' },
    ]);
  });
  it('names the file and the JSON path of a missing field', () => {
    const bad = () =>
      parseGleifJson(JSON.stringify({ data: [record('X', 'ok'), record('Y', null)] }), 'multi.json');
    assert.throws(
      bad,
      (e: unknown) =>
        e instanceof Problem &&
        e.code === 'REFDATA_FORMAT' &&
        /multi\.json: \$\.data\[1\]\.attributes\.entity\.legalName\.name: missing/.test(e.message),
    );
    assert.throws(() => parseGleifJson('{"data":', 'cut.json'), /cut\.json: \$: not JSON/);
    assert.throws(() => parseGleifJson('[]', 'x.json'), /not a GLEIF API response/);
  });
});
