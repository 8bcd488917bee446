/**
 * Test support: fixtures we wrote ourselves, the location of the shared reference data, and
 * stores on both databases. Not part of any layer; never imported by production code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../platform/config/config.js';
import { Tariff, type TariffRow } from '../modules/tariff/index.js';
import { CodeList, type ReferenceView } from '../modules/reference/index.js';
import { loadDeMinimisPolicy } from '../modules/validation/index.js';
import { parseHtsCsv } from '../modules/tariff/index.js';
import type { WatchlistEntry } from '../modules/screening/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const SHARED_DATA = process.env.TRADELANE_SHARED_DATA ?? join(REPO_ROOT, '..', 'shared', 'data');
export const hasSharedData = existsSync(join(SHARED_DATA, 'hts-us-2026'));

/**
 * Options of a test that reads the real reference data: none when it is there; when it is not,
 * the test file fails at once naming the folder and the setting (a test never skips silently).
 */
export function sharedData(): Record<string, never> {
  if (!hasSharedData)
    throw new Error(
      `this test reads the real reference data, and ${SHARED_DATA} has none (no hts-us-2026/): put ../shared/data beside the checkout or set TRADELANE_SHARED_DATA`,
    );
  return {};
}
export const CLI = join(REPO_ROOT, 'packages', 'platform', 'bin', 'tradelane.js');

/**
 * The artefact cache the tests share (ADR 0017): keyed by every input and the build, so tests on
 * different data never read each other's artefacts, and a build the suite made once is reused.
 */
export const TEST_CACHE_DIR = join(tmpdir(), 'tradelane-test-artefacts');

/** Runs the `tradelane` command to its end (logs silenced), with `input` on its standard input. */
export function runCli(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, TRADELANE_LOG_LEVEL: 'silent', TRADELANE_CACHE_DIR: TEST_CACHE_DIR, ...env },
    input,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** PostgreSQL for contract tests: TRADELANE_TEST_POSTGRES_URL, default the local test database; "off" skips. */
export const PG_URL = process.env.TRADELANE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const pgEnabled = PG_URL !== 'off';

/** NATS JetStream for the bus contract: TRADELANE_TEST_NATS_URL, default the local server; "off" skips. */
export const NATS_URL = process.env.TRADELANE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const natsEnabled = NATS_URL !== 'off';
export const uniquePrefix = (label = 'tlt'): string =>
  `${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

/** Waits until `check` holds (polling every `everyMs`), failing with `what` after `deadlineMs`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  deadlineMs = 10_000,
  everyMs = 20,
): Promise<void> {
  const end = performance.now() + deadlineMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const tempDir = (label = 'tl'): string => mkdtempSync(join(tmpdir(), `${label}-`));
export const tempSqliteUrl = (): string => `sqlite:${join(tempDir('tl-db'), 'test.db')}`;
export const uniqueSchema = (): string =>
  `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    TRADELANE_DATABASE_URL: tempSqliteUrl(),
    TRADELANE_LOG_LEVEL: 'silent',
    TRADELANE_DOCUMENTS_DIR: tempDir('tl-docs'),
    TRADELANE_CACHE_DIR: TEST_CACHE_DIR,
    ...env,
  });
}

/**
 * A small tariff in the USITC CSV export format, written for these tests: two headings with label
 * rows, inherited rates, a line with two units and one without units.
 */
export const FIXTURE_HTS_CSV = [
  '\uFEFFHTS Number,Indent,Description,Unit of Quantity,General Rate of Duty,Special Rate of Duty,Column 2 Rate of Duty,Quota Quantity,Additional Duties',
  '"6109","0","T-shirts, singlets, tank tops and similar garments, knitted or crocheted:","","","","","",""',
  '"6109.10.00","1","Of cotton","","16.5%","Free (AU,BH,CL)","90%","",""',
  '"","2","Men\'s or boys\':","","","","","",""',
  '"6109.10.00.12","3","Men\'s T-shirts (338)","[""doz."",""kg""]","","","","",""',
  '"6109.10.00.14","3","Boys\' T-shirts (338)","[""doz."",""kg""]","","","","",""',
  '"6109.90","1","Of other textile materials:","","","","","",""',
  '"6109.90.10","2","Of man-made fibers","","32%","Free (AU)","90%","",""',
  '"6109.90.10.07","3","Men\'s (638)","[""doz."",""kg""]","","","","",""',
  '"8471","0","Automatic data processing machines and units thereof:","","","","","",""',
  '"8471.30.01.00","1","Portable automatic data processing machines, weighing not more than 10 kg","[""No.""]","Free","","35%","",""',
  '"8471.90.00.00","1","Other","[""No.""]","Free","","35%","",""',
  '"9903.88.01","1","Articles the product of China, as provided for in U.S. note 20","[""""]","The duty provided in the applicable subheading + 25%","","","",""',
].join('\n');

export const fixtureRows = (): TariffRow[] => parseHtsCsv(FIXTURE_HTS_CSV);

export function fixtureTariff(edition = '2026 Basic', effectiveFrom = '2026-01-01'): Tariff {
  return new Tariff(
    { edition, effectiveFrom, snapshotId: 'snp_fixture', sha256: 'f'.repeat(64) },
    fixtureRows(),
  );
}

