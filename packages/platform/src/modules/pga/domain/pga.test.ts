import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCatalogue,
  determine,
  determineShipment,
  pgaFindings,
  requirementOf,
  paperlessCounts,
  paperlessFromCounts,
  tallyPaperless,
  paperlessRate,
  type PaperlessTally,
} from './pga.js';
import type { MessageSetPolicy, ProgramSpec } from './pga-message-set.js';
import { parseShipment, type Shipment } from '../../../kernel/shipment.js';

const flag = (code: string, agency: string, meaning = '', disclaimAllowed = '') => ({
  code,
  agency,
  program: '',
  meaning,
  disclaimAllowed,
});
const none = { required: [], allowed: [] };
const program = (p: Partial<ProgramSpec> & { program: string }): ProgramSpec => ({
  name: p.program,
  product_code: { required: false, qualifiers: [], pattern: '' },
  entities: none,
  affirmations: none,
  lpco: none,
  constituents: 'none',
  processing_codes: [],
  ...p,
});
const messageSets: MessageSetPolicy = {
  version: 'test',
  agencies: [
    {
      agency: 'FDA',
      aliases: ['FDA'],
      pg01_code: 'FDA',
      disclaims: { F: 'entry type 21 only' },
      programs: [
        program({
          program: 'FOO',
          product_code: {
            required: true,
            qualifiers: ['FDP'],
            pattern: '^\\d{2}[A-Z][A-Z-][A-Z-][A-Z0-9]{2}$',
          },
          entities: { required: ['manufacturer'], allowed: ['manufacturer', 'shipper'] },
          affirmations: { required: [], allowed: ['food_facility_registration'] },
          constituents: 'allowed',
          processing_codes: ['NSF'],
        }),
      ],
    },
    {
      agency: 'APHIS',
      aliases: ['APHIS', 'USDA APHIS', 'USDA APHIS (Lacey Act)'],
      pg01_code: 'APH',
      disclaims: {},
      programs: [
        program({ program: 'APL', species: 'required', lpco: { required: [], allowed: ['harvest_permit'] } }),
      ],
    },
    {
      agency: 'FWS',
      aliases: ['FWS'],
      pg01_code: 'FWS',
      disclaims: {},
      programs: [program({ program: 'FWS', lpco: { required: [], allowed: ['cites_permit'] } })],
    },
  ],
  documents: [
    {
      agency: 'FWS',
      type: 'cites_permit',
      when: 'CITES species',
      electronic: false,
      paper_original: true,
      how: 'original',
    },
  ],
};
const cat = buildCatalogue(
  [
    flag('FD1', 'FDA', 'Conditional (warning) flag: potential FDA interest', 'yes'),
    flag('FD4', 'FDA', 'HTS number applies to food for which FDA believes Prior Notice is required', 'no'),
    flag('AL2', 'USDA APHIS', '', 'conditional'),
    flag('FW1', 'FWS', 'Commodities likely to contain items requiring an FWS declaration', 'yes'),
  ],
  [
    { code: 'A', meaning: 'not regulated', agencies: 'FDA, APHIS' },
    { code: 'C', meaning: 'filed in eDecs', agencies: 'FWS' },
    { code: 'E', meaning: 'no fish or wildlife', agencies: 'FWS' },
    { code: 'F', meaning: 'US goods returned to a warehouse', agencies: 'FDA' },
  ],
  [
    { prefix: '4415', flags: ['AL2'], agency: 'USDA APHIS (Lacey Act)', note: '' },
    { prefix: '0901', flags: ['FD1'], agency: 'FDA', note: '' },
    { prefix: '1604', flags: ['FD4'], agency: 'FDA', note: '' },
    { prefix: '4202292000', flags: [], agency: 'USDA APHIS (Lacey Act)', note: '' },
    { prefix: '4303', flags: ['FW1'], agency: 'FWS', note: '' },
  ],
  [
    {
      prefix: '22',
      agency: 'FDA',
      program: 'Food',
      reason: 'beverages are food',
      authority: '21 U.S.C. 381(m)',
    },
  ],
  messageSets,
);

const withLine = (hts: string, pga?: unknown[]): Shipment => {
  const r = parseShipment({
    type: 'formal',
    reference: 'R',
    transport: { mode: 'ocean', port_of_entry: '2704', arrival_date: '2026-12-01' },
    parties: [],
    lines: [
      {
        description: 'x',
        hts,
        origin: 'CN',
        quantity: [],
        value: { amount: 100, currency: 'USD' },
        ...(pga ? { pga } : {}),
      },
    ],
  });
  assert.ok(r.ok);
  return r.shipment;
};
const codes = (hts: string, pga?: unknown[]) =>
  pgaFindings(withLine(hts, pga), cat).map((f) => `${f.code}:${f.severity}`);

