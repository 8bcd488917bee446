import type BetterSqlite3 from 'better-sqlite3';

/**
 * SQLite's index of party links by entity, brought up to date in sweeps (ADR 0044).
 *
 * A link is one row of `party_links`, appended (its `link` number grows). An index on the entity
 * takes each new link at a random place: a server recording twenty filings' links a part, a
 * hundred parts a second, wrote a page of that index again with nearly every link (0.8 page a
 * link, the largest single share of what a filing wrote), and those pages are what a one-core
 * server's tail waited on (ADR 0041, twelfth session). So the links are appended without it, and
 * `party_links_by_entity` (entity, link) takes them in sweeps: once `sweepAt` links are past the
 * mark (`party_links_indexed.through`), a sweep copies them into a temporary b-tree in entity
 * order and inserts them from it in that order, `slice` at a time — each page of the index
 * written once a sweep instead of once a part (0.15 page a link against 0.94, `bench/party-links.js`)
 * — and then moves the mark. A step of the sweep is done in each write of links
 * (the caller's transaction), so no task is longer than a part's and nothing waits for a sweep.
 *
 * Reading an entity's links: those the index holds (joined to their rows, whose entity must still
 * be the one asked: a move after a sweep read the link leaves a stale entry, filtered) and those
 * past the mark, read from the rows themselves (a sweep's worth or a few: a range of the table by
 * its key). Every state a commit leaves is read right: a link is past the mark or
 * in the index (or both, while a sweep runs: counted once).
 *
 * Any number of connections may sweep: inserts are idempotent and the mark only moves forward.
 */
export interface SweepOptions {
  /** Links past the mark that start a sweep. */
  readonly sweepAt?: number;
  /** Links read into the sweep's b-tree in one step. */
  readonly readPart?: number;
  /** Links inserted into the index in one step. */
  readonly slice?: number;
}

/** A party link's row as the store holds it, with its number. */
export interface LinkRow {
  readonly link: number;
  readonly shipment_id: string;
  readonly party_index: number;
  readonly tenant: string;
  readonly entity_id: string;
  readonly role: string;
  readonly confidence: number;
  readonly method: string;
  readonly reasons: string;
  readonly at: string;
}

/** The sweep's b-tree: the links it copies, in entity order (a temporary table: the connection's own). */
export const SWEEP_TABLE =
  'create temp table if not exists party_links_sweep (entity_id text not null, link integer not null, primary key (entity_id, link)) without rowid';

/** What a connection remembers of its sweep between steps (its b-tree holds the rest). */
export type Sweep =
  | { readonly phase: 'read'; readonly to: number; readonly readTo: number }
  | { readonly phase: 'insert'; readonly to: number; readonly after: readonly [string, number] | null };

const COLUMNS = 'link, shipment_id, party_index, tenant, entity_id, role, confidence, method, reasons, at';
const JOINED = COLUMNS.split(', ')
  .map((c) => `l.${c}`)
  .join(', ');

/** The reads of an entity's links. */
function prepareReads(db: BetterSqlite3.Database) {
  return {
    through: db.prepare('select through from party_links_indexed where id = 0').pluck(),
    tail: db.prepare(
      `select ${COLUMNS} from party_links where link > ? and entity_id = ? order by link desc limit ?`,
    ),
    indexed: db.prepare(
      `select ${JOINED} from party_links_by_entity x join party_links l on l.link = x.link
       where x.entity_id = ? and l.entity_id = ? order by x.link desc limit ?`,
    ),
    indexedAll: db.prepare(
      `select ${JOINED} from party_links_by_entity x join party_links l on l.link = x.link
       where x.entity_id = ? and l.entity_id = ? order by x.link desc`,
    ),
  };
}

/** The sweep's and the moves' writes (and the sweep's b-tree). */
function prepareWrites(db: BetterSqlite3.Database) {
  db.exec(SWEEP_TABLE);
  return {
    through: db.prepare('select through from party_links_indexed where id = 0').pluck(),
    last: db.prepare('select max(link) from party_links').pluck(),
    clear: db.prepare('delete from temp.party_links_sweep'),
    read: db.prepare(
      `insert or ignore into temp.party_links_sweep (entity_id, link)
       select entity_id, link from party_links where link > ? and link <= ? order by link limit ?`,
    ),
    readEnd: db.prepare('select max(link) from temp.party_links_sweep').pluck(),
    first: db.prepare(
      'select entity_id, link from temp.party_links_sweep order by entity_id, link limit 1 offset ?',
    ),
    next: db.prepare(
      'select entity_id, link from temp.party_links_sweep where (entity_id, link) > (?, ?) order by entity_id, link limit 1 offset ?',
    ),
    insertAll: db.prepare(
      `insert or ignore into party_links_by_entity (entity_id, link)
       select entity_id, link from temp.party_links_sweep order by entity_id, link limit ?`,
    ),
    insertAfter: db.prepare(
      `insert or ignore into party_links_by_entity (entity_id, link)
       select entity_id, link from temp.party_links_sweep where (entity_id, link) > (?, ?) order by entity_id, link limit ?`,
    ),
    advance: db.prepare('update party_links_indexed set through = max(through, ?) where id = 0'),
    moveRow: db.prepare('update party_links set entity_id = ? where link = ?'),
    unindex: db.prepare('delete from party_links_by_entity where entity_id = ? and link = ?'),
    index: db.prepare('insert or ignore into party_links_by_entity (entity_id, link) values (?, ?)'),
  };
}

