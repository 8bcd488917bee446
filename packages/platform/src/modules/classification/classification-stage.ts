/**
 * The misclassification stage: each line's description read by the classifier in force, and a
 * warning when a confident suggestion disagrees with the declared number. Bulk files repeat
 * descriptions: suggestions are kept per description for the model in force, and, given a memo
 * shared by the filing worker threads, each distinct description is classified by one of them.
 */
import { memoBind, type Stage } from '../../kernel/stage.js';
import { tariffOn, type ReferenceService } from '../reference/index.js';
import type { ClassificationService } from './classification-service.js';
import type { Classification, ClassifierModel } from './domain/model.js';
import { misclassificationFindings } from './domain/stage.js';

/** Descriptions remembered per model; the map is dropped when full. */
const REMEMBERED = 50_000;

/** Classifications as JSON text by model version and description, shared by threads. */
export interface SharedClassifications {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export function classificationStage(
  classification: ClassificationService,
  reference: ReferenceService,
  shared: SharedClassifications | null = null,
): Stage {
  const bind = memoBind((model: ClassifierModel) => {
    const seen = new Map<string, Classification>();
    const abstainBelow = classification.options.abstainBelow;
    const classify = (description: string): Classification => {
      let c = seen.get(description);
      if (!c) {
        const key = shared ? `${model.version}\u0000${description}` : '';
        const known = shared?.get(key);
        if (known !== undefined) c = JSON.parse(known) as Classification;
        else {
          c = model.classify(description, { top: 3, abstainBelow });
          shared?.set(key, JSON.stringify(c));
        }
        if (seen.size >= REMEMBERED) seen.clear();
        seen.set(description, c);
      }
      return c;
    };
    return {
      versions: [classification.versionOf(model)],
      run: ({ shipment, now }) => {
        const ref = reference.current();
        const tariff =
          tariffOn(ref, shipment.transport.arrival_date.slice(0, 10)) ?? tariffOn(ref, now.slice(0, 10));
        return misclassificationFindings(
          shipment,
          tariff,
          classify,
          classification.options.warnAbove,
          model.version,
        );
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
