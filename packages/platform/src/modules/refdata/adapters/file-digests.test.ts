import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Clock } from '../../../kernel/ports.js';
import { FileArtefactCache } from '../../../platform/cache/artefact-cache.js';
import { systemClock } from '../../../platform/system/system.js';
import { fixtureDir, tempDir } from '../../../testing/support.js';
import type { DatasetFile, DatasetFailure } from '../source.js';
import { DirectorySource } from './directory-source.js';
import { FileDigests } from './file-digests.js';

/** A clock an hour ahead: every file written by the test has settled. */
const later: Clock = { now: () => new Date(Date.parse(systemClock.now()) + 3_600_000).toISOString() };

async function scan(dir: string, digests: FileDigests | null): Promise<Map<string, DatasetFile>> {
  const out = new Map<string, DatasetFile>();
  for await (const f of new DirectorySource(dir, undefined, new Set(), digests).datasets()) {
    assert.ok('sha256' in f, (f as DatasetFailure).error);
    out.set(f.dataset, f);
  }
  return out;
}
const digestsOf = (m: Map<string, DatasetFile>) => new Map([...m].map(([k, f]) => [k, f.sha256]));

/**
 * A directory's data-set digests remembered by the files' state (a server's start-up import reads
 * only what changed). What must hold: an unchanged file is not read; a changed one always is, even
 * rewritten with the same size and modification time; a file changed a moment ago is not
 * remembered; a digest is trusted for a day at most; what the importer then parses is checked
 * against the remembered digest, which is forgotten when it proves wrong.
 */
describe('data-set digests remembered by file state', () => {
  it('gives the digests of a plain scan, and does not read unchanged files again', async () => {
    const dir = fixtureDir();
    const cache = new FileArtefactCache(tempDir('tl-artefacts'));
    const plain = digestsOf(await scan(dir, null));
    assert.deepEqual(digestsOf(await scan(dir, new FileDigests(cache, dir, later))), plain);
    // Told a false digest for the ports file as it stands, a scan believes it: it did not read it.
    const ports = join(dir, 'us-port-codes', 'ports.csv');
    const lying = new FileDigests(cache, dir, later);
    lying.set([{ path: ports, stat: statSync(ports, { bigint: true }) }], 'f'.repeat(64));
    lying.save();
    const told = await scan(dir, new FileDigests(cache, dir, later));
    assert.equal(told.get('ports')!.sha256, 'f'.repeat(64));
    assert.equal(told.get('hts')!.sha256, plain.get('hts'));
    // Parsing reads the file and finds it is not what the digest said; that digest is forgotten.
    await assert.rejects(told.get('ports')!.parse(), /not what its remembered digest says/);
    assert.deepEqual(digestsOf(await scan(dir, new FileDigests(cache, dir, later))), plain);
  });

  it('trusts a remembered digest for a day at most, and not from a clock set back', async () => {
    const dir = fixtureDir();
    const cache = new FileArtefactCache(tempDir('tl-artefacts'));
    const plain = digestsOf(await scan(dir, null));
    const ports = join(dir, 'us-port-codes', 'ports.csv');
    const lying = new FileDigests(cache, dir, later);
    lying.set([{ path: ports, stat: statSync(ports, { bigint: true }) }], 'f'.repeat(64));
    lying.save();
    const at = (hours: number): Clock => ({
      now: () => new Date(Date.parse(later.now()) + hours * 3_600_000).toISOString(),
    });
    assert.equal((await scan(dir, new FileDigests(cache, dir, at(23)))).get('ports')!.sha256, 'f'.repeat(64));
    assert.equal(
      (await scan(dir, new FileDigests(cache, dir, at(25)))).get('ports')!.sha256,
      plain.get('ports'),
    );
    assert.equal(
      (await scan(dir, new FileDigests(cache, dir, at(-1)))).get('ports')!.sha256,
      plain.get('ports'),
    );
  });

  it('reads a file rewritten with the same size and modification time', async () => {
    const dir = fixtureDir();
    const cache = new FileArtefactCache(tempDir('tl-artefacts'));
    const countries = join(dir, 'un-locode-aux', 'country-codes.csv');
    const whole = 1_767_225_600; // a time in whole seconds, set back exactly after the rewrite
    utimesSync(countries, whole, whole);
    const before = digestsOf(await scan(dir, new FileDigests(cache, dir, later)));
    const st = statSync(countries);
    const text = readFileSync(countries, 'utf8');
    writeFileSync(countries, text.replace('Viet Nam', 'Viet-Nam'));
    utimesSync(countries, whole, whole);
    assert.equal(statSync(countries).size, st.size);
    assert.equal(statSync(countries).mtimeMs, st.mtimeMs);
    const after = digestsOf(await scan(dir, new FileDigests(cache, dir, later)));
    assert.notEqual(after.get('countries'), before.get('countries'));
    assert.deepEqual(after, digestsOf(await scan(dir, null)));
    assert.equal(after.get('hts'), before.get('hts'));
  });

  it('does not remember a file changed a moment ago', async () => {
    const dir = fixtureDir();
    const cache = new FileArtefactCache(tempDir('tl-artefacts'));
    await scan(dir, new FileDigests(cache, dir, systemClock)); // the files were written just now
    const ports = join(dir, 'us-port-codes', 'ports.csv');
    const state = [{ path: ports, stat: statSync(ports, { bigint: true }) }];
    assert.equal(new FileDigests(cache, dir, later).get(state), undefined);
    await scan(dir, new FileDigests(cache, dir, later));
    assert.match(new FileDigests(cache, dir, later).get(state) ?? '', /^[0-9a-f]{64}$/);
  });
});
