import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ulidIds, ulidOf } from './system.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The id written out the plain way: time in base 32 from its last digit, then 5 bits at a time. */
function plainUlid(prefix: string, ms: number, rnd: Uint8Array): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let bits = '';
  for (const b of rnd) bits += b.toString(2).padStart(8, '0');
  let rand = '';
  for (let i = 0; i < 80; i += 5) rand += CROCKFORD[parseInt(bits.slice(i, i + 5), 2)]!;
  return `${prefix}_${time}${rand}`;
}

describe('ids', () => {
  it('property: an id is its prefix, its time and its 80 random bits in Crockford base 32', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('shp', 'dec', 'k', 'evt', 'notification'),
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (prefix, ms, rnd) => ulidOf(prefix, ms, rnd) === plainUlid(prefix, ms, rnd),
      ),
    );
  });

  it('ids of one prefix sort by the millisecond they were made in, and do not repeat', () => {
    const zeros = new Uint8Array(10);
    const ones = new Uint8Array(10).fill(255);
    assert.equal(ulidOf('shp', 0, zeros), 'shp_00000000000000000000000000');
    assert.equal(ulidOf('shp', 1, ones), 'shp_0000000001ZZZZZZZZZZZZZZZZ');
    assert.ok(ulidOf('shp', 1_700_000_000_001, zeros) > ulidOf('shp', 1_700_000_000_000, ones));
    const made = Array.from({ length: 2_000 }, () => ulidIds.next('shp'));
    assert.equal(new Set(made).size, made.length);
    for (const id of made) assert.match(id, /^shp_[0-9A-HJKMNP-TV-Z]{26}$/);
    // another prefix in between leaves the first one's ids whole
    assert.match(ulidIds.next('dec'), /^dec_[0-9A-Z]{26}$/);
    assert.match(ulidIds.next('shp'), /^shp_[0-9A-Z]{26}$/);
  });
});
