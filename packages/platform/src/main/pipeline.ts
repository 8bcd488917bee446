/**
 * The pipeline: the stages every filing runs through, in order. A new stage is one file in its
 * module and one line here. The lane decision (risk) follows the stages; see FilingService.
 */
import type { Stage } from '../kernel/stage.js';
import {
  classificationStage,
  type ClassificationService,
  type SharedClassifications,
} from '../modules/classification/index.js';
import { identifyStage, ownershipStage, type RegistryService } from '../modules/parties/index.js';
import { pgaStage } from '../modules/pga/index.js';
import type { ReferenceService } from '../modules/reference/index.js';
import { screeningStage, type ScreeningService } from '../modules/screening/index.js';
import { validationStage } from '../modules/validation/index.js';

export interface PipelineServices {
  readonly reference: ReferenceService;
  readonly screening: ScreeningService;
  /** The party registry, where it is loaded (the server); ownership signals need it. */
  readonly registry: RegistryService | null;
  /** The HS classifier, where the misclassification check runs. */
  readonly classification: ClassificationService | null;
  /** Classifications shared with the other filing worker threads (bulk filing). */
  readonly sharedClassifications?: SharedClassifications | null | undefined;
}

export function pipelineStages(s: PipelineServices): Stage[] {
  return [
    validationStage(s.reference),
    identifyStage(),
    pgaStage(s.reference),
    screeningStage(s.screening),
    ...(s.registry ? [ownershipStage(s.registry, s.screening)] : []),
    ...(s.classification
      ? [classificationStage(s.classification, s.reference, s.sharedClassifications ?? null)]
      : []),
  ];
}
