import {
  ClassifierModel,
  DEFAULT_PARAMS,
  type Classification,
  type LabeledExample,
  type TariffLineInput,
} from './domain/model.js';
import { Problem } from '../../kernel/problem.js';
import { tariffOn, type DataVersion } from '../reference/index.js';
import type { Tariff } from '../tariff/index.js';
import type { Clock, Crypto } from '../../kernel/ports.js';
import type { RefdataRepository } from '../reference/index.js';
import type { WordKnowledge } from './word-knowledge.js';
import type { ReferenceService } from '../reference/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface ClassificationStore {
  readonly refdata: RefdataRepository;
}

/** Bumped whenever the method changes, so that a model's version says how it was built. */
export const CLASSIFIER_ALGORITHM = 'tradelane-hs-fusion/3';

/** Data sets the model is built from, besides the tariff. */
export const CLASSIFIER_DATASETS = ['hs-nomenclature', 'labeled-rulings', 'labeled-operator'] as const;

/** The 10-digit lines of a tariff edition with their paths, as the classifier reads them. */
export function tariffLines(tariff: Tariff): TariffLineInput[] {
  return tariff.statisticalUnder('').flatMap((hts) => {
    const l = tariff.lookup(hts);
    return l ? [{ hts, description: l.description, path: l.path }] : [];
  });
}

export interface ClassifierOptions {
  /** Abstain when the top suggestion's score is below this. */
  readonly abstainBelow: number;
  /** The misclassification stage warns only at or above this score. */
  readonly warnAbove: number;
}

/**
 * Holds the classifier built from the data in force: the tariff edition in force, the HS
 * nomenclature and the labeled examples (CBP rulings, operator history). The model is rebuilt
 * when any of them changes; its version is a digest of the algorithm and of those snapshots.
 */
export class ClassificationService {
  private model: ClassifierModel | null = null;
  private key = '';
  private building: Promise<ClassifierModel | null> | null = null;

  constructor(
    private readonly store: ClassificationStore,
    private readonly reference: ReferenceService,
    private readonly crypto: Crypto,
    private readonly clock: Clock,
    readonly options: ClassifierOptions,
    private readonly words: WordKnowledge | null = null,
  ) {}

  /** The model in force, or null before `refresh` built one. */
  current(): ClassifierModel | null {
    return this.model;
  }

  /** The data version a decision records when the model took part. */
  versionOf(model: ClassifierModel): DataVersion {
    return { dataset: 'hs-classifier', snapshot: model.version, sha256: this.key };
  }

  /**
   * Builds the model when its inputs changed (or the first time); returns it, or null when no
   * tariff is loaded. Concurrent callers share one build.
   */
  async refresh(today = this.clock.now().slice(0, 10)): Promise<ClassifierModel | null> {
    if (this.building) return this.building;
    this.building = this.build(today).finally(() => (this.building = null));
    return this.building;
  }

  private async build(today: string): Promise<ClassifierModel | null> {
    const tariff = tariffOn(this.reference.current(), today);
    if (!tariff) return (this.model = null);
    const active = (await this.store.refdata.active()).filter((m) =>
      (CLASSIFIER_DATASETS as readonly string[]).includes(m.dataset),
    );
    const wordnet = this.words ? await this.words.load() : null;
    const key = this.crypto.sha256(
      [
        CLASSIFIER_ALGORITHM,
        JSON.stringify(DEFAULT_PARAMS),
        wordnet?.version ?? 'no-wordnet',
        tariff.info.sha256,
        ...active.map((m) => m.sha256),
      ].join('\n'),
    );
    if (this.model && key === this.key) return this.model;
    let hs: Record<string, string> = {};
    const examples: LabeledExample[] = [];
    for (const m of active) {
      const doc = (await this.store.refdata.document(m.id)) as {
        descriptions?: Record<string, string>;
        examples?: LabeledExample[];
      } | null;
      if (m.dataset === 'hs-nomenclature') hs = doc?.descriptions ?? {};
      else examples.push(...(doc?.examples ?? []));
    }
    this.model = new ClassifierModel({
      version: `${CLASSIFIER_ALGORITHM}@${key.slice(0, 12)}`,
      lines: tariffLines(tariff),
      hs: new Map(Object.entries(hs)),
      examples,
      wordnet,
    });
    this.key = key;
    return this.model;
  }

  /** Classifies with the model in force (building it first if needed). */
  async classify(description: string, top = 5): Promise<Classification & { model: string }> {
    const model = this.model ?? (await this.refresh());
    if (!model)
      throw new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded: the classifier has no tariff');
    return {
      ...model.classify(description, { top, abstainBelow: this.options.abstainBelow }),
      model: model.version,
    };
  }
}
