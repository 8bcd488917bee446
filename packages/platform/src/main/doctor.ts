/**
 * `tradelane doctor`: what an operator checks before serving, one line per check with the fix.
 * Nothing is imported or changed, except that opening the database applies its migrations (as
 * every command does).
 */
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirFor } from '../platform/cache/artefact-cache.js';
import { folderProblem } from '../platform/cli/command-kit.js';
import { oneLine } from '../platform/cli/exit.js';
import { ConfigError, loadConfig, type Config } from '../platform/config/config.js';
import { systemClock } from '../platform/system/system.js';
import { PACKAGE_JSON, PACKAGE_ROOT } from '../platform/system/package-root.js';
import { bundleIsCurrent } from '../platform/system/bundle-stamp.js';
import { silentLogger } from '../kernel/ports.js';
import { createContainer } from './container.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';
export interface Check {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string;
}

/** Days after which a data set is stale (its publisher's date, else its import): lists change weekly. */
export const STALE_AFTER_DAYS: Readonly<Record<string, number>> = {
  'ofac-sdn': 14,
  'ofac-cons': 14,
  csl: 14,
  'bis-dpl': 30,
  'un-sc': 30,
  uflpa: 90,
  'cbp-wro': 90,
  gleif: 90,
  hts: 200,
  countries: 400,
  ports: 400,
  'pga-flags': 400,
};
/** Data sets without which the server is not ready (/readyz 503), and those it is degraded without. */
const REQUIRED = ['hts', 'countries'];
const LISTS = ['ofac-sdn', 'ofac-cons', 'csl', 'bis-dpl', 'un-sc', 'uflpa', 'cbp-wro'];

const DAY = 86_400_000;

function engines(): string {
  return PACKAGE_JSON.engines?.node ?? '>=20.19';
}

/** `>=20.19` against `20.20.2`. */
export function nodeSatisfies(range: string, version: string): boolean {
  const want = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!want) return true;
  const have = version.replace(/^v/, '').split('.').map(Number);
  const need = [Number(want[1]), Number(want[2] ?? 0), Number(want[3] ?? 0)];
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i]!;
  return true;
}

function nodeCheck(): Check {
  const range = engines();
  const ok = nodeSatisfies(range, process.version);
  return {
    check: 'node',
    status: ok ? 'ok' : 'fail',
    detail: `${process.version} (Tradelane needs ${range})`,
    ...(ok
      ? {}
      : { fix: `install Node.js ${range.replace('>=', '')} or later (nodejs.org, or nvm install 20)` }),
  };
}

/** SQLite: the file (or its folder) must be writable; PostgreSQL is tried by opening it. */
function sqlitePathCheck(url: string): Check | null {
  if (!url.startsWith('sqlite:')) return null;
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  if (path === ':memory:') return { check: 'database path', status: 'ok', detail: 'in memory' };
  const abs = resolve(path);
  let dir = dirname(abs);
  while (!existsSync(dir)) dir = dirname(dir);
  const target = existsSync(abs) ? abs : dir;
  try {
    accessSync(target, constants.W_OK);
    return { check: 'database path', status: 'ok', detail: `${abs} is writable` };
  } catch {
    return {
      check: 'database path',
      status: 'fail',
      detail: `${target} is not writable`,
      fix: 'point TRADELANE_DATABASE_URL at a writable place, e.g. sqlite:./var/tradelane.db',
    };
  }
}

/**
 * The artefact cache (ADR 0017): off, or a folder that is (or can be made) writable, with what it
 * holds. Without it every start and every filing worker builds the lists' index and the classifier.
 */
export function cacheCheck(setting: string | undefined, databaseUrl: string): Check {
  const dir = cacheDirFor(setting, databaseUrl);
  if (dir === null)
    return {
      check: 'artefact cache',
      status: 'warn',
      detail: 'off (TRADELANE_CACHE_DIR=off): every start builds the screening index and the classifier',
      fix: 'unset TRADELANE_CACHE_DIR, or point it at a writable folder',
    };
  let target = dir;
  while (!existsSync(target)) target = dirname(target);
  try {
    if (!statSync(target).isDirectory()) throw new Error('not a folder');
    accessSync(target, constants.W_OK);
  } catch {
    return {
      check: 'artefact cache',
      status: 'warn',
      detail: `${target} is not a writable folder: every start builds the screening index and the classifier`,
      fix: 'point TRADELANE_CACHE_DIR at a writable folder, or set it to off',
    };
  }
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bin')) : [];
  const bytes = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  return {
    check: 'artefact cache',
    status: 'ok',
    detail:
      files.length === 0
        ? `${dir}: writable, empty (the next start fills it)`
        : `${dir}: writable, ${files.length} artefacts, ${(bytes / 1048576).toFixed(1)} MB`,
  };
}

