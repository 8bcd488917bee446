import {
  ClassifierModel,
  DEFAULT_PARAMS,
  type Classification,
  type LabeledExample,
  type LabelText,
  type TariffLineInput,
} from './domain/model.js';
import { calibrateCheck, checkDeclared, type CheckResult, type CheckThresholds } from './domain/check.js';
import { FEATURES } from './domain/features.js';
import type { FittedRanker } from './domain/model.js';
import { isTariffTreeData, restoreTariffTree, tariffTreeData, type TariffTreeData } from './domain/tree.js';
import { Bm25Index, isBm25Data, type Bm25Data } from '../../kernel/text/bm25.js';
import { CORPUS_DATASETS, SOURCE_WEIGHTS } from './domain/corpora.js';
import { Problem } from '../../kernel/problem.js';
import { htsDigits } from '../../kernel/hts-code.js';
import { tariffOn, type DataVersion, type SnapshotMeta } from '../reference/index.js';
import type { Tariff } from '../tariff/index.js';
import { noArtefactCache, type ArtefactCache, type Clock, type Crypto } from '../../kernel/ports.js';
import type { RefdataRepository } from '../reference/index.js';
import type { WordKnowledge } from './word-knowledge.js';
import type { ReferenceService } from '../reference/index.js';
import type { CorrectionRecord, CorrectionRepository } from './repository.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface ClassificationStore {
  readonly refdata: RefdataRepository;
  readonly corrections: CorrectionRepository;
}

/** Bumped whenever the method changes, so that a model's version says how it was built. */
export const CLASSIFIER_ALGORITHM = 'tradelane-hs-fusion/5';

/** Data sets the model is built from, besides the tariff and the officers' corrections. */
export const CLASSIFIER_DATASETS = [
  'hs-nomenclature',
  'labeled-rulings',
  'labeled-operator',
  ...CORPUS_DATASETS,
] as const;

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
  /** Kept for configuration compatibility: the stage now flags by the misdeclaration check. */
  readonly warnAbove: number;
}

/** A model with what it was built from and its check's thresholds. */
export interface BuiltModel {
  readonly model: ClassifierModel;
  readonly thresholds: CheckThresholds;
  /** The data set snapshots it was built from (the tariff first). */
  readonly inputs: readonly { dataset: string; snapshot: string; sha256: string }[];
  /** The officers' corrections it learned from: those with seq ≤ this. */
  readonly corrections: number;
  /** The corpora its examples and texts came from, with their counts. */
  readonly corpora: Readonly<Record<string, number>>;
  readonly key: string;
  /** Whether the fit was fitted by this build or read from the artefact cache. */
  readonly fit: 'fitted' | 'cached';
  /**
   * Whether its fit is kept in the artefact cache (when there is one): every input is known by its
   * content (WordNet from a folder of its own is known by name only, and is not).
   */
  readonly cacheable: boolean;
  /** When this process built it (its age on the console's home page). */
  readonly builtAt: string;
  /** The newest import among the snapshots it was built from: how old what it knows is. */
  readonly dataImportedAt: string | null;
}

/** A model built into the artefact cache and let go (`prebuild`). */
export interface ClassifierPrebuild {
  readonly version: string;
  /** `fitted`: built now; `cached`: the cache held it already. */
  readonly fit: 'fitted' | 'cached';
  /** Whether the fit goes into the cache at all (BuiltModel.cacheable). */
  readonly cacheable: boolean;
  readonly ms: number;
}

/** An officer's correction as given (the service adds the id, time and model). */
export interface CorrectionInput {
  readonly tenant: string;
  readonly officer: string;
  readonly description: string;
  readonly declared?: string | null;
  readonly hts: string;
  readonly decision?: 'reclassified' | 'confirmed';
  readonly reason?: string;
  readonly shipmentId?: string | null;
  readonly line?: number | null;
}

/** Models kept in memory: the one in force and the last replayed. */
const KEPT_MODELS = 2;

/**
 * Holds the classifier built from the data in force: the tariff edition in force, the HS
 * nomenclature, the corpora (rulings, search references, scope texts…), the operator's history
 * and the officers' corrections. The model is rebuilt when any of them changes and swapped in
 * whole; its version is a digest of the algorithm and of those inputs, and a decision made with
 * an older version replays with that version, rebuilt from the same snapshots and corrections.
 */
