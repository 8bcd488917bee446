import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openApiDocument } from './openapi-dump.js';

describe('the OpenAPI document the console is generated from', () => {
  it('contains every schema it refers to (a dangling $ref fails the console build)', async () => {
    const doc = (await openApiDocument()) as { components: { schemas: Record<string, unknown> } };
    const text = JSON.stringify(doc);
    const refs = [...new Set(text.match(/#\/components\/schemas\/[^"]+/g) ?? [])];
    assert.ok(refs.length > 10, 'the document refers to its named schemas');
    const missing = refs.filter((r) => !(r.split('/').pop()! in doc.components.schemas));
    assert.deepEqual(missing, []);
  });
});