function portCheck(host: string, port: number): Promise<Check> {
  if (port === 0) return Promise.resolve({ check: 'port', status: 'ok', detail: 'any free port (0)' });
  return new Promise((done) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) =>
      done({
        check: 'port',
        status: 'warn',
        detail: `${host}:${port} is not free (${e.code})`,
        fix: 'stop what listens there (another tradelane serve?), or set TRADELANE_PORT / --port',
      }),
    );
    s.listen(port, host, () =>
      s.close(() => done({ check: 'port', status: 'ok', detail: `${host}:${port} is free` })),
    );
  });
}

/** A message bus (NATS…) when a setting names one: its host and port answer. */
function busChecks(config: Config): Promise<Check>[] {
  const entries = Object.entries(config as unknown as Record<string, unknown>).filter(
    ([k, v]) => /NATS|BUS/.test(k) && /URL|SERVERS/.test(k) && typeof v === 'string' && v !== '',
  );
  return entries.map(([setting, value]) => {
    const first = String(value).split(',')[0]!.trim();
    const u = new URL(/^[a-z]+:\/\//i.test(first) ? first : `nats://${first}`);
    const port = Number(u.port || 4222);
    return new Promise<Check>((done) => {
      const socket = createConnection({ host: u.hostname, port, timeout: 2000 });
      const end = (c: Check) => {
        socket.destroy();
        done(c);
      };
      socket.once('connect', () =>
        end({ check: 'bus', status: 'ok', detail: `${u.hostname}:${port} answers (${setting})` }),
      );
      const down = (why: string) =>
        end({
          check: 'bus',
          status: 'fail',
          detail: `${u.hostname}:${port} (${setting}): ${why}`,
          fix: `start the bus, or correct ${setting}`,
        });
      socket.once('timeout', () => down('no answer in 2 s'));
      socket.once('error', (e: NodeJS.ErrnoException) => down(e.code ?? e.message));
    });
  });
}

/**
 * Whether the command runs as the build's bundle (dist/main/cli.bundle.js, ADR 0036), or, each
 * start ~0.5 s slower, as its compiled modules: bin/tradelane.js runs those when the bundle is not
 * that of the last compile and the installed packages (bundle-stamp.ts). `running`: the file this
 * code was loaded from.
 */
export function commandCheck(running = fileURLToPath(import.meta.url), root = PACKAGE_ROOT): Check {
  const bundle = join(root, 'dist', 'main', 'cli.bundle.js');
  if (running === bundle) return { check: 'command', status: 'ok', detail: `runs as one bundle (${bundle})` };
  const why = !existsSync(bundle)
    ? 'there is no bundle'
    : !bundleIsCurrent(root)
      ? 'the bundle is not that of the last compile and the installed packages'
      : 'it was started from them, not from bin/tradelane.js';
  return {
    check: 'command',
    status: 'warn',
    detail: `runs as its compiled modules (${why}): every command starts ~0.5 s slower`,
    fix: 'npm run build (compiles and bundles)',
  };
}

/**
 * The classifier of the data loaded, and whether its fit came from the artefact cache: a build
 * without it (after an upgrade, or data imported without a cache) costs every start seconds, and
 * this check's own build writes it for the next (ADR 0017).
 */
export function classifierCheck(
  built: {
    readonly model: { readonly version: string };
    readonly fit: 'fitted' | 'cached';
    readonly cacheable: boolean;
  } | null,
  cacheOn: boolean,
): Check {
  if (!built)
    return {
      check: 'classifier',
      status: 'warn',
      detail: 'not built: no tariff loaded',
      fix: 'import the reference data (tradelane refdata import --dir DIR)',
    };
  const what = `${built.model.version} built from the tariff, the HS nomenclature and the rulings loaded`;
  if (built.fit === 'cached')
    return { check: 'classifier', status: 'ok', detail: `${what}; its fit read from the artefact cache` };
  if (cacheOn && built.cacheable)
    return {
      check: 'classifier',
      status: 'ok',
      detail: `${what}; its fit was not in the artefact cache (a new build of Tradelane, or new data): built now and written there, the next start reads it`,
    };
  return {
    check: 'classifier',
    status: 'ok',
    detail: `${what}; not cached (${cacheOn ? 'WordNet known by name only' : 'no artefact cache'}): every start and filing worker builds it`,
  };
}

/**
 * TRADELANE_REFDATA_DIR, when set, must be a folder: every start imports from it. Null when it is
 * unset or usable.
 */
export function refdataDirCheck(dir: string | undefined): Check | null {
  const problem = dir ? folderProblem(dir) : null;
  if (!problem) return null;
  return {
    check: 'settings',
    status: 'fail',
    detail: `TRADELANE_REFDATA_DIR=${dir}: ${problem}; every start fails to import from it`,
    fix: 'point TRADELANE_REFDATA_DIR at a folder laid out like shared/data (e.g. ../shared/data), or unset it',
  };
}

/** Every check, in the order an operator fixes them. */
export async function runDoctor(env: Record<string, string | undefined> = process.env): Promise<Check[]> {
  const checks: Check[] = [nodeCheck(), commandCheck()];
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    checks.push({
      check: 'settings',
      status: 'fail',
      detail: oneLine(e.message),
      fix: 'correct the setting named',
    });
    return checks;
  }
  const refdataDir = refdataDirCheck(config.TRADELANE_REFDATA_DIR);
  checks.push(
    refdataDir ?? { check: 'settings', status: 'ok', detail: 'every TRADELANE_* setting is valid' },
  );
  const path = sqlitePathCheck(config.TRADELANE_DATABASE_URL);
  if (path) checks.push(path);
  if (path?.status === 'fail') return checks;
  checks.push(cacheCheck(config.TRADELANE_CACHE_DIR, config.TRADELANE_DATABASE_URL));
  const network = [portCheck(config.TRADELANE_HOST, config.TRADELANE_PORT), ...busChecks(config)];
  let c;
  try {
    c = await createContainer(config, { skipAutoImport: true, logger: silentLogger });
  } catch (e) {
    checks.push({
      check: 'database',
      status: 'fail',
      detail: `${redact(config.TRADELANE_DATABASE_URL)}: ${(e as Error).message.split('\n')[0]}`,
      fix: 'start the database or correct TRADELANE_DATABASE_URL',
    });
    checks.push(...(await Promise.all(network)));
    return checks;
  }
  try {
    checks.push({
      check: 'database',
      status: (await c.store.ping()) ? 'ok' : 'fail',
      detail: `${redact(config.TRADELANE_DATABASE_URL)} (${c.store.dialect}): reachable, writable, migrations current`,
    });
    checks.push(...(await refdataChecks(c, config, refdataDir === null)));
    await c.classification.refresh();
    checks.push(
      classifierCheck(
        c.classification.currentBuild(),
        cacheDirFor(config.TRADELANE_CACHE_DIR, config.TRADELANE_DATABASE_URL) !== null,
      ),
    );
  } finally {
    await c.close();
  }
  checks.push(...(await Promise.all(network)));
  return checks;
}

