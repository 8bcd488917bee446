/**
 * The misclassification stage: each line's declared number checked against its description by
 * the model in force (domain/check.ts), a warning when it is implausible. Bulk files repeat
 * lines: results are kept per description and declared number for the model in force.
 */
import { memoBind, type Stage } from '../../kernel/stage.js';
import { tariffOn, type ReferenceService } from '../reference/index.js';
import type { ClassificationService } from './classification-service.js';
import type { ClassifierModel } from './domain/model.js';
import { checkDeclared, type CheckResult } from './domain/check.js';
import { misclassificationFindings } from './domain/stage.js';

/** Descriptions remembered per model; the map is dropped when full. */
const REMEMBERED = 50_000;

export function classificationStage(
  classification: ClassificationService,
  reference: ReferenceService,
): Stage {
  const bind = memoBind((model: ClassifierModel) => {
    const seen = new Map<string, CheckResult | null>();
    const thresholds = classification.thresholdsOf(model);
    const check = (description: string, declared: string): CheckResult | null => {
      const key = `${declared}\u0000${description}`;
      let c = seen.get(key);
      if (c === undefined) {
        c = checkDeclared(model, thresholds, description, declared);
        if (seen.size >= REMEMBERED) seen.clear();
        seen.set(key, c);
      }
      return c;
    };
    return {
      versions: [classification.versionOf(model)],
      run: ({ shipment, now }) => {
        const ref = reference.current();
        const tariff =
          tariffOn(ref, shipment.transport.arrival_date.slice(0, 10)) ?? tariffOn(ref, now.slice(0, 10));
        return misclassificationFindings(shipment, tariff, check, thresholds, model.version);
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
