/** Where `tradelane refdata sync` downloads each data set from: the publishers' addresses, as configured. */
import type { EditionHint, RemoteDataset } from '../modules/refdata/index.js';
import type { Config } from '../platform/config/config.js';

export function remoteDatasets(config: Config, hint: EditionHint | undefined): RemoteDataset[] {
  return [
    {
      dataset: 'hts',
      url: `${config.TRADELANE_USITC_BASE_URL}/reststop/exportList?from=0100&to=9999&format=CSV&styles=false`,
      name: 'htsus.csv',
      edition: hint ?? { edition: '2026 Basic', effectiveFrom: '2026-01-01' },
    },
    {
      dataset: 'countries',
      url: `${config.TRADELANE_UNLOCODE_BASE_URL}/country-codes.csv`,
      name: 'country-codes.csv',
    },
    {
      dataset: 'ofac-sdn',
      url: `${config.TRADELANE_OFAC_BASE_URL}/sdn.csv`,
      name: 'sdn.csv',
      more: ['alt.csv', 'add.csv', 'sdn_comments.csv'].map((name) => ({
        url: `${config.TRADELANE_OFAC_BASE_URL}/${name}`,
        name,
      })),
    },
    {
      dataset: 'ofac-cons',
      url: `${config.TRADELANE_OFAC_BASE_URL}/consolidated/cons_prim.csv`,
      name: 'cons_prim.csv',
      more: ['cons_alt.csv', 'cons_add.csv', 'cons_comments.csv'].map((name) => ({
        url: `${config.TRADELANE_OFAC_BASE_URL}/consolidated/${name}`,
        name,
      })),
    },
    { dataset: 'csl', url: config.TRADELANE_CSL_URL, name: 'consolidated.csv' },
    { dataset: 'bis-dpl', url: config.TRADELANE_DPL_URL, name: 'dpl.txt' },
    { dataset: 'un-sc', url: config.TRADELANE_UN_SC_URL, name: 'consolidated.xml' },
    ...(config.TRADELANE_PORTS_URL
      ? [{ dataset: 'ports' as const, url: config.TRADELANE_PORTS_URL, name: 'ports.csv' }]
      : []),
  ];
}
