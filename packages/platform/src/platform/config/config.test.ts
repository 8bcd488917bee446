import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('leaves the filing workers to V8 by default, and takes a heap limit in MB', () => {
    assert.equal(loadConfig({}).TRADELANE_WORKER_HEAP_MB, 0);
    assert.equal(loadConfig({ TRADELANE_WORKER_HEAP_MB: '1024' }).TRADELANE_WORKER_HEAP_MB, 1024);
    assert.equal(loadConfig({ TRADELANE_WORKER_HEAP_MB: '' }).TRADELANE_WORKER_HEAP_MB, 0, 'empty is unset');
  });

  it('names the setting, the rule and the value it refuses', () => {
    for (const bad of ['100', '-1', '1.5', 'lots']) {
      assert.throws(
        () => loadConfig({ TRADELANE_WORKER_HEAP_MB: bad }),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.message.startsWith('invalid configuration:\n  TRADELANE_WORKER_HEAP_MB: ') &&
          e.message.endsWith(`(got "${bad}")`),
        bad,
      );
    }
    assert.throws(
      () => loadConfig({ TRADELANE_WORKER_HEAP_MB: '100' }),
      /0 \(V8's own limit\) or at least 256/,
    );
  });
});