export class ClassificationService {
  private built: BuiltModel | null = null;
  private readonly kept = new Map<string, BuiltModel>();
  private building: Promise<ClassifierModel | null> | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ClassificationStore,
    private readonly reference: ReferenceService,
    private readonly crypto: Crypto,
    private readonly clock: Clock,
    readonly options: ClassifierOptions,
    private readonly words: WordKnowledge | null = null,
    /** Where the fitted ranker and the check's thresholds of a build are kept (ADR 0017). */
    private readonly cache: ArtefactCache = noArtefactCache,
  ) {}

  /** The model in force, or null before `refresh` built one. */
  current(): ClassifierModel | null {
    return this.built?.model ?? null;
  }

  /** The model in force with its inputs and check thresholds. */
  currentBuild(): BuiltModel | null {
    return this.built;
  }

  /** The misdeclaration check's thresholds of a model this service built (calibrated at build). */
  thresholdsOf(model: ClassifierModel): CheckThresholds {
    const b = this.kept.get(model.version);
    if (!b) throw new Problem('CLASSIFIER_MODEL_UNKNOWN', `model ${model.version} was not built here`);
    return b.thresholds;
  }

  /** The data version a decision records when the model took part. */
  versionOf(model: ClassifierModel): DataVersion {
    const b = this.kept.get(model.version);
    return { dataset: 'hs-classifier', snapshot: model.version, sha256: b?.key ?? '' };
  }

  /**
   * Builds the model when its inputs changed (or the first time); returns it, or null when no
   * tariff is loaded. Concurrent callers share one build.
   */
  async refresh(today = this.clock.now().slice(0, 10)): Promise<ClassifierModel | null> {
    if (this.building) return this.building;
    this.building = this.rebuild(today).finally(() => (this.building = null));
    return this.building;
  }

  private async rebuild(today: string): Promise<ClassifierModel | null> {
    const inputs = await this.inputsOn(today);
    if (!inputs) {
      this.built = null;
      return null;
    }
    const b = await this.build(inputs.tariff, inputs.snapshots, inputs.corrections);
    this.built = b;
    return b.model;
  }

  /** What a model built now is built from: the tariff in force, the active corpora, the corrections. */
  private async inputsOn(
    today: string,
  ): Promise<{ tariff: Tariff; snapshots: SnapshotMeta[]; corrections: number } | null> {
    const tariff = tariffOn(this.reference.current(), today);
    if (!tariff) return null;
    const snapshots = (await this.store.refdata.active()).filter((m) =>
      (CLASSIFIER_DATASETS as readonly string[]).includes(m.dataset),
    );
    return { tariff, snapshots, corrections: await this.store.corrections.last() };
  }

  /** The digest of a model's inputs: the method, the tariff, the snapshots, the corrections. */
  private keyOf(tariff: Tariff, snapshots: readonly SnapshotMeta[], corrections: number, wn: string): string {
    return this.crypto.sha256(
      [
        CLASSIFIER_ALGORITHM,
        JSON.stringify(DEFAULT_PARAMS),
        JSON.stringify(SOURCE_WEIGHTS),
        wn,
        tariff.info.sha256,
        ...[...snapshots].sort((a, b) => (a.id < b.id ? -1 : 1)).map((m) => m.sha256),
        `corrections:${corrections}`,
      ].join('\n'),
    );
  }

  /**
   * The key of a build's fit in the artefact cache: its inputs' digest and the officers'
   * corrections among its examples. Null when an input is known by name only (WordNet from a folder
   * of its own): such a fit is not cached.
   */
  private fitKeyOf(key: string, wordnet: string | null, examples: readonly LabeledExample[]): string | null {
    if (wordnet !== null && !wordnet.includes('@')) return null;
    return this.crypto.sha256(
      [key, ...examples.filter((e) => e.source === 'officer-correction').map((e) => JSON.stringify(e))].join(
        '\n',
      ),
    );
  }

  /**
   * Whether building the model of the data in force would read its fit from the artefact cache (or
   * find it built already): false means seconds of fitting, which a starting server overlaps with
   * its other builds. Reads the snapshots' list and WordNet's version, neither the corpora nor
   * WordNet itself. A guess for ordering work, never for answers: the build checks the cache itself.
   */
  async fitCached(today = this.clock.now().slice(0, 10)): Promise<boolean> {
    const inputs = await this.inputsOn(today);
    if (!inputs) return true; // no tariff: nothing to fit
    const wordnet = this.words ? await this.words.version() : null;
    const key = this.keyOf(inputs.tariff, inputs.snapshots, inputs.corrections, wordnet ?? 'no-wordnet');
    if (this.kept.has(versionOf(key, inputs.corrections))) return true;
    // The corpora hold no officers' corrections: those are the only examples the key reads.
    const corrections =
      inputs.corrections > 0 ? (await this.store.corrections.list(inputs.corrections)).map(exampleOf) : [];
    const cacheKey = this.fitKeyOf(key, wordnet, corrections);
    return cacheKey !== null && this.cache.has(FIT_ARTEFACT, cacheKey);
  }

  /** `keep`: remember the model among those kept (false: build it for the cache only). */
  private async build(
    tariff: Tariff,
    snapshots: readonly SnapshotMeta[],
    corrections: number,
    keep = true,
  ): Promise<BuiltModel> {
    const wordnet = this.words ? await this.words.load(this.cache) : null;
    const key = this.keyOf(tariff, snapshots, corrections, wordnet?.version ?? 'no-wordnet');
    const version = versionOf(key, corrections);
    const known = this.kept.get(version);
    if (known) return known;
    let hs: Record<string, string> = {};
    const examples: LabeledExample[] = [];
    const texts: LabelText[] = [];
    const corpora: Record<string, number> = {};
    for (const m of snapshots) {
      const doc = (await this.store.refdata.document(m.id)) as {
        descriptions?: Record<string, string>;
        examples?: LabeledExample[];
        texts?: LabelText[];
      } | null;
      if (m.dataset === 'hs-nomenclature') hs = doc?.descriptions ?? {};
      else {
        // Stored before weights existed: the corpus's weight now.
        for (const e of doc?.examples ?? [])
          examples.push({ ...e, weight: e.weight ?? SOURCE_WEIGHTS[e.source] ?? 1 });
        texts.push(...(doc?.texts ?? []));
        corpora[m.dataset] = (doc?.examples?.length ?? 0) + (doc?.texts?.length ?? 0);
      }
    }
    if (corrections > 0) {
      const list = await this.store.corrections.list(corrections);
      for (const c of list) examples.push(exampleOf(c));
      corpora['officer-corrections'] = list.length;
    }
    // The fit (the ranker, the calibration, the check's thresholds) and the indices (the tariff
    // tree, the examples') are the build's costliest parts and pure functions of its inputs: kept
    // under their digest when every input is known by its content (WordNet from a folder of its
    // own is known by name only).
    const cacheKey = this.fitKeyOf(key, wordnet?.version ?? null, examples);
    const cached = cacheKey ? this.cache.get(FIT_ARTEFACT, cacheKey, isFit) : null;
    const model = new ClassifierModel(
      { version, lines: tariffLines(tariff), hs: new Map(Object.entries(hs)), examples, texts, wordnet },
      DEFAULT_PARAMS,
      true,
      cached?.ranker ?? null,
      cached ? { tree: restoreTariffTree(cached.tree), R: Bm25Index.fromData(cached.R) } : null,
    );
    const thresholds = cached?.thresholds ?? calibrateCheck(model);
    if (cacheKey && !cached) {
      const { tree, R } = model.prebuilt();
      this.cache.put(FIT_ARTEFACT, cacheKey, {
        ranker: model.fitted(),
        thresholds,
        tree: tariffTreeData(tree),
        R: R.data(),
      } satisfies CachedBuild);
    }
    const built: BuiltModel = {
      model,
      thresholds,
      inputs: [
        { dataset: 'hts', snapshot: tariff.info.snapshotId, sha256: tariff.info.sha256 },
        ...snapshots.map((m) => ({ dataset: m.dataset, snapshot: m.id, sha256: m.sha256 })),
      ],
      corrections,
      corpora,
      key,
      fit: cached ? 'cached' : 'fitted',
      cacheable: cacheKey !== null,
      builtAt: this.clock.now(),
      dataImportedAt: snapshots.reduce<string | null>(
        (newest, m) => (newest === null || m.createdAt > newest ? m.createdAt : newest),
        null,
      ),
    };
    if (!keep) return built;
    this.kept.set(version, built);
    while (this.kept.size > KEPT_MODELS) {
      const oldest = [...this.kept.keys()].find((v) => v !== version && v !== this.built?.model.version);
      if (oldest === undefined) break;
      this.kept.delete(oldest);
    }
    return built;
  }

  /**
   * Builds the model of the data in force so that its fit and indices land in the artefact cache
   * (ADR 0017), and does not keep it: for a process that imports reference data but does not
   * classify (`refdata import`, `sync`), whose next `serve` or `file` then reads them instead of
   * spending seconds building them. Null when no tariff is loaded.
   */
  async prebuild(today = this.clock.now().slice(0, 10)): Promise<ClassifierPrebuild | null> {
    const t0 = performance.now();
    const inputs = await this.inputsOn(today);
    if (!inputs) return null;
    // Neither put in force nor kept: the model in force (if any) and those kept stay as they were.
    const b = await this.build(inputs.tariff, inputs.snapshots, inputs.corrections, false);
    return {
      version: b.model.version,
      fit: b.fit,
      cacheable: b.cacheable,
      ms: Math.round(performance.now() - t0),
    };
  }

  /**
   * The model of a version: the one in force, one kept, or rebuilt from the snapshots that were
   * active together when it was built (each snapshot's creation is a moment the set changed) and
   * the corrections up to its number. Throws CLASSIFIER_MODEL_UNKNOWN when its inputs are gone.
   */
  async modelFor(version: string): Promise<BuiltModel> {
    const kept = this.kept.get(version);
    if (kept) return kept;
    const m = /^(.+)@([0-9a-f]{12})\+(\d+)$/.exec(version);
    const unknown = () =>
      new Problem(
        'CLASSIFIER_MODEL_UNKNOWN',
        `no classifier model ${version} can be rebuilt from the data loaded`,
      );
    if (!m || m[1] !== CLASSIFIER_ALGORITHM) throw unknown();
    const corrections = Number(m[3]);
    const wn = (this.words ? await this.words.load(this.cache) : null)?.version ?? 'no-wordnet';
    const all = (await this.store.refdata.list()).filter(
      (s) => s.status !== 'failed' && (CLASSIFIER_DATASETS as readonly string[]).includes(s.dataset),
    );
    const moments = [...new Set(all.map((s) => s.createdAt))].sort();
    for (const tariff of this.reference.current().tariffs) {
      // A model of the tariff alone: built before any corpus was loaded, or with none (`refdata
      // sync` downloads none).
      if (this.keyOf(tariff, [], corrections, wn).slice(0, 12) === m[2])
        return this.build(tariff, [], corrections);
      for (const at of moments) {
        const latest = new Map<string, SnapshotMeta>();
        for (const s of all) {
          if (s.createdAt > at) continue;
          const prev = latest.get(s.dataset);
          if (!prev || s.createdAt > prev.createdAt || (s.createdAt === prev.createdAt && s.id > prev.id))
            latest.set(s.dataset, s);
        }
        const set = [...latest.values()];
        if (this.keyOf(tariff, set, corrections, wn).slice(0, 12) === m[2]) {
          return this.build(tariff, set, corrections);
        }
      }
    }
    throw unknown();
  }

  /** Classifies with the model in force (building it first if needed). */
  async classify(
    description: string,
    top = 5,
  ): Promise<Classification & { model: string; corpora: readonly string[] }> {
    const b = await this.ready();
    return {
      ...b.model.classify(description, { top, abstainBelow: this.options.abstainBelow }),
      model: b.model.version,
      corpora: Object.keys(b.corpora),
    };
  }

  private async ready(): Promise<BuiltModel> {
    if (!this.built) await this.refresh();
    if (!this.built)
      throw new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded: the classifier has no tariff');
    return this.built;
  }

  /**
   * The misdeclaration check of a declared code against a description, with the model in force
   * or, to replay a decision, the model of `version`.
   */
  async check(
    description: string,
    declared: string,
    version?: string,
  ): Promise<{ result: CheckResult | null; model: string; thresholds: CheckThresholds }> {
    const b = version ? await this.modelFor(version) : await this.ready();
    const code = htsDigits(declared);
    if (!/^\d{6}(\d{2}){0,2}$/.test(code) || !b.model.knowsSubheading(code)) {
      throw new Problem(
        'CLASSIFICATION_CODE_UNKNOWN',
        `"${declared}" is not a subheading of the edition in force`,
        'declared',
      );
    }
    return {
      result: checkDeclared(b.model, b.thresholds, description, code),
      model: b.model.version,
      thresholds: b.thresholds,
    };
  }

  /**
   * Records an officer's correction (or confirmation) of a line's code: a labeled example of the
   * operator's own, used from the next build on (`refresh`: on demand, or the server's poll).
   */
  async correct(input: CorrectionInput): Promise<CorrectionRecord> {
    const b = await this.ready();
    const hts = htsDigits(input.hts);
    if (!/^\d{6}(\d{2}){0,2}$/.test(hts) || !b.model.knowsSubheading(hts)) {
      throw new Problem(
        'CLASSIFICATION_CODE_UNKNOWN',
        `"${input.hts}" is not a subheading of the edition in force`,
        'hts',
      );
    }
    const declared = input.declared ? htsDigits(input.declared) : null;
    const record = {
      id: `cor_${this.crypto.randomToken(12)}`,
      tenant: input.tenant,
      description: input.description.trim().slice(0, 4000),
      declared,
      hts,
      decision:
        input.decision ?? (declared && declared.slice(0, hts.length) === hts ? 'confirmed' : 'reclassified'),
      reason: input.reason ?? '',
      officer: input.officer,
      shipmentId: input.shipmentId ?? null,
      line: input.line ?? null,
      model: b.model.version,
      createdAt: this.clock.now(),
    } as const;
    // One append at a time: the sequence is the order the corrections were made in.
    const seq = this.writing.then(() => this.store.corrections.add(record));
    this.writing = seq.catch(() => undefined);
    return { ...record, seq: await seq };
  }

  /** The corrections recorded, oldest first. */
  corrections(): Promise<CorrectionRecord[]> {
    return this.store.corrections.list(null);
  }
}

