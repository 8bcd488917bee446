import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  SOURCE_WEIGHTS,
  cleanSubject,
  parseAtar,
  parseCnTexts,
  parseCorpus,
  parseFpo,
  parsePrecedents,
  parseRulings2026,
  parseSearchReferences,
  toHs2022,
} from './corpora.js';
import { Problem } from '../../../kernel/problem.js';

const VALID = new Set(['060390', '490199', '940599', '350610', '950590', '610910', '880730', '340250']);
const valid = (hs6: string) => VALID.has(hs6);
const jsonl = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('classifier corpora', () => {
  it('reads precedents: subject phrase → HS 6, boilerplate stripped, repeats of the first set dropped', () => {
    const out = parsePrecedents(
      jsonl(
        {
          ruling_number: 'N1',
          description: 'Framed Preserved Floral Bouquet',
          hs6: '060390',
          in_existing_train: false,
        },
        { ruling_number: 'N2', description: 'locker kits', hs6: '940389', in_existing_train: true },
        {
          ruling_number: 'N3',
          description: 'origin of children’s books from China',
          hs6: '490199',
          in_existing_train: false,
        },
        { ruling_number: 'N4', description: 'costume', hs6: '999999', in_existing_train: false },
      ),
      valid,
    );
    assert.deepEqual(
      out.examples.map((e) => [e.description, e.hts, e.source, e.ref, e.weight]),
      [
        ['Framed Preserved Floral Bouquet', '060390', 'cbp-precedent', 'N1', SOURCE_WEIGHTS['cbp-precedent']],
        ['children’s books', '490199', 'cbp-precedent', 'N3', SOURCE_WEIGHTS['cbp-precedent']],
      ],
    );
    assert.deepEqual(out.dropped, { 'already in the CBP rulings set': 1, 'not an HS 2022 subheading': 1 });
  });

  it('reads the 2026 rulings: subject and officer description → 10 digits; a letterhead takes the subject', () => {
    const out = parseRulings2026(
      jsonl(
        {
          ruling_number: 'N364722',
          subject: 'electrical apparatus',
          description: 'A current-carrying support rail of steel.',
          hts: '9405.99.4090',
          description_is_letterhead: false,
          in_existing_train: false,
        },
        {
          ruling_number: 'N2',
          subject: 'origin of glitter glue',
          description: 'U.S. Customs and Border Protection, New York',
          hts: '3506.10.5000',
          description_is_letterhead: true,
          in_existing_train: false,
        },
      ),
      valid,
    );
    assert.deepEqual(
      out.examples.map((e) => [e.description, e.hts, e.source]),
      [
        ['electrical apparatus. A current-carrying support rail of steel.', '9405994090', 'cbp-ruling-2026'],
        ['glitter glue', '3506105000', 'cbp-ruling-2026'],
      ],
    );
  });

  it('reads ATaR rulings at six digits, maps aircraft parts 8803 → 8807 and drops other stale codes', () => {
    const out = parseAtar(
      jsonl(
        {
          jurisdiction: 'UK',
          ruling_number: '600007166',
          description: 'Glue containing glitter.',
          hs6: '350610',
          hs6_valid_hs2022: true,
        },
        {
          jurisdiction: 'US',
          ruling_number: '800117',
          description: 'In your letter dated May 1 you requested a ruling. Wing flaps for aircraft.',
          hs6: '880330',
          hs6_valid_hs2022: false,
        },
        {
          jurisdiction: 'US',
          ruling_number: '800118',
          description: 'Video tapes.',
          hs6: '852390',
          hs6_valid_hs2022: false,
        },
      ),
      valid,
    );
    assert.deepEqual(
      out.examples.map((e) => [e.description, e.hts, e.source]),
      [
        ['Glue containing glitter.', '350610', 'uk-atar'],
        ['Wing flaps for aircraft.', '880730', 'cbp-ruling-pre2010'],
      ],
    );
    assert.equal(out.dropped['not an HS 2022 subheading'], 1);
  });

  it('reads FPO parcel lines at six digits, invalid codes dropped', () => {
    const out = parseFpo(
      'description,commodity_code,code10,hs6,hs6_valid_hs2022\n100 ariel pods,34025090,3402509000,340250,True\nmug,62121000,6212100000,621210,False\n',
      valid,
    );
    assert.deepEqual(
      out.examples.map((e) => [e.description, e.hts, e.source, e.weight]),
      [['100 ariel pods', '340250', 'uk-fpo', SOURCE_WEIGHTS['uk-fpo']]],
    );
    assert.equal(out.dropped['not an HS 2022 subheading'], 1);
  });

  it('reads search references as heading texts and CN scope texts per HS 6', () => {
    const refs = parseSearchReferences(
      'title,code10,referenced_class,chapter,heading,hs6\nhinnies,0101000000,Heading,01,0101,\nlive animals,0100000000,Chapter,01,,\nwing flap,8803300000,Subheading,88,8803,880330\n',
      valid,
    );
    assert.deepEqual(
      refs.texts.map((t) => [t.code, t.text]),
      [
        ['0101', 'hinnies'],
        ['880730', 'wing flap'],
      ],
    );
    assert.equal(refs.dropped['a chapter reference'], 1);
    const cn = parseCnTexts(
      'code,level,hs6,description\n01012100,CN8,010121,Pure-bred breeding horses\n010129,HS6,010129,Live horses (excl. pure-bred for breeding)\n01012910,CN8,010129,Horses for slaughter\n',
    );
    assert.deepEqual(
      cn.texts.map((t) => [t.code, t.text]),
      [
        ['010121', 'Pure-bred breeding horses'],
        ['010129', 'Live horses (excl. pure-bred for breeding)'],
      ],
    );
  });

  it('refuses a file with nothing usable and names the line of malformed JSON', () => {
    assert.throws(() => parseCorpus('labeled-precedents', '', 'p.jsonl'), Problem);
    assert.throws(() => parsePrecedents('{"a":1}\n{oops\n'), /precedents\.jsonl:2/);
  });

  it('property: any row becomes an example with provenance and a weight, or a counted drop — never lost', () => {
    const row = fc.record({
      ruling_number: fc.string({ maxLength: 8 }),
      description: fc.string({ maxLength: 60 }),
      hs6: fc.oneof(fc.constantFrom(...VALID), fc.stringMatching(/^\d{0,7}$/)),
      in_existing_train: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const out = parsePrecedents(jsonl(...rows), valid);
        const dropped = Object.values(out.dropped).reduce((a, n) => a + n, 0);
        assert.equal(out.examples.length + dropped, rows.length);
        for (const e of out.examples) {
          assert.match(e.hts, /^\d{6}$/);
          assert.ok(VALID.has(e.hts));
          assert.ok(e.description.length >= 2 && e.weight! > 0 && e.source === 'cbp-precedent');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('property: cleaning a subject never grows it, and HS 2022 mapping is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        const c = cleanSubject(s);
        assert.ok(c.length <= s.length);
        assert.equal(cleanSubject(c).length <= c.length, true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}(\d{4})?$/), (code) => {
        const once = toHs2022(code, valid);
        if (once !== null) assert.equal(toHs2022(once, valid), once);
      }),
    );
  });
});
