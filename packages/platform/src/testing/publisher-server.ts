import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FIXTURE_HTS_CSV, SHARED_DATA, hasSharedData } from './support.js';

export type Behaviour = 'ok' | 'truncate' | 'fail-once' | 'down';

/**
 * A local stand-in for the publishers: serves the shared files at the paths USITC and the UN/LOCODE
 * mirror use. Each path's behaviour can be switched: ok, truncate (declares the full length, sends
 * half, then closes), fail-once (one 503, then ok) or down (always 503).
 */
export async function startPublisher(): Promise<{
  url: string;
  hits: Map<string, number>;
  set(path: string, b: Behaviour): void;
  close(): Promise<void>;
}> {
  const files = new Map<string, Buffer>([
    [
      '/reststop/exportList',
      hasSharedData
        ? readFileSync(join(SHARED_DATA, 'hts-us-2026', 'hts_2026_basic_edition.csv'))
        : Buffer.from(FIXTURE_HTS_CSV),
    ],
    [
      '/country-codes.csv',
      hasSharedData
        ? readFileSync(join(SHARED_DATA, 'un-locode-aux', 'country-codes.csv'))
        : Buffer.from('CountryCode,CountryName\nCN,China\nUS,United States\n'),
    ],
  ]);
  if (hasSharedData) {
    const lists: [string, string][] = [
      ...['sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv'].map((f): [string, string] => [
        `/ofac/${f}`,
        `ofac-sdn/${f}`,
      ]),
      ...['cons_prim.csv', 'cons_alt.csv', 'cons_add.csv', 'cons_comments.csv'].map((f): [string, string] => [
        `/ofac/consolidated/${f}`,
        `ofac-consolidated-non-sdn/${f}`,
      ]),
      ['/csl.csv', 'csl-trade-gov-subset/csl.csv'],
      ['/dpl.txt', 'bis-denied-persons-list/dpl.txt'],
      ['/un.xml', 'un-security-council-consolidated/UN_consolidated.xml'],
    ];
    for (const [path, file] of lists) files.set(path, readFileSync(join(SHARED_DATA, file)));
  }
  const behaviour = new Map<string, Behaviour>();
  const hits = new Map<string, number>();
  const failedOnce = new Set<string>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body = files.get(path);
    if (!body) return void res.writeHead(404).end('not found');
    const b = behaviour.get(path) ?? 'ok';
    if (b === 'down' || (b === 'fail-once' && !failedOnce.has(path))) {
      failedOnce.add(path);
      return void res.writeHead(503).end('busy');
    }
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': body.length });
    if (b === 'truncate') {
      res.write(body.subarray(0, body.length >> 1), () => res.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    set: (path, b) => behaviour.set(path, b),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The settings that point every download of `refdata sync` at the stand-in. */
export function publisherEnv(url: string): Record<string, string> {
  return {
    TRADELANE_USITC_BASE_URL: url,
    TRADELANE_UNLOCODE_BASE_URL: url,
    TRADELANE_OFAC_BASE_URL: `${url}/ofac`,
    TRADELANE_CSL_URL: `${url}/csl.csv`,
    TRADELANE_DPL_URL: `${url}/dpl.txt`,
    TRADELANE_UN_SC_URL: `${url}/un.xml`,
  };
}
