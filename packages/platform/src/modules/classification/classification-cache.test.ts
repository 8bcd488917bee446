import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, tempDir } from '../../testing/support.js';
import { ClassificationService, type BuiltModel } from './classification-service.js';
import { wordNetFiles } from './adapters/wordnet-files.js';
import { nodeCrypto, systemClock } from '../../platform/system/system.js';
import { FileArtefactCache } from '../../platform/cache/artefact-cache.js';
import { tariffTreeData } from './domain/tree.js';
import type { Logger } from '../../kernel/ports.js';

/** Descriptions the answers are compared on: everyday lines, and a few of the model's own examples. */
const DESCRIPTIONS = [
  "men's knit shorts of 50% polyester and 50% cotton",
  'steel pipe fittings, threaded',
  'laptop computer',
  'frozen shrimp, peeled',
  'ceramic coffee mugs',
  'lithium-ion batteries for electric bicycles',
  'wooden pallets',
  'zzzz',
];

describe('the classifier’s fit and indices from the artefact cache (ADR 0017)', sharedData(), () => {
  let t: SharedApp;
  let dir: string;
  const warnings: string[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_, m) => void warnings.push(m),
    error: () => undefined,
    child: () => log,
  };
  /** A new service (as a new process has) over the same data and cache. */
  const service = (cacheDir: string) =>
    new ClassificationService(
      t.c.store,
      t.c.reference,
      nodeCrypto,
      systemClock,
      t.c.classification.options,
      wordNetFiles,
      new FileArtefactCache(cacheDir, log),
    );
  const built = async (s: ClassificationService): Promise<BuiltModel> => {
    await s.refresh();
    return s.currentBuild()!;
  };
  /** Everything a filing reads from the model: suggestions, scores, explanations, checks. */
  const answers = (b: BuiltModel) => {
    const examples = Array.from({ length: 20 }, (_, i) =>
      b.model.example(Math.floor((i * b.model.exampleCount) / 20)),
    );
    return {
      version: b.model.version,
      thresholds: b.thresholds,
      stats: { ...b.model.stats, buildMs: 0 },
      classify: [...DESCRIPTIONS, ...examples.map((e) => e!.description)].map((d) =>
        b.model.classify(d, { top: 5, abstainBelow: 0.2 }),
      ),
      check: examples.map((e) => b.model.candidates(e!.description, e!.hts)),
      tree: tariffTreeData(b.model.prebuilt().tree),
      R: b.model.prebuilt().R.data(),
    };
  };
  let fresh: ReturnType<typeof answers>;

  before(async () => {
    dir = tempDir('tl-artefacts');
    // The server's own build is the fresh one: its cache was empty; it wrote the fit.
    t = await sharedApp({}, { TRADELANE_CACHE_DIR: dir });
    const b = t.c.classification.currentBuild()!;
    assert.equal(b.fit, 'fitted');
    fresh = answers(b);
  });
  after(() => t.close());

  const files = () => readdirSync(dir).filter((n) => n.startsWith('classifier-'));

  it('a build from the cache has the same indices and answers exactly as a fresh build, without fitting again', async () => {
    assert.equal(files().length, 1);
    const second = await built(service(dir));
    assert.equal(second.fit, 'cached');
    assert.deepEqual(answers(second), fresh);
    assert.deepEqual(warnings, []);
  });

  it('a damaged cache file is ignored with a warning and rebuilt; the answers do not change', async () => {
    const [name] = files();
    writeFileSync(join(dir, name!), 'tradelane-artefact\n{"format":1}\nnot what was written');
    const b = await built(service(dir));
    assert.equal(b.fit, 'fitted');
    assert.match(warnings.join('\n'), /ignoring classifier/);
    assert.deepEqual(answers(b), fresh);
    const again = await built(service(dir));
    assert.equal(again.fit, 'cached', 'the rebuild wrote it again');
    assert.deepEqual(answers(again), fresh);
  });

  it('a changed input (an officer’s correction) is another key: fitted afresh, then reused', async () => {
    await t.c.classification.correct({
      tenant: 'cbp',
      officer: 'k',
      description: 'zorblax quadrifold garment for gentlemen',
      hts: '6109.10.00.12',
    });
    const b = await built(service(dir));
    assert.equal(b.fit, 'fitted');
    assert.notEqual(b.model.version, fresh.version);
    assert.equal(files().length, 2);
    const again = await built(service(dir));
    assert.equal(again.fit, 'cached');
    assert.deepEqual(answers(again), answers(b));
  });
});
