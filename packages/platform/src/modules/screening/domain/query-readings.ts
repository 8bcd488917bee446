/**
 * A screening query as the index reads it: each reading of its name (normalize.ts may give more
 * than one) with its words' weights, classes, initials and letters, and the evidence beside the
 * name (country, type, birth year, city, identifiers). No index is needed to read a query.
 */
import type { CountryResolver } from './countries.js';
import { CORE, wordClasses, type WordClass } from './descriptors.js';
import { normalizeIdentifier, type QueryEvidence } from './evidence.js';
import { coreCount, weigh } from './name-table.js';
import { nameReadings, normalizeName, type NormalizedName } from './normalize.js';
import type { ScreenQuery } from './screen-types.js';
import { SCREEN_SCORE, phoneticOf } from './score.js';

/** One reading of the query's name, weighed. */
export interface Reading {
  readonly norm: NormalizedName;
  readonly weights: readonly number[];
  readonly classes: readonly WordClass[];
  /** True for a one-letter word (an initial). */
  readonly initial: readonly boolean[];
  readonly total: number;
  readonly hasInitial: boolean;
  /** Core words (not initials): a name of one is scored strictly (see screenSimilarity). */
  readonly cores: number;
  /** Letters of its words (the spelling comparison's budget). */
  readonly letters: number;
  /** Phonetic keys of the tokens, computed on first use (the exhaustive scan and explanations). */
  readonly keys: () => readonly string[];
}

export interface PreparedQuery extends QueryEvidence {
  readonly readings: readonly Reading[];
}

/** Reads a query: its name's readings weighed, the evidence beside it resolved and normalized. */
export function readQuery(query: ScreenQuery, countries: CountryResolver): PreparedQuery {
  const norms = nameReadings(query.name);
  // Readings that disagree ("SA-LIM": a legal form, or a word) say nothing about the type.
  const hint = norms.every((n) => n.hint === norms[0]!.hint) ? norms[0]!.hint : null;
  const person = query.type === 'person' || (!query.type && hint === 'person');
  const readings = norms.map((norm): Reading => {
    const classes: WordClass[] = person ? norm.tokens.map(() => CORE) : wordClasses(norm.tokens);
    const weights = weigh(norm.tokens, classes, SCREEN_SCORE.descriptorWeight);
    let total = 0;
    for (const w of weights) total += w;
    return {
      norm,
      weights,
      classes,
      initial: norm.tokens.map((t) => t.length === 1),
      total,
      hasInitial: norm.tokens.some((t) => t.length === 1),
      cores: coreCount(norm.tokens, classes),
      letters: norm.tokens.reduce((a, t) => a + t.length, 0),
      keys: lazy(() => norm.tokens.map(phoneticOf)),
    };
  });
  return {
    readings,
    hint,
    country: countries.resolve(query.country),
    type: query.type ?? null,
    birthYear: query.birthDate && /^\d{4}/.test(query.birthDate) ? Number(query.birthDate.slice(0, 4)) : null,
    cityText: query.address ? ` ${normalizeName(query.address).tokens.join(' ')} ` : '',
    ids: (query.identifiers ?? []).map(normalizeIdentifier).filter((v) => v.length >= 4),
  };
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
