import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleFormal } from '../../../testing/support.js';
import { identifyParties } from './identify-parties.js';
import { parseShipment } from '../../../kernel/shipment.js';

const run = (parties: unknown[]) => {
  const r = parseShipment(sampleFormal({ parties }));
  assert.ok(r.ok);
  return identifyParties(r.shipment).map((f) => `${f.severity}:${f.code}@${f.path}`);
};

describe('party identification stage', () => {
  it('checks declared identifiers and compares a declared MID with the one the rules build', () => {
    const maker = {
      role: 'manufacturer',
      name: 'Amalgamated Plastics Corp.',
      address: { street: '586 Allwood Road', city: 'Hong Kong', country: 'HK' },
    };
    assert.deepEqual(
      run([
        {
          ...maker,
          identifiers: [
            { scheme: 'MID', value: 'HKAMAPLA586HON' },
            { scheme: 'LEI', value: '5493001KJTIIGC8Y1R12' },
          ],
        },
      ]),
      [],
    );
    assert.deepEqual(
      run([
        {
          ...maker,
          identifiers: [
            { scheme: 'MID', value: 'HKAMAPLA586KOW' },
            { scheme: 'LEI', value: '5493001KJTIIGC8Y1R13' },
            { scheme: 'GLN', value: '123' },
            { scheme: 'TAXID', value: '1' },
          ],
        },
      ]),
      [
        'warning:MID_MISMATCH@parties[0].identifiers[0].value',
        'error:IDENTIFIER_INVALID@parties[0].identifiers[1].value',
        'error:IDENTIFIER_INVALID@parties[0].identifiers[2].value',
        'warning:IDENTIFIER_SCHEME_UNKNOWN@parties[0].identifiers[3].scheme',
      ],
    );
  });
  it('reads the street line of a German invoice (city line first) and never the postal code', () => {
    const maker = (street: string, mid: string) => ({
      role: 'manufacturer',
      name: 'Müller Textil GmbH',
      address: { street, city: 'Berlin', postal_code: '10115', country: 'DE' },
      identifiers: [{ scheme: 'MID', value: mid }],
    });
    assert.deepEqual(run([maker('10115 Berlin\nHauptstraße 5', 'DEMULTEX5BER')]), []);
    assert.deepEqual(run([maker('Hauptstraße 5, 10115 Berlin', 'DEMULTEX5BER')]), []);
    assert.deepEqual(run([maker('7 12th Street', 'DEMULTEX7BER')]), []);
    assert.deepEqual(run([maker('10115 Berlin\nHauptstraße 5', 'DEMULTEX1011BER')]), [
      'warning:MID_MISMATCH@parties[0].identifiers[0].value',
    ]);
    assert.deepEqual(run([maker('7 12th Street', 'DEMULTEX12BER')]), [
      'warning:MID_MISMATCH@parties[0].identifiers[0].value',
    ]);
  });
});
