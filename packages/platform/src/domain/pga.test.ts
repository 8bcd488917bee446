import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalogue, determine, pgaFindings, requirementOf } from './pga.js';
import { parseShipment, type Shipment } from './shipment.js';

const flag = (code: string, agency: string, meaning = '', disclaimAllowed = '') => ({
  code,
  agency,
  program: '',
  meaning,
  disclaimAllowed,
});
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
    assert.deepEqual(may.allowedDisclaims, ['A', 'C']);
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
    assert.deepEqual(codes('4415102000', [{ agency: 'USDA APHIS', message_set: { pg01: {} } }]), []);
    assert.deepEqual(codes('4415102000', [{ agency: 'APHIS', disclaim: 'A' }]), [
      'PGA_DISCLAIM_NOT_ALLOWED:error',
    ]);
    assert.deepEqual(codes('0901210000'), ['PGA_DATA_OR_DISCLAIM:warning']);
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', disclaim: 'A' }]), []);
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', disclaim: 'E' }]), [
      'PGA_DISCLAIM_NOT_ALLOWED:error',
    ]);
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', disclaim: 'Z' }]), [
      'PGA_DISCLAIM_UNKNOWN:error',
      'PGA_DISCLAIM_NOT_ALLOWED:error',
    ]);
    assert.deepEqual(codes('0901210000', [{ agency: 'FDA', disclaim: 'A', message_set: {} }]), [
      'PGA_DISCLAIM_AND_DATA:error',
      'PGA_DATA_OR_DISCLAIM:warning',
    ]);
    assert.deepEqual(
      codes('0901210000', [
        { agency: 'FDA', disclaim: 'A' },
        { agency: 'EPA', flag: 'EP9', disclaim: 'A' },
      ]),
      ['PGA_FLAG_UNKNOWN:warning', 'PGA_AGENCY_NOT_FLAGGED:warning'],
    );
    // Flagged by the source without a code: whether data is required is unknown → file it.
    const lacey = determine(cat, '4202292000').agencies[0]!;
    assert.equal(lacey.requirement, 'unknown');
    assert.equal(lacey.recommendation.action, 'file');
    assert.deepEqual(codes('4202292000'), ['PGA_DATA_OR_DISCLAIM:warning']);
  });
});
