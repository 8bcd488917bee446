import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isProblem } from '../../../kernel/problem.js';
import { SHARED_DATA, sharedData } from '../../../testing/support.js';
import { parseWro } from '../adapters/watchlists.js';
import { wroEntityNames, wroScope } from './wro-scope.js';

const scope = (entity: string, merchandise: string) => {
  const s = wroScope({ entity, merchandise });
  assert.ok(typeof s !== 'string');
  return [s.scope, s.region ?? null];
};

describe('Withhold Release Order scopes', () => {
  it('reads the scope from what the order names: a producer, an area, or neither', () => {
    assert.deepEqual(scope('Xinjiang Production and Construction Corps (XPCC)', 'Cotton products'), [
      'entity',
      null,
    ]);
    assert.deepEqual(scope('Tunago No. 61 (fishing vessel)', 'Tuna harvested by the vessel'), [
      'entity',
      null,
    ]);
    assert.deepEqual(
      scope(
        '',
        'Cotton and tomatoes and their downstream products produced wholly or in part in the Xinjiang region (including products made outside Xinjiang with these inputs)',
      ),
      ['region', 'Xinjiang'],
    );
    assert.deepEqual(scope('', 'Gold mined in artisanal small mines in eastern DRC'), [
      'region',
      'eastern DRC',
    ]);
    assert.deepEqual(scope('', 'Rough diamonds from the Marange Diamond Fields'), [
      'region',
      'Marange Diamond Fields',
    ]);
    assert.deepEqual(scope('', 'Cotton grown in the Sughd Province'), ['region', 'Sughd']);
    assert.deepEqual(
      scope('', 'All Turkmenistan cotton or products produced in whole or in part with Turkmenistan cotton'),
      ['product', null],
    );
    assert.deepEqual(scope('', 'Tobacco from Malawi and products containing tobacco from Malawi'), [
      'product',
      null,
    ]);
    // A country's name is not an area of it.
    assert.deepEqual(scope('', 'Cotton from South Sudan'), ['product', null]);
    assert.deepEqual(scope('', 'Cotton from the Central African Republic'), ['product', null]);
  });

  it("takes the file's own scope column when it has one, and names a bad one", () => {
    const csv = (scopeCol: string, region: string, entity = '') =>
      `date,type,country,merchandise,entity,status,scope,region\n2026-01-01,WRO,China,Cotton,${entity},,${scopeCol},${region}\n`;
    assert.equal(parseWro(csv('region', 'Xinjiang'), 'w.csv')[0]!.extra!.region, 'Xinjiang');
    assert.equal(parseWro(csv('region', 'Xinjiang'), 'w.csv')[0]!.extra!.scope_basis, 'the scope column');
    assert.equal(parseWro(csv('', ''), 'w.csv')[0]!.extra!.scope, 'product');
    const bad = (text: string) => {
      try {
        parseWro(text, 'w.csv');
      } catch (e) {
        assert.ok(isProblem(e) && e.code === 'REFDATA_FORMAT');
        return e.message;
      }
      assert.fail('refused');
    };
    assert.match(bad(csv('country', '')), /w\.csv:2: scope must be entity, region or product/);
    assert.match(bad(csv('region', '')), /w\.csv:2: a region order names its region/);
    assert.match(bad(csv('entity', '')), /w\.csv:2: an entity order names its entity/);
  });

  it('names each entity an order names, with its other names, and leaves remarks out', () => {
    const names = (cell: string) => wroEntityNames(cell).map((n) => `${n.kind}:${n.name}`);
    assert.deepEqual(names('Xinjiang Production and Construction Corps (XPCC)'), [
      'primary:Xinjiang Production and Construction Corps',
      'weak:XPCC',
    ]);
    assert.deepEqual(names('Top Glove Sdn Bhd; TG Medical Sdn Bhd (subsidiaries of Top Glove Corp Bhd)'), [
      'primary:Top Glove Sdn Bhd',
      'alias:TG Medical Sdn Bhd',
    ]);
    assert.deepEqual(names('Brightway Group: Brightway Holdings Sdn Bhd; Laglove (M) Sdn Bhd'), [
      'primary:Brightway Group',
      'alias:Brightway Holdings Sdn Bhd',
      'alias:Laglove (M) Sdn Bhd',
    ]);
    assert.deepEqual(names('Supermax Corporation Bhd. subsidiaries: Maxter Glove Manufacturing Sdn. Bhd.'), [
      'primary:Supermax Corporation Bhd.',
      'alias:Maxter Glove Manufacturing Sdn. Bhd.',
    ]);
    assert.deepEqual(names('Hoshine Silicon Industry Co. Ltd. and its subsidiaries'), [
      'primary:Hoshine Silicon Industry Co. Ltd.',
    ]);
    assert.deepEqual(names('Sime Darby Plantation Berhad, its subsidiaries and joint ventures'), [
      'primary:Sime Darby Plantation Berhad',
    ]);
    assert.deepEqual(names('FGV Holdings Berhad (and its subsidiaries and joint ventures)'), [
      'primary:FGV Holdings Berhad',
    ]);
    assert.deepEqual(names('Zhen Fa 7 (Chinese-flagged fishing vessel)'), ['primary:Zhen Fa 7']);
    assert.deepEqual(names('Finca Monte Grande (coffee farm, Chiapas)'), ['primary:Finca Monte Grande']);
    assert.deepEqual(names('YTY Industry Holdings (YTY Group)'), [
      'primary:YTY Industry Holdings',
      'alias:YTY Group',
    ]);
    assert.deepEqual(names('Acme Co., Ltd. (also known as Acme Trading Co.; Acme Farm)'), [
      'primary:Acme Co., Ltd.',
      'alias:Acme Trading Co.',
      'alias:Acme Farm',
    ]);
    assert.deepEqual(names('Select (Nantong) Safety Products Co. Limited'), [
      'primary:Select (Nantong) Safety Products Co. Limited',
    ]);
    assert.deepEqual(names(''), []);
  });

  it('property: any text gets a scope and names; a named producer always makes an entity order', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (entity, merchandise) => {
        const s = wroScope({ entity, merchandise });
        assert.ok(typeof s !== 'string');
        assert.equal(s.scope === 'entity', entity.trim() !== '');
        if (s.scope === 'region') assert.ok(s.region && merchandise.includes(s.region));
        // Every name of an entity is non-empty text of the cell, the first one primary.
        const names = wroEntityNames(entity);
        names.forEach((n, i) => assert.ok(n.name.length > 1 && (i > 0 || n.kind !== 'alias')));
      }),
    );
  });

  it('gives every order of the shared compilation its scope', sharedData(), () => {
    const file = join(SHARED_DATA, 'cbp-withhold-release-orders', 'wro.csv');
    const orders = parseWro(readFileSync(file, 'utf8'), 'wro.csv');
    const by = (s: string) => orders.filter((o) => o.extra?.scope === s);
    assert.equal(orders.length, 43);
    assert.deepEqual(
      by('region').map((o) => o.extra?.region),
      ['eastern DRC', 'Marange Diamond Fields', 'Xinjiang'],
    );
    assert.deepEqual(
      by('product').map((o) => o.countries[0]),
      ['Turkmenistan', 'Malawi'],
    );
    assert.equal(by('entity').length, 38);
    const xpcc = orders.find((o) => o.names.some((n) => n.name === 'XPCC'))!;
    assert.equal(xpcc.extra?.scope, 'entity');
    assert.equal(xpcc.names[0]!.name, 'Xinjiang Production and Construction Corps');
  });
});
