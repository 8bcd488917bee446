import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, sampleShipment } from '../../testing/support.js';

describe(
  'HS classification: model from the shared data, POST /v1/classify, the misclassification stage',
  sharedData(),
  () => {
    let t: SharedApp;
    before(async () => {
      t = await sharedApp({}, { TRADELANE_CLASSIFY_WARN_ABOVE: '0.2' });
    });
    after(() => t.close());

    const auth = () => ({ authorization: `Bearer ${t.filer}` });
    const classify = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/classify', payload, headers: auth() });

    it('builds the model from the tariff, the HS nomenclature and the CBP rulings, versioned', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/v1/classify/model', headers: auth() });
      assert.equal(r.statusCode, 200);
      const m = r.json();
      assert.match(m.version, /^tradelane-hs-fusion\/3@[0-9a-f]{12}$/);
      assert.equal(m.examples, 697);
      assert.ok(m.lines > 19_000 && m.subheadings > 5_000);
      assert.ok(m.buildMs < 60_000);
    });

    it('suggests valid 10-digit numbers with scores and explanations', async () => {
      const r = await classify({ description: "men's knit shorts of 50% polyester and 50% cotton", top: 3 });
      assert.equal(r.statusCode, 200, r.body);
      const b = r.json();
      assert.equal(b.suggestions.length, 3);
      const tariff = t.c.reference.current().tariffs.at(-1)!;
      for (const s of b.suggestions) {
        assert.ok(tariff.statisticalLine(s.hts), s.hts);
        assert.ok(s.score >= 0 && s.score <= 1);
        assert.ok(s.explanation.path.length > 0);
      }
      assert.equal(b.suggestions[0].hts.slice(0, 4), '6103');
      const many = await classify({
        items: [{ id: 'a', description: 'steel pipe fittings' }, { description: 'laptop' }],
      });
      assert.deepEqual(
        many.json().results.map((x: { id: string }) => x.id),
        ['a', '1'],
      );
    });

    it('answers bad input with a result or a clear 400, never a 500', async () => {
      for (const description of [
        '',
        '?',
        '🙂🙂',
        '<p>cotton <b>shirt</b></p>',
        'Baumwoll-T-Shirt für Herren',
        '棉质T恤',
        'x'.repeat(100_000),
      ]) {
        const r = await classify({ description });
        assert.equal(r.statusCode, 200, description.slice(0, 20));
        if (r.json().suggestions.length === 0) assert.equal(r.json().abstain, true);
      }
      for (const payload of [
        {},
        { description: 5 },
        { description: 'x', top: 50 },
        { items: [] },
        { description: 'x'.repeat(200_001) },
      ]) {
        const r = await classify(payload);
        assert.equal(r.statusCode, 400, JSON.stringify(payload).slice(0, 40));
        assert.equal(r.json().code, 'REQUEST_INVALID');
      }
    });

    it('warns when the declared number and a confident suggestion disagree, and records the model', async () => {
      const s = sampleShipment({
        lines: [
          {
            description: "men's knit shorts made from 50% polyester and 50% cotton",
            hts: '8471.30.01.00',
            origin: 'CN',
            quantity: [{ value: 1, unit: 'No.' }],
            value: { amount: 5000, currency: 'USD' },
          },
        ],
      });
      const r = t.c.filing.evaluate('acme', s);
      const f = r.findings.find((x) => x.code === 'CLASSIFICATION_MISMATCH');
      assert.ok(f, JSON.stringify(r.findings.map((x) => x.code)));
      assert.equal(f.severity, 'warning');
      assert.equal(f.path, 'lines[0].hts');
      assert.equal(f.details!.level, 'heading');
      assert.equal((f.details!.suggested as string).slice(0, 4), '6103');
      assert.ok(r.versions.some((v) => v.dataset === 'hs-classifier'));
    });
  },
);
