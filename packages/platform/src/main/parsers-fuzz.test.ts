/**
 * Every parser under fuzzing: NDJSON, CSV and JSON bodies, the filing contract, the OFAC, CSL, DPL,
 * UN, UFLPA and WRO list files, GLEIF, rule sets and program files. Any input either parses or is
 * refused with a Problem (a stable code) — never another exception, never a hang.
 * `TRADELANE_FUZZ_RUNS` sets the cases per parser (`npm run fuzz`).
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import { isProblem } from '../kernel/problem.js';
import { parseShipment } from '../kernel/shipment.js';
import { parseJsonText } from '../platform/ingest/json-text.js';
import { bufferItems } from '../platform/ingest/ndjson.js';
import { csvItems } from '../modules/filing/index.js';
import {
  parseCsl,
  parseDpl,
  parseOfacLegacy,
  parseUflpa,
  parseUnXml,
  parseWro,
} from '../modules/screening/index.js';
import { parseGleifJson } from '../modules/parties/index.js';
import { parseRuleSet } from '../modules/risk/index.js';
import { parseProgram } from '../modules/trusted-trader/index.js';
import { sampleShipment } from '../testing/support.js';

const RUNS = Number(process.env.TRADELANE_FUZZ_RUNS ?? 1250);

/** Text shaped like the formats (delimiters, quotes, tags, brackets) as well as anything at all. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(
      fc.constantFrom(
        '"',
        ',',
        '\n',
        '\r\n',
        '{',
        '}',
        '[',
        ']',
        ':',
        '<',
        '>',
        '/',
        '-0-',
        'a',
        '1',
        ' ',
        '\\',
        '\u0000',
      ),
      {
        maxLength: 120,
      },
    )
    .map((a) => a.join('')),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
);

/** Runs a parser; anything but a result or a Problem (or a plain Error naming the file) is a crash. */
function survives(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (isProblem(e)) return;
    if (e instanceof Error && !(e instanceof RangeError) && !(e instanceof TypeError)) return;
    throw e;
  }
}

/** Runs one property's cases and tells scripts/fuzz.js how many, in how long. */
async function counted(ctx: TestContext, run: () => unknown): Promise<void> {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  ctx.diagnostic(`fuzz parsers cases=${RUNS} seconds=${seconds.toFixed(1)}`);
}

describe('parser fuzzing: parse or refuse, never crash', () => {
  it('JSON text, NDJSON lines and the filing contract', (ctx) =>
    counted(ctx, () =>
      fc.assert(
        fc.property(text, (t) => {
          survives(() => parseJsonText(t));
          survives(() => [...bufferItems(Buffer.from(t), 1, 64 * 1024)]);
          let v: unknown = null;
          try {
            v = JSON.parse(t);
          } catch {
            return;
          }
          survives(() => parseShipment(v));
        }),
        { numRuns: RUNS },
      ),
    ));

  it('the filing contract with any field of a valid filing replaced', (ctx) => {
    const base = sampleShipment();
    return counted(ctx, () =>
      fc.assert(
        fc.property(fc.constantFrom(...Object.keys(base)), fc.jsonValue({ maxDepth: 4 }), (k, v) => {
          const r = parseShipment({ ...base, [k]: v });
          assert.ok(r.ok || r.issues.length > 0);
        }),
        { numRuns: RUNS },
      ),
    );
  });

  it('CSV shipments', (ctx) =>
    counted(ctx, () =>
      fc.assert(
        fc.asyncProperty(text, async (t) => {
          async function* src() {
            yield Buffer.from('reference,type,mode,description\n' + t);
          }
          for await (const item of csvItems(src())) assert.ok('value' in item || 'problem' in item);
        }),
        { numRuns: RUNS },
      ),
    ));

  it('watch lists, GLEIF, rule sets and program files', (ctx) =>
    counted(ctx, () =>
      fc.assert(
        fc.property(text, (t) => {
          survives(() => parseOfacLegacy('ofac-sdn', { primary: { name: 'sdn.csv', text: t } }));
          survives(() => parseCsl(t, 'csl.csv'));
          survives(() => parseDpl(t, 'dpl.txt'));
          survives(() => parseUnXml(t, 'un.xml'));
          survives(() => parseUflpa(t, 'uflpa.csv'));
          survives(() => parseWro(t, 'wro.csv'));
          survives(() => parseGleifJson(t, 'gleif.json'));
          let v: unknown = null;
          try {
            v = JSON.parse(t);
          } catch {
            return;
          }
          survives(() => parseRuleSet(v as never));
          survives(() => parseProgram(v as never));
        }),
        { numRuns: RUNS },
      ),
    ));
});
