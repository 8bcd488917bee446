import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandKit } from '../platform/cli/command-kit.js';
import type { Container } from './container.js';
import { EXAMPLES, commandPath, leafCommands } from './cli-help.js';
import { buildProgram } from './program.js';

const kit: CommandKit<Container> = {
  run: () => Promise.reject(new Error('not run in this test')),
  out: () => undefined,
  setting: () => undefined,
};

describe('tradelane --help', () => {
  const program = buildProgram(kit);
  const leaves = leafCommands(program);

  it('has examples for every command, and every example names a command that exists', () => {
    assert.ok(leaves.length > 30, `${leaves.length} commands`);
    const paths = new Set(leaves.map(commandPath));
    const missing = [...paths].filter((p) => !EXAMPLES[p]?.length);
    assert.deepEqual(missing, [], 'commands without examples (add them to main/cli-help.ts)');
    for (const [path, examples] of Object.entries(EXAMPLES)) {
      assert.ok(paths.has(path), `examples for a command that does not exist: ${path}`);
      for (const e of examples) assert.ok(e.includes(`tradelane ${path}`), `${path}: ${e}`);
    }
  });

  it('shows --tenant and its default wherever a command takes a tenant for filing or reading', () => {
    const file = leaves.find((c) => commandPath(c) === 'file')!;
    assert.match(file.helpInformation(), /--tenant <id>\s+tenant \(filer\) to file for \(default: "local"\)/);
    assert.match(file.helpInformation(), /--template <format>/);
  });
});
