/**
 * The misclassification stage: each line's declared number checked against its description by
 * the model in force (domain/check.ts), a warning when it is implausible. Bulk files repeat
 * lines: results are kept per description and declared number for the model in force, and, given
 * a memo shared by the filing worker threads, each distinct line is checked by one of them.
 */
import { memoBind, type Stage } from '../../kernel/stage.js';
import { PairMemo } from '../../kernel/text/memo.js';
import { tariffOn, type ReferenceService } from '../reference/index.js';
import type { ClassificationService } from './classification-service.js';
import type { ClassifierModel } from './domain/model.js';
import { checkDeclared, type CheckResult } from './domain/check.js';
import { checkedLine, makesFinding, misclassificationFindings } from './domain/stage.js';
import { mapCooperatively } from '../../platform/parallel/cooperative.js';
import type { Shipment } from '../../kernel/shipment.js';

/** Lines remembered per model; the memo is dropped when full. */
const REMEMBERED = 50_000;

/**
 * What the stage keeps of a line's check, as JSON text, by model version, declared code and
 * description, shared by threads (`kept`: the result when it warns, else null).
 */
export interface SharedClassifications {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/**
 * What the stage keeps of a check: the result when it makes a finding (an implausible number with a
 * suggestion: all misclassificationFindings reads), else null. Most lines are plausible, and a
 * result with its evidence is ~19 objects a full collection marks for as long as it is kept
 * (ADR 0040).
 */
const kept = (c: CheckResult | null): CheckResult | null => (makesFinding(c) ? c : null);

export function classificationStage(
  classification: ClassificationService,
  reference: ReferenceService,
  shared: SharedClassifications | null = null,
): Stage {
  const bind = memoBind((model: ClassifierModel) => {
    const seen = new PairMemo<CheckResult | null>(REMEMBERED);
    const thresholds = classification.thresholdsOf(model);
    const check = (description: string, declared: string): CheckResult | null => {
      let c = seen.get(description, declared);
      if (c === undefined) {
        const key = shared ? `${model.version}\u0000${declared}\u0000${description}` : '';
        const known = shared?.get(key);
        if (known !== undefined) c = JSON.parse(known) as CheckResult | null;
        else {
          c = kept(checkDeclared(model, thresholds, description, declared));
          shared?.set(key, JSON.stringify(c));
        }
        seen.set(description, declared, c);
      }
      return c;
    };
    const tariffFor = (shipment: Shipment, now: string) => {
      const ref = reference.current();
      return tariffOn(ref, shipment.transport.arrival_date.slice(0, 10)) ?? tariffOn(ref, now.slice(0, 10));
    };
    return {
      versions: [classification.versionOf(model)],
      run: ({ shipment, now }) =>
        misclassificationFindings(shipment, tariffFor(shipment, now), check, thresholds, model.version),
      // A filing's lines checked ahead, a turn of the event loop given every few milliseconds
      // (by the arrival date's edition: a filing arriving outside every edition is checked in `run`).
      prepare: async (shipment) => {
        const tariff = tariffOn(reference.current(), shipment.transport.arrival_date.slice(0, 10));
        if (!tariff) return;
        await mapCooperatively(shipment.lines, (line) => {
          const asked = checkedLine(line, tariff);
          if (asked) check(asked.description, asked.declared);
        });
      },
    };
  });
  return {
    name: 'classify',
    reads: ['lines.description', 'lines.hts', 'hs-classifier', 'hts'],
    bind: () => {
      const model = classification.current();
      return model ? bind(model) : null;
    },
  };
}