async function refdataChecks(
  c: Awaited<ReturnType<typeof createContainer>>,
  config: Config,
  dirUsable: boolean,
): Promise<Check[]> {
  const out: Check[] = [];
  const snapshots = await c.reference.snapshots();
  const active = new Map(snapshots.filter((s) => s.status === 'active').map((s) => [s.dataset, s]));
  const importFix =
    config.TRADELANE_REFDATA_DIR && dirUsable
      ? `it is imported from TRADELANE_REFDATA_DIR=${config.TRADELANE_REFDATA_DIR} at the next start; or run tradelane refdata import --dir ${config.TRADELANE_REFDATA_DIR}`
      : 'set TRADELANE_REFDATA_DIR=../shared/data (imported at start), or run tradelane refdata import --dir ../shared/data, or tradelane refdata sync';
  const now = Date.parse(systemClock.now());
  for (const dataset of [...REQUIRED, ...LISTS]) {
    if (!active.has(dataset))
      out.push({
        check: `refdata ${dataset}`,
        status: REQUIRED.includes(dataset) ? 'fail' : 'warn',
        detail: REQUIRED.includes(dataset)
          ? 'not loaded: the server is not ready (/readyz 503) and filings are refused'
          : 'not loaded: screening runs without this list (/readyz degraded)',
        fix: importFix,
      });
  }
  for (const s of [...active.values()].sort((a, b) => a.dataset.localeCompare(b.dataset))) {
    const dated = s.asOf ? `published ${s.asOf}` : 'undated by its publisher';
    const from = s.asOf || s.createdAt.slice(0, 10);
    const days = Math.floor((now - Date.parse(from)) / DAY);
    const limit = STALE_AFTER_DAYS[s.dataset];
    const stale = limit !== undefined && days > limit;
    out.push({
      check: `refdata ${s.dataset}`,
      status: stale ? 'warn' : 'ok',
      detail: `${s.edition ? `${s.edition}, ` : ''}${dated}, imported ${s.createdAt.slice(0, 10)}; ${days} days old${limit !== undefined ? ` (stale after ${limit})` : ''}`,
      ...(stale
        ? { fix: 'tradelane refdata sync, or import a newer copy with tradelane refdata import --dir DIR' }
        : {}),
    });
  }
  const failed = snapshots.filter((s) => s.status === 'failed' && !active.has(s.dataset));
  for (const f of failed.slice(-5))
    out.push({
      check: `refdata ${f.dataset}`,
      status: 'warn',
      detail: `the last load failed: ${(f.error ?? '').split('\n')[0]}`,
      fix: 'see tradelane refdata status; fix the file and import again',
    });
  return out;
}

/** A database URL without its password. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** One line per check: status, name, what was seen, and the fix. */
export function formatCheck(c: Check): string {
  return `${c.status.toUpperCase().padEnd(4)}  ${c.check.padEnd(24)}  ${c.detail}${c.fix ? ` — fix: ${c.fix}` : ''}`;
}