export function fixtureReference(): ReferenceView {
  const { policy } = loadDeMinimisPolicy();
  return {
    tariffs: [fixtureTariff()],
    ports: new CodeList([
      ['2704', 'LOS ANGELES, CA'],
      ['4701', 'JFK AIRPORT, NY'],
    ]),
    countries: new CodeList(['CN', 'US', 'VN', 'MX', 'CA', 'DE'].map((c) => [c, c] as const)),
    deMinimis: policy,
    versions: [{ dataset: 'hts', snapshot: 'snp_fixture', sha256: 'f'.repeat(64), edition: '2026 Basic' }],
  };
}

/** A date a few days from now: sample arrivals stay inside the accepted window whenever tests run. */
export const soon = (days = 3): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A shipment of wooden pallets from China (APHIS-flagged), with the PGA declarations given. */
/** A watch-list entry of list `list` (id `${list}:${id}`), an organization unless `over` says otherwise. */
export function listedEntry(
  id: string,
  names: string[],
  over: Partial<WatchlistEntry> = {},
  list = 'test',
): WatchlistEntry {
  return {
    id: `${list}:${id}`,
    list,
    sourceId: id,
    type: 'organization',
    names: names.map((name, i) => ({ name, kind: i === 0 ? 'primary' : 'alias' })),
    addresses: [],
    countries: [],
    identifiers: [],
    programs: [],
    birthDates: [],
    ...over,
  };
}

export function samplePallets(over: Record<string, unknown> = {}, pga?: unknown[]): Record<string, unknown> {
  return sampleShipment({
    ...over,
    lines: [
      {
        description: 'Wooden pallets',
        hts: '4415.20.40.00',
        origin: 'CN',
        quantity: [{ value: 10, unit: 'No.' }],
        value: { amount: 5000, currency: 'USD' },
        ...(pga ? { pga } : {}),
      },
    ],
  });
}

/** A valid low-value shipment as in the public contract; override any part. */
export function sampleShipment(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'low_value',
    reference: 'AWB-0001',
    transport: { mode: 'air', port_of_entry: '2704', arrival_date: soon(), bill_of_lading: '123-45678901' },
    parties: [
      {
        role: 'seller',
        name: 'Shenzhen Example Trading Co., Ltd.',
        address: { street: '88 Keyuan Road', city: 'Shenzhen', postal_code: '518057', country: 'CN' },
      },
      {
        role: 'consignee',
        name: 'Jane Doe',
        address: { street: '1 Main St', city: 'Austin', postal_code: '78701', country: 'US' },
      },
    ],
    lines: [
      {
        description: "Men's knitted cotton T-shirt",
        hts: '6109100012',
        origin: 'CN',
        quantity: [
          { value: 1, unit: 'doz.' },
          { value: 0.3, unit: 'kg' },
        ],
        value: { amount: 1999, currency: 'USD' },
      },
    ],
    ...over,
  };
}

/** A valid formal entry. */
export function sampleFormal(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base = sampleShipment();
  return {
    ...base,
    type: 'formal',
    reference: 'ENT-0001',
    transport: { mode: 'ocean', port_of_entry: '2704', arrival_date: soon() },
    parties: [
      { role: 'importer', name: 'Example Imports LLC', address: { city: 'Austin', country: 'US' } },
      { role: 'consignee', name: 'Example Imports LLC', address: { city: 'Austin', country: 'US' } },
      {
        role: 'manufacturer',
        name: 'Example Garment Factory',
        address: { city: 'Ho Chi Minh City', country: 'VN' },
      },
    ],
    ...over,
  };
}

/** A directory laid out like shared/data, with our fixture tariff and code lists. */
export function fixtureDir(htsText = FIXTURE_HTS_CSV): string {
  const dir = tempDir('tl-refdata');
  mkdirSync(join(dir, 'hts-us-2026'));
  writeFileSync(join(dir, 'hts-us-2026', 'hts_2026_basic_edition.csv'), htsText);
  mkdirSync(join(dir, 'un-locode-aux'));
  writeFileSync(
    join(dir, 'un-locode-aux', 'country-codes.csv'),
    'CountryCode,CountryName\nCN,China\nUS,United States\nVN,Viet Nam\n',
  );
  mkdirSync(join(dir, 'us-port-codes'));
  writeFileSync(
    join(dir, 'us-port-codes', 'ports.csv'),
    'port_name,port_code_raw,port_code_4\n"LOS ANGELES, CA",2704,2704\n"HALIFAX, CN",1,0001\n',
  );
  return dir;
}

/** The reference data for integration tests: the real shared data when present, else our fixture. */
export const refdataDir = (): string => (hasSharedData ? SHARED_DATA : fixtureDir());

/** The shared CSL copy is cut off in its last record: tests that import it say to drop that record. */
/** Settings of the lists in tests (none are needed since the shared CSL copy was mended). */
export const LIST_ENV: Readonly<Record<string, string>> = {};

/** Cuts bytes at the given points (taken modulo the length), as a stream would deliver them. */
export function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    parts.push(bytes.subarray(prev, p));
    prev = p;
  }
  return parts;
}
