import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Problem } from '../../../kernel/problem.js';
import { SHARED_DATA } from '../../../testing/support.js';
import {
  parseCsl,
  parseDpl,
  parseOfacLegacy,
  parseOfacRemarks,
  parseUflpa,
  parseUnXml,
  parseWro,
} from './watchlists.js';

const EOF = '\r\n\x1a';
const SDN =
  '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' +
  '2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); a.k.a. \'THE DOCTOR\'."' +
  EOF;
const ALT = '36,12,"aka","AERO-CARIBBEAN",-0- ' + EOF;
const ADD = '36,25,-0- ,"Havana","Cuba",-0- ' + EOF;

const problem = (fn: () => unknown): Problem => {
  try {
    fn();
  } catch (e) {
    if (e instanceof Problem) return e;
    throw e;
  }
  assert.fail('expected a Problem');
};

describe('watch-list parsers', () => {
  it('reads OFAC legacy CSV: names, aliases, addresses, remarks facts', () => {
    const [air, person] = parseOfacLegacy('ofac-sdn', {
      primary: { name: 'sdn.csv', text: SDN },
      alt: { name: 'alt.csv', text: ALT },
      add: { name: 'add.csv', text: ADD },
    });
    assert.equal(air!.id, 'ofac-sdn:36');
    assert.deepEqual(
      air!.names.map((n) => n.kind),
      ['primary', 'alias'],
    );
    assert.equal(air!.addresses[0]!.country, 'Cuba');
    assert.equal(person!.type, 'person');
    assert.deepEqual(person!.birthDates, ['1951-06-19']);
    assert.deepEqual(person!.identifiers[0], { scheme: 'Passport', value: '1084010', country: 'Egypt' });
    assert.ok(person!.names.some((n) => n.kind === 'weak' && n.name === 'THE DOCTOR'));
    assert.deepEqual(parseOfacRemarks('nationality Iran; Tax ID No. 7744001497 (Russia)').countries, [
      'Iran',
    ]);
  });
  it('refuses a truncated OFAC file (no end-of-file marker) naming file and line', () => {
    const p = problem(() =>
      parseOfacLegacy('ofac-sdn', { primary: { name: 'sdn.csv', text: SDN.slice(0, 120) } }),
    );
    assert.equal(p.code, 'REFDATA_FORMAT');
    assert.match(p.message, /^sdn\.csv:\d+: .*truncated/);
    const wrong = problem(() =>
      parseOfacLegacy('ofac-sdn', { primary: { name: 'sdn.csv', text: '36,"A"' + EOF } }),
    );
    assert.match(wrong.message, /sdn\.csv:1: expected 12 fields/);
  });
  const CSL_HEAD =
    '_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n';
  const cslRow = (id: string, name: string) =>
    `"${id}","Entity List (EL) - Bureau of Industry and Security","","","","${name}","","1 Road, Shenzhen, CN","","","","","","","","","","","","","","","Alias ${id}","","","","","",""\n`;
  it('reads the CSL (header twice) and refuses a cut-off last record unless told to drop it', () => {
    const text = CSL_HEAD + CSL_HEAD + cslRow('a1', 'Alpha Tech') + cslRow('b2', 'Beta Labs');
    const rows = parseCsl(text, 'csl.csv');
    assert.deepEqual(
      rows.map((e) => e.id),
      ['csl:a1', 'csl:b2'],
    );
    assert.equal(rows[0]!.addresses[0]!.country, 'CN');
    const cut = text + '"c3","Entity List","","","","Gamma';
    assert.match(problem(() => parseCsl(cut, 'csl.csv')).message, /^csl\.csv:5: /);
    const warnings: string[] = [];
    assert.equal(parseCsl(cut, 'csl.csv', { dropIncompleteTail: true, warnings }).length, 2);
    assert.match(warnings[0]!, /csl\.csv:5: incomplete last record dropped/);
  });
  it('reads the shared CSL copy whole: its cut-off last record was removed (SOURCE.md)', () => {
    const file = join(SHARED_DATA, 'csl-trade-gov-subset', 'csl.csv');
    const warnings: string[] = [];
    // No option needed: the file ends on a complete record.
    const rows = parseCsl(readFileSync(file, 'utf8'), 'csl.csv', { warnings });
    assert.deepEqual(warnings, []);
    assert.equal(rows.length, 4219, '4,226 rows, seven ids listed twice');
    const sdn = rows.find((e) => e.id === 'csl:36')!;
    assert.equal(sdn.extra?.entity_number, '36', "a Treasury row keeps OFAC's entity number");
    assert.ok(!rows.some((e) => e.id === 'csl:11476'), 'the cut-off record is not in the copy');
  });
  it('reads the DPL, UFLPA and WRO files and names bad lines', () => {
    const dpl =
      '"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t"Effective_Date"\t"Expiration_Date"\t"Standard_Order"\t"Last_Update"\t"Action"\t"FR_Citation"\n' +
      '"JOHN DOE"\t"1 ST"\t"EL PASO"\t"TX"\t"US"\t"1"\t"08/24/2022"\t"01/14/2026"\t"Y"\t"2022-08-29"\t"ADDED"\t"87 F.R. 1"\n';
    assert.equal(parseDpl(dpl, 'dpl.txt')[0]!.listedOn, '2022-08-24');
    assert.match(
      problem(() => parseDpl(dpl + '"X"\t"Y"\n', 'dpl.txt')).message,
      /dpl\.txt:3: expected 12 fields/,
    );
    const uf = parseUflpa(
      'name,aliases,list_section,date_added\n"Acme Cotton Co., Ltd.","Acme (formerly known as)",x,2024-05-17\n',
      'e.csv',
    );
    assert.deepEqual(
      uf[0]!.names.map((n) => n.name),
      ['Acme Cotton Co., Ltd.', 'Acme'],
    );
    const wro = parseWro(
      'date,type,country,merchandise,entity,status\n2021-01-13,WRO,China,Cotton,,\n',
      'w.csv',
    );
    assert.deepEqual(wro[0]!.names, [], 'a region-wide order names no producer');
    assert.match(
      problem(() => parseWro('date,type,country,merchandise,entity,status\n2021,Ban,CN,x,y,\n', 'w.csv'))
        .message,
      /w\.csv:2: type/,
    );
  });
  it('reads the UN XML and names the line of broken XML', () => {
    const xml =
      '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ERIC</FIRST_NAME><SECOND_NAME>BADEGE</SECOND_NAME><UN_LIST_TYPE>DRC</UN_LIST_TYPE><NATIONALITY><VALUE>Congo</VALUE></NATIONALITY><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>E.B.</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_DATE_OF_BIRTH><YEAR>1971</YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>';
    const r = parseUnXml(xml, 'un.xml');
    assert.equal(r.asOf, '2026-02-27');
    assert.equal(r.entries[0]!.names[0]!.name, 'ERIC BADEGE');
    assert.equal(r.entries[0]!.names[1]!.kind, 'weak');
    assert.deepEqual(r.entries[0]!.birthDates, ['1971']);
    assert.deepEqual(r.entries[0]!.countries, ['Congo']);
    assert.match(
      problem(() => parseUnXml('<?xml version="1.0"?>\n<A>\n<B></A>', 'un.xml')).message,
      /^un\.xml:3: XML/,
    );
  });
});