/** A model's version: the method, its inputs' digest, and how many officers' corrections it learned. */
const versionOf = (key: string, corrections: number) =>
  `${CLASSIFIER_ALGORITHM}@${key.slice(0, 12)}+${corrections}`;

/** The artefact kind of a build's fit in the cache. */
const FIT_ARTEFACT = 'classifier';

/** What the cache keeps of a build: its fit, and the indices built from its inputs. */
interface CachedBuild {
  readonly ranker: FittedRanker;
  readonly thresholds: CheckThresholds;
  readonly tree: TariffTreeData;
  readonly R: Bm25Data;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Whether a cached value is a build: the ranker's weights, its calibration, the check's thresholds, the indices. */
function isFit(v: unknown): v is CachedBuild {
  const f = v as {
    ranker?: Partial<FittedRanker>;
    thresholds?: Partial<CheckThresholds>;
    tree?: unknown;
    R?: unknown;
  } | null;
  const r = f?.ranker;
  const t = f?.thresholds;
  return (
    r?.weights instanceof Float64Array &&
    r.weights.length === FEATURES.length &&
    r.weights.every(finite) &&
    Array.isArray(r.calib) &&
    r.calib.length === 4 &&
    r.calib.every(finite) &&
    typeof r.learned === 'boolean' &&
    [t?.chapter, t?.heading, t?.subheading, t?.n].every(finite) &&
    isTariffTreeData(f?.tree) &&
    isBm25Data(f?.R)
  );
}

/** A correction as a labeled example (weight 1: an officer read the goods). */
export function exampleOf(c: CorrectionRecord): LabeledExample {
  return { description: c.description, hts: c.hts, source: 'officer-correction', ref: c.id, weight: 1 };
}
