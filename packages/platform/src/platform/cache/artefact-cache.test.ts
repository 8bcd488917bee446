import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Logger } from '../../kernel/ports.js';
import { tempDir } from '../../testing/support.js';
import { FileArtefactCache, cacheDirFor, codeVersion } from './artefact-cache.js';

interface Fit {
  weights: Float64Array;
  names: string[];
}
const isFit = (v: unknown): v is Fit =>
  (v as Fit | null)?.weights instanceof Float64Array && Array.isArray((v as Fit).names);

/** A logger that keeps its warnings. */
function recording(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const l = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (_: object, m: string) => void warnings.push(m),
    error: () => undefined,
    child: () => l,
  };
  return l;
}

const value: Fit = { weights: Float64Array.from([0.1, -0, 1e-300, 3.5]), names: ['a', 'é', ''] };

describe('artefact cache (ADR 0017)', () => {
  it('gives back what was stored, exactly, under the same kind and key', () => {
    const c = new FileArtefactCache(tempDir('tl-cache'), recording(), 'code-1');
    assert.equal(c.get('fit', 'k1', isFit), null);
    assert.equal(c.has('fit', 'k1'), false);
    c.put('fit', 'k1', value);
    assert.equal(c.has('fit', 'k1'), true);
    assert.equal(c.has('fit', 'k2') || c.has('other', 'k1'), false);
    assert.equal(
      new FileArtefactCache(c.dir, recording(), 'code-2').has('fit', 'k1'),
      false,
      'another build',
    );
    const got = c.get('fit', 'k1', isFit)!;
    assert.deepEqual([...got.weights], [...value.weights]);
    assert.ok(Object.is(got.weights[1], -0));
    assert.deepEqual(got.names, value.names);
    assert.equal(c.get('fit', 'k2', isFit), null, 'another key is a miss');
    assert.equal(c.get('other', 'k1', isFit), null, 'another kind is a miss');
    // Written atomically: no temporary file is left beside it.
    assert.deepEqual(
      readdirSync(c.dir).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('never hands one build’s or one runtime’s artefact to another', () => {
    const dir = tempDir('tl-cache');
    new FileArtefactCache(dir, recording(), 'code-1', 'node a').put('fit', 'k', value);
    const otherCode = recording();
    assert.equal(new FileArtefactCache(dir, otherCode, 'code-2', 'node a').get('fit', 'k', isFit), null);
    const otherRuntime = recording();
    const file = new FileArtefactCache(dir, otherRuntime, 'code-1', 'node b');
    assert.equal(file.has('fit', 'k'), false, 'has() reads the header too');
    assert.equal(file.get('fit', 'k', isFit), null);
    assert.match(otherRuntime.warnings.join(), /another runtime/);
  });

  it('ignores a damaged, truncated, foreign or misshapen file with a warning, and is rebuilt over it', () => {
    const log = recording();
    const c = new FileArtefactCache(tempDir('tl-cache'), log, 'code-1');
    c.put('fit', 'k', value);
    const file = c.fileOf('fit', 'k');
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3]! ^= 0xff;
    for (const [bytes, reason] of [
      [flipped, /checksum/],
      [good.subarray(0, good.length - 10), /truncated/],
      [Buffer.from('#!/bin/sh\nrm -rf /\n'), /not a cache file/],
      [Buffer.alloc(0), /not a cache file/],
    ] as const) {
      writeFileSync(file, bytes);
      // has() reads the header only: a payload damaged in place is left for get() to find.
      assert.equal(c.has('fit', 'k'), bytes === flipped);
      assert.equal(c.get('fit', 'k', isFit), null);
      assert.match(log.warnings.at(-1)!, reason);
    }
    c.put('fit', 'k', { weights: 'not an array' });
    assert.equal(c.get('fit', 'k', isFit), null);
    assert.match(log.warnings.at(-1)!, /expected shape/);
    c.put('fit', 'k', value);
    assert.deepEqual([...c.get('fit', 'k', isFit)!.weights], [...value.weights]);
  });

  it('answers a miss or the value for any corruption of a file, and never throws (property)', () => {
    const c = new FileArtefactCache(tempDir('tl-cache'), recording(), 'code-1');
    c.put('fit', 'k', value);
    const file = c.fileOf('fit', 'k');
    const good = readFileSync(file);
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
        fc.option(fc.nat()),
        (edits, cut) => {
          const bytes = Buffer.from(good);
          for (const e of edits) bytes[e.at % bytes.length] = e.byte;
          writeFileSync(file, bytes.subarray(0, cut === null ? bytes.length : cut % bytes.length));
          const has = c.has('fit', 'k');
          const got = c.get('fit', 'k', isFit);
          if (got !== null) {
            assert.equal(has, true, 'has() finds every file get() uses');
            // Only a file whose payload is intact is used.
            assert.deepEqual([...got.weights], [...value.weights]);
            assert.deepEqual(got.names, value.names);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the newest files of a kind', () => {
    const c = new FileArtefactCache(tempDir('tl-cache'), recording(), 'code-1');
    for (let i = 0; i < 7; i++) c.put('fit', `k${i}`, value);
    c.put('other', 'k', value);
    const names = readdirSync(c.dir);
    assert.equal(names.filter((n) => n.startsWith('fit-')).length, 4);
    assert.ok(c.get('fit', 'k6', isFit));
    assert.ok(c.get('other', 'k', isFit));
  });

  it('lives beside the SQLite file by default, where the operator says, or nowhere', () => {
    assert.equal(cacheDirFor(undefined, 'sqlite:/srv/tl/var/tradelane.db'), '/srv/tl/var/cache');
    assert.equal(cacheDirFor('/tmp/x', 'sqlite:/srv/tl/var/tradelane.db'), '/tmp/x');
    assert.equal(cacheDirFor('off', 'sqlite:/srv/tl/var/tradelane.db'), null);
    assert.match(cacheDirFor(undefined, 'postgres://h/db')!, /tradelane$/);
    assert.match(cacheDirFor(undefined, 'sqlite::memory:')!, /tradelane$/);
    assert.throws(() => new FileArtefactCache('/tmp').fileOf('../x', 'k'), /a-z/);
  });

  it('knows the running build by its code', () => {
    assert.match(codeVersion(), /^[0-9a-f]{64}$/);
    assert.equal(codeVersion(), codeVersion());
  });
});
