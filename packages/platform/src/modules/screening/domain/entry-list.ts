/**
 * The entries an index screens against, held as few objects (ADR 0039). A parsed entry is some
 * twenty objects (its names, addresses, identifiers and their strings): the lists' ~25,000 entries
 * were half a million objects that every full collection of a serving process marked again, while
 * a screen reads an entry only when it reports a match. So the entries are kept as the JSON the
 * store holds them in, with their ids beside, and parsed when asked; the index's own tables (names,
 * facts, parties) hold what screening reads.
 */
import type { WatchlistEntry } from './entry.js';

/** Parsed entries kept for reuse: the parties that match are few and match again. */
const PARSED_KEPT = 1024;

export class EntryList {
  private readonly parsed = new Map<number, WatchlistEntry>();

  private constructor(
    private readonly ids: readonly string[],
    private readonly bodies: readonly string[] | null,
    private readonly objects: readonly WatchlistEntry[] | null,
  ) {}

  /** Entries already parsed (a list read from a file, tests). */
  static of(entries: readonly WatchlistEntry[]): EntryList {
    return new EntryList(
      entries.map((e) => e.id),
      null,
      entries,
    );
  }

  /**
   * Entries as stored: each entry's id and its JSON (`JSON.stringify` of the entry). The caller
   * vouches that `bodies[i]` is the entry `ids[i]`.
   */
  static fromJson(ids: readonly string[], bodies: readonly string[]): EntryList {
    if (ids.length !== bodies.length) throw new Error('an id for every entry body');
    return new EntryList(ids, bodies, null);
  }

  get length(): number {
    return this.ids.length;
  }

  id(i: number): string {
    return this.ids[i]!;
  }

  /** The data set of entry `i` (ids are `${list}:${sourceId}`). */
  list(i: number): string {
    const id = this.ids[i]!;
    return id.slice(0, id.indexOf(':'));
  }

  /** The position of the entry with this id, or -1. */
  indexOf(id: string): number {
    return this.ids.indexOf(id);
  }

  /** Entry `i`, parsed on first use (the {@link PARSED_KEPT} most recently asked for are kept). */
  at(i: number): WatchlistEntry {
    if (this.objects) return this.objects[i]!;
    let e = this.parsed.get(i);
    if (e) {
      // The most recently asked last: the parties that match again stay.
      this.parsed.delete(i);
    } else {
      e = this.parse(i);
      if (this.parsed.size >= PARSED_KEPT) this.parsed.delete(this.parsed.keys().next().value!);
    }
    this.parsed.set(i, e);
    return e;
  }

  private parse(i: number): WatchlistEntry {
    return this.objects ? this.objects[i]! : (JSON.parse(this.bodies![i]!) as WatchlistEntry);
  }

  /** Every entry, parsed afresh (an index's build; the caller drops them after). */
  all(): WatchlistEntry[] {
    return this.ids.map((_, i) => this.parse(i));
  }

  /** The entries of the data sets named, in order. */
  fromLists(lists: ReadonlySet<string>): WatchlistEntry[] {
    const out: WatchlistEntry[] = [];
    for (let i = 0; i < this.ids.length; i++) if (lists.has(this.list(i))) out.push(this.parse(i));
    return out;
  }

  /**
   * Each entry's JSON as the store keeps it (`JSON.stringify` of the entry): the text its digest is
   * taken of.
   */
  json(i: number): string {
    return this.bodies ? this.bodies[i]! : JSON.stringify(this.objects![i]!);
  }
}
