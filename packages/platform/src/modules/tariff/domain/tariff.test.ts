import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtureTariff } from '../../../testing/support.js';

describe('Tariff', () => {
  const t = fixtureTariff();

  it('builds the hierarchy from indents, label rows included', () => {
    const line = t.lookup('6109100012')!;
    assert.equal(line.level, 'statistical');
    assert.deepEqual(
      line.path.map((p) => p.hts),
      ['6109', '61091000', null],
    );
    assert.equal(line.path[2]!.description, "Men's or boys':");
    assert.deepEqual(line.units, ['doz.', 'kg']);
  });

  it('inherits rates from the nearest ancestor that has one', () => {
    const line = t.lookup('6109100012')!;
    assert.deepEqual(line.rates.general, { text: '16.5%', from: '61091000' });
    assert.deepEqual(line.rates.column2, { text: '90%', from: '61091000' });
    assert.deepEqual(t.lookup('6109901007')!.rates.general, { text: '32%', from: '61099010' });
    assert.equal(t.lookup('6109')!.rates.general, null);
    // A 10-digit line that carries its own rate keeps it.
    assert.deepEqual(t.lookup('8471300100')!.rates.general, { text: 'Free', from: '8471300100' });
  });

  it('lists direct numbered children, skipping label rows', () => {
    assert.deepEqual(
      t.lookup('61091000')!.children.map((c) => c.hts),
      ['6109100012', '6109100014'],
    );
    assert.deepEqual(
      t.lookup('6109')!.children.map((c) => c.hts),
      ['61091000', '610990'],
    );
  });

  it('answers a statistical line with its row and required units, the same object while it is asked for', () => {
    const line = t.statisticalLine('6109100012')!;
    assert.equal(line.row.code, '6109100012');
    assert.deepEqual(line.row.units, ['doz.', 'kg']);
    assert.equal(line.row.general, '');
    assert.ok(line.requiredUnits.length > 0);
    assert.equal(t.statisticalLine('6109100012'), line);
    assert.equal(t.statisticalLine('61091000'), undefined, 'an 8-digit subheading is not a statistical line');
    assert.ok(t.isStatistical('6109100012'));
    assert.ok(!t.isStatistical('61091000'));
    assert.ok(!t.isStatistical('6109100099'));
  });

  it('finds the statistical lines under any prefix', () => {
    assert.deepEqual(t.statisticalUnder('6109'), ['6109100012', '6109100014', '6109901007']);
    assert.deepEqual(t.statisticalUnder('610990'), ['6109901007']);
    assert.deepEqual(t.statisticalUnder('7000'), []);
  });

  it('ranks text search by own words over ancestors', () => {
    const hits = t.search('portable computer machines');
    assert.equal(hits[0]!.hts, '8471300100');
    const shirts = t.search("men's cotton t-shirts", 3);
    assert.equal(shirts[0]!.hts, '6109100012');
    assert.match(shirts[0]!.context, /Of cotton/);
    assert.deepEqual(t.search('zeppelin'), []);
    assert.deepEqual(t.search('   '), []);
  });

  it('lists by code prefix when the query is digits', () => {
    assert.deepEqual(
      t.search('6109.10', 10).map((h) => h.hts),
      ['61091000', '6109100012', '6109100014'],
    );
    assert.deepEqual(
      t.search('6109', 10, 'statistical').map((h) => h.hts),
      ['6109100012', '6109100014', '6109901007'],
    );
  });
});