export class EntityLinkIndex {
  private readonly sweepAt: number;
  private readonly readPart: number;
  private readonly slice: number;
  /** The sweep under way in this connection (its b-tree is the connection's temporary table). */
  private sweep: Sweep | null = null;
  private r: ReturnType<typeof prepareReads> | undefined;
  private w: ReturnType<typeof prepareWrites> | undefined;

  constructor(
    private readonly db: BetterSqlite3.Database,
    opts: SweepOptions = {},
  ) {
    this.sweepAt = opts.sweepAt ?? 8192;
    this.readPart = opts.readPart ?? 1024;
    this.slice = opts.slice ?? 512;
  }

  /** Prepared on first use (the tables exist only after migration). */
  private get reads() {
    return (this.r ??= prepareReads(this.db));
  }

  /**
   * Makes the sweep's b-tree and prepares the writes: to be called outside a transaction before
   * `step` or `move` (a temporary table made in a transaction that rolls back would be gone).
   */
  ready(): void {
    if (this.w) return;
    if (this.db.inTransaction) throw new Error('EntityLinkIndex.ready() inside a transaction');
    this.w = prepareWrites(this.db);
  }

  private get writes() {
    if (!this.w) throw new Error('EntityLinkIndex.ready() was not called');
    return this.w;
  }

  /**
   * One step of the sweep, run inside the caller's write transaction, which wrote `written` links:
   * a step takes at least twice that many (a read part, a slice), so that a sweep gains on the
   * writes however large they are and the links past the mark stay bounded. Returns what this
   * connection remembers of the sweep once that transaction has committed (the temporary b-tree
   * rolls back with it), to be passed to `committed`.
   */
  step(written: number): Sweep | null {
    const st = this.writes;
    const s = this.sweep;
    if (s === null) {
      const through = Number(st.through.get() ?? 0);
      const last = Number(st.last.get() ?? 0);
      if (last - through < this.sweepAt) return null;
      st.clear.run();
      return this.readStep(through, last, Math.max(this.readPart, 2 * written));
    }
    if (s.phase === 'read') return this.readStep(s.readTo, s.to, Math.max(this.readPart, 2 * written));
    const n = Math.max(this.slice, 2 * written);
    // The slice's last entry, found before inserting up to it: the next slice starts after it.
    const end = (
      s.after === null ? st.first.raw().get(n - 1) : st.next.raw().get(s.after[0], s.after[1], n - 1)
    ) as [string, number] | undefined;
    if (s.after === null) st.insertAll.run(n);
    else st.insertAfter.run(s.after[0], s.after[1], n);
    if (end !== undefined) return { phase: 'insert', to: s.to, after: end };
    st.advance.run(s.to);
    st.clear.run();
    return null;
  }

  private readStep(from: number, to: number, n: number): Sweep {
    const st = this.writes;
    st.read.run(from, to, n);
    const readTo = Number(st.readEnd.get() ?? to);
    // Fewer than a part left (or links past `to` were never in range): the copy is whole.
    return readTo >= to || readTo <= from
      ? { phase: 'insert', to, after: null }
      : { phase: 'read', to, readTo };
  }

  /**
   * Remembers the sweep a committed step left (see `step`). A step whose transaction rolled back
   * is not passed here: what this connection remembers still matches its b-tree, rolled back too.
   */
  committed(s: Sweep | null): void {
    this.sweep = s;
  }

  /** An entity's latest `limit` links, latest recorded first. */
  latest(entityId: string, limit: number): LinkRow[] {
    const st = this.reads;
    // Every link past the mark is newer than every link only in the index: the first `limit` of
    // each hold the first `limit` of both, and `limit` past the mark are the answer.
    const tail = st.tail.all(Number(st.through.get() ?? 0), entityId, limit) as LinkRow[];
    if (tail.length >= limit) return tail;
    return this.merge(tail, st.indexed.all(entityId, entityId, limit) as LinkRow[], limit);
  }

  /** Every link of an entity, latest first. */
  private all(entityId: string): LinkRow[] {
    const st = this.reads;
    return this.merge(
      st.tail.all(Number(st.through.get() ?? 0), entityId, -1) as LinkRow[],
      st.indexedAll.all(entityId, entityId) as LinkRow[],
      Infinity,
    );
  }

  /** Links past the mark and links in the index, by number, each once. */
  private merge(tail: LinkRow[], indexed: LinkRow[], limit: number): LinkRow[] {
    if (tail.length === 0) return indexed;
    const seen = new Set(tail.map((r) => r.link));
    const out = tail.concat(indexed.filter((r) => !seen.has(r.link)));
    out.sort((a, b) => b.link - a.link);
    return out.length > limit ? out.slice(0, limit) : out;
  }

  /**
   * Moves an entity's links (or the listed ones) to another, in the caller's transaction: each
   * row's entity, and its index entry — for links past the mark as well, so that a sweep that read
   * a link before the move cannot leave it out of the new entity's index.
   */
  move(from: string, to: string, only?: readonly { shipmentId: string; partyIndex: number }[]): number {
    const st = this.writes;
    const wanted = only ? new Set(only.map((p) => `${p.shipmentId}\u0000${p.partyIndex}`)) : null;
    let n = 0;
    for (const r of this.all(from)) {
      if (wanted && !wanted.has(`${r.shipment_id}\u0000${r.party_index}`)) continue;
      st.moveRow.run(to, r.link);
      st.unindex.run(from, r.link);
      st.index.run(to, r.link);
      n++;
    }
    return n;
  }
}
