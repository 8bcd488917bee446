/** The classification module's public surface: what other modules and main may use. */
export { parseHsCsv, parseLabeled } from './adapters/labeled.js';
export { wordNetFiles } from './adapters/wordnet-files.js';
export { CLASSIFIER_DATASETS, ClassificationService } from './classification-service.js';
export type { ClassifierPrebuild } from './classification-service.js';
export type { Classification, ClassifierModel } from './domain/model.js';
export { misclassificationFindings } from './domain/stage.js';
export { classificationRoutes } from './routes.js';
export { registerClassificationCommands } from './commands.js';
export { classificationStage, type SharedClassifications } from './classification-stage.js';
export { KyselyCorrections } from './db.js';
export type { CorrectionRecord, CorrectionRepository } from './repository.js';
export { CORPORA, CORPUS_DATASETS, parseCorpus, type CorpusDataset } from './adapters/corpora.js';
export type { CheckResult, CheckThresholds } from './domain/check.js';