describe('PGA determination', () => {
  it('reads may and required from the wording, then from the 1/2 convention', () => {
    assert.equal(requirementOf(cat.flags.get('FD4'), 'FD4'), 'required');
    assert.equal(requirementOf(cat.flags.get('FD1'), 'FD1'), 'may');
    assert.equal(requirementOf(cat.flags.get('AL2'), 'AL2'), 'required');
    assert.equal(requirementOf(undefined, 'AQ3'), 'unknown');
  });
  it('recommends disclaim A on a may flag, filing on a required one, and lists allowed codes', () => {
    const may = determine(cat, '0901210000').agencies[0]!;
    assert.equal(may.requirement, 'may');
    assert.deepEqual(may.allowedDisclaims, ['A', 'C', 'F']);
    assert.equal(may.recommendation.disclaim, 'A');
    const req = determine(cat, '1604140000').agencies[0]!;
    assert.deepEqual(req.allowedDisclaims, []);
    assert.equal(req.recommendation.action, 'file');
    assert.ok(determine(cat, '4303101000').agencies[0]!.allowedDisclaims.includes('E'), 'E is for FWS');
  });
  it('labels inferred interest and never calls it a CBP flag', () => {
    const d = determine(cat, '2202100000');
    assert.equal(d.agencies[0]!.basis, 'inferred');
    assert.deepEqual(codes('2202100000'), ['PGA_INFERRED_INTEREST:info']);
    assert.deepEqual(determine(cat, '6109100012').agencies, []);
  });
  it('finds what is missing, wrong or not needed, line by line', () => {
    assert.deepEqual(codes('4415102000'), ['PGA_DATA_REQUIRED:error']);
    assert.deepEqual(
      codes('4415102000', [
        {
          agency: 'USDA APHIS',
          program: 'APL',
          message_set: { species: [{ genus: 'Pinus', harvest_country: 'CA' }] },
        },
      ]),
      [],
    );
    assert.deepEqual(codes('4415102000', [{ agency: 'APHIS', program: 'APL', disclaim: 'A' }]), [
      'PGA_DISCLAIM_NOT_ALLOWED:error',
    ]);
    assert.deepEqual(codes('0901210000'), ['PGA_DATA_OR_DISCLAIM:warning']);
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', program: 'FOO', disclaim: 'A' }]), []);
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', program: 'FOO', disclaim: 'E' }]), [
      'PGA_DISCLAIM_NOT_ALLOWED:error',
    ]);
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', program: 'FOO', disclaim: 'Z' }]), [
      'PGA_DISCLAIM_UNKNOWN:error',
      'PGA_DISCLAIM_NOT_ALLOWED:error',
    ]);
    assert.deepEqual(
      codes('0901210000', [{ agency: 'FDA', program: 'FOO', disclaim: 'A', message_set: {} }]),
      ['PGA_DISCLAIM_AND_DATA:error', 'PGA_DATA_OR_DISCLAIM:warning'],
    );
    assert.deepEqual(
      codes('0901210000', [
        { agency: 'FDA', program: 'FOO', disclaim: 'A' },
        { agency: 'EPA', program: 'TS1', flag: 'EP9', disclaim: 'A' },
      ]),
      ['PGA_FLAG_UNKNOWN:warning', 'PGA_AGENCY_NOT_FLAGGED:warning'],
    );
    // Flagged by the source without a code: whether data is required is unknown → file it.
    const lacey = determine(cat, '4202292000').agencies[0]!;
    assert.equal(lacey.requirement, 'unknown');
    assert.equal(lacey.recommendation.action, 'file');
    assert.deepEqual(codes('4202292000'), ['PGA_DATA_OR_DISCLAIM:warning']);
  });
  it('checks the message set against its program: PG01, product code, entities, species, disclaims', () => {
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', disclaim: 'A' }]), ['PGA_PG01_MISSING:error']);
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', program: 'XYZ', message_set: {} }]), [
      'PGA_PROGRAM_UNKNOWN:error',
    ]);
    const food = { agency: 'FDA', program: 'FOO', processing_codes: ['NSF'] };
    assert.deepEqual(codes('0901210000', [{ ...food, message_set: {} }]), [
      'PGA_PRODUCT_CODE_MISSING:error',
      'PGA_ENTITY_MISSING:error',
    ]);
    const good = {
      ...food,
      message_set: {
        product: { qualifier: 'FDP', code: '29ABT01' },
        entities: [{ role: 'manufacturer', name: 'Cafe SA' }],
        constituents: [{ name: 'coffee', percent: 100 }],
      },
    };
    assert.deepEqual(codes('0901210000', [good]), []);
    assert.deepEqual(
      codes('0901210000', [
        {
          ...food,
          processing_codes: ['ZZZ'],
          message_set: {
            product: { qualifier: 'UPC', code: 'coffee' },
            entities: [{ role: 'pilot' }],
            constituents: [
              { name: 'a', percent: 70 },
              { name: 'b', percent: 40 },
            ],
            affirmations: [{ code: 'nope' }],
          },
        },
      ]),
      [
        'PGA_PROCESSING_CODE_UNKNOWN:error',
        'PGA_PRODUCT_QUALIFIER_INVALID:error',
        'PGA_PRODUCT_CODE_INVALID:error',
        'PGA_ENTITY_ROLE_UNKNOWN:error',
        'PGA_ENTITY_MISSING:error',
        'PGA_AFFIRMATION_UNKNOWN:error',
        'PGA_CONSTITUENT_INVALID:error',
      ],
    );
    // A disclaim carries PG01 only; F is for entry type 21.
    assert.deepEqual(codes('0901210000', [{ ...good, disclaim: 'A' }]), [
      'PGA_DISCLAIM_AND_DATA:error',
      'PGA_DATA_OR_DISCLAIM:warning',
    ]);
    assert.deepEqual(codes('4415102000', [{ agency: 'APHIS', program: 'APL', message_set: {} }]), [
      'PGA_SPECIES_MISSING:error',
    ]);
  });
  it('answers per shipment in the filer-facing shape, with the rejects ACE would give', () => {
    const s = withLine('0901210000');
    const d = determineShipment(cat, {
      ...s,
      lines: [...s.lines, { ...s.lines[0]!, hts: '4415.10.20.00' }, { ...s.lines[0]!, hts: '12' }],
    });
    assert.equal(d.reference, 'R');
    assert.deepEqual(
      d.lines.map((l) => l.hts),
      ['0901210000', '4415102000'],
    );
    const coffee = d.lines[0]!.agencies[0]!;
    assert.equal(coffee.source, 'cbp_flag');
    assert.equal(coffee.flag, 'FD1');
    assert.equal(coffee.requirement, 'may');
    assert.deepEqual(coffee.message_set, { pg01_agency: 'FDA', programs: ['FOO'] });
    assert.equal(coffee.recommendation.action, 'file');
    assert.match(coffee.recommendation.reasons[0]!, /disclaim with A/);
    const pallets = d.lines[1]!.agencies[0]!;
    assert.equal(pallets.requirement, 'required');
    assert.deepEqual(pallets.allowed_disclaims, []);
    assert.deepEqual(
      d.rejects.map((r) => `${r.code}@${r.path}`),
      ['PGA_DATA_REQUIRED@lines[1].pga', 'HTS_INVALID_FORMAT@lines[2].hts'],
    );
    assert.deepEqual(
      d.warnings.map((r) => r.code),
      ['PGA_DATA_OR_DISCLAIM'],
    );
    // A declared, accepted disclaim is the recommendation; entry type 21 suggests F for FDA.
    const disclaimed = determineShipment(
      cat,
      withLine('0901210000', [{ agency: 'FDA', program: 'FOO', disclaim: 'A' }]),
    );
    assert.deepEqual(disclaimed.lines[0]!.agencies[0]!.recommendation.code, 'A');
    assert.deepEqual(disclaimed.rejects, []);
    const returned = determineShipment(cat, { ...withLine('0901210000'), entry_type: '21' });
    assert.equal(returned.lines[0]!.agencies[0]!.recommendation.code, 'F');
    const wrongF = determineShipment(
      cat,
      withLine('0901210000', [{ agency: 'FDA', program: 'FOO', disclaim: 'F' }]),
    );
    assert.deepEqual(
      wrongF.rejects.map((r) => r.code),
      ['PGA_DISCLAIM_CONDITION'],
    );
  });
  it('tallies obligations met electronically, on paper and not at all, per agency', () => {
    const filings = [
      withLine('0901210000', [{ agency: 'FDA', program: 'FOO', disclaim: 'A' }]),
      withLine('0901210000', [{ agency: 'FDA', program: 'FOO', disclaim: 'D' }]),
      withLine('4303101000', [
        { agency: 'FWS', program: 'FWS', message_set: { lpco: [{ type: 'cites_permit' }] } },
      ]),
      withLine('4415102000'),
    ];
    const into = new Map<string, PaperlessTally>();
    for (const f of filings) tallyPaperless(cat, f, into);
    const fda = into.get('FDA')!;
    assert.deepEqual(fda, {
      agency: 'FDA',
      obligations: 2,
      electronic: 1,
      paper: 1,
      missing: 0,
      documents: 0,
    });
    assert.equal(paperlessRate(fda), 0.5);
    assert.equal(into.get('FWS')!.paper, 1);
    assert.equal(into.get('APHIS')!.missing, 1);
    assert.equal(paperlessRate(into.get('APHIS')!), null);
    // The same tallies from the counters each filing adds (ADR 0029), summed per key as the
    // store sums them, with the documents uploaded (an upload for no agency counts nowhere).
    const sums = new Map<string, number>();
    for (const f of filings)
      for (const c of paperlessCounts(cat, f)) sums.set(c.key, (sums.get(c.key) ?? 0) + c.n);
    const summed = [...sums].map(([key, n]) => ({ key, n }));
    const fromCounts = paperlessFromCounts(cat, summed, [
      { key: 'FDA', n: 2 },
      { key: '', n: 1 },
    ]);
    assert.equal(fromCounts.filings, 4);
    assert.deepEqual(
      fromCounts.tallies.sort((a, b) => a.agency.localeCompare(b.agency)),
      [...into.values()]
        .map((t) => (t.agency === 'FDA' ? { ...t, documents: 2 } : t))
        .sort((a, b) => a.agency.localeCompare(b.agency)),
    );
    assert.ok(!summed.some((c) => c.n === 0), 'no counter row for what did not happen');
  });
});
