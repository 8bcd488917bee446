import type { CorpusDataset } from '../classification/index.js';
import type { EntityLink, RegistryEntity } from '../parties/index.js';
import type { WatchlistEntry } from '../screening/index.js';
import type { TariffRow } from '../tariff/index.js';

/** A data set read from a file or a download, ready to store as a snapshot. */
export type ParsedDataset =
  | {
      readonly kind: 'tariff';
      readonly dataset: 'hts';
      readonly edition: string;
      readonly effectiveFrom: string;
      readonly rows: readonly TariffRow[];
      readonly rowCounts: Readonly<Record<string, number>>;
    }
  | {
      readonly kind: 'codes';
      readonly dataset: 'ports' | 'countries';
      readonly entries: readonly (readonly [string, string])[];
      readonly rowCounts: Readonly<Record<string, number>>;
    }
  | {
      readonly kind: 'watchlist';
      readonly dataset: string;
      readonly entries: readonly WatchlistEntry[];
      /** `entries`, `names`. */
      readonly rowCounts: Readonly<Record<string, number>>;
      /** Publication date when the file states it (UN `dateGenerated`). */
      readonly asOf?: string;
      /** Defects tolerated on the operator's instruction (an incomplete last record dropped). */
      readonly warnings: readonly string[];
    }
  | {
      /**
       * A data set kept whole as one JSON document: CBP's PGA catalogues, the HS nomenclature,
       * labeled examples for the classifier.
       */
      readonly kind: 'document';
      readonly dataset:
        'pga-flags' | 'hs-nomenclature' | 'labeled-rulings' | 'labeled-operator' | CorpusDataset;
      readonly body: unknown;
      readonly rowCounts: Readonly<Record<string, number>>;
    }
  | {
      /** Registry data (GLEIF): entities and ownership links, loaded into the party registry. */
      readonly kind: 'registry';
      readonly dataset: 'gleif';
      readonly entities: readonly RegistryEntity[];
      readonly links: readonly EntityLink[];
      readonly rowCounts: Readonly<Record<string, number>>;
      readonly asOf?: string;
    };

/** One data set found at a source: its bytes' checksum, and a parser that may fail. */
export interface DatasetFile {
  readonly dataset: string;
  /** Where it came from: a path or URL. */
  readonly source: string;
  readonly sha256: string;
  /** Publication date when known, else the file's date. */
  readonly asOf: string;
  parse(): Promise<ParsedDataset>;
}

/** A data set that could not be read at all (download failed, file unreadable). */
export interface DatasetFailure {
  readonly dataset: string;
  readonly source: string;
  readonly error: string;
}

export interface RefdataSource {
  readonly name: string;
  datasets(): AsyncIterable<DatasetFile | DatasetFailure>;
}
