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
 * written once a sweep instead of once a part (0.155 page a link against 0.936,
 * `bench/party-links.js`) — and then moves the mark. A step of the sweep is done in each write of
 * links (the caller's transaction), sized to the write (`step`), so nothing waits for a sweep.
 *
 * Reading an entity's links: those the index holds (joined to their rows, whose entity must still
 * be the one asked: a move after a sweep read the link leaves a stale entry, filtered) and those
 * past the mark, read from the rows themselves (about a sweep's worth: a range of the table by its
 * key), in one read transaction. Every state a commit leaves is read right: a link is past the mark or
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
  /**
   * A step's links at least, for each link its write adds (8; a sweep's at most: twice that). Tests
   * set it lower to see sweeps of many small steps.
   */
  readonly perLink?: number;
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
  'create temp table if not exists party_links_sweep (entity_id text not null, link integer not null, tenant text not null, primary key (entity_id, link)) without rowid';

/** What a connection remembers of its sweep between steps (its b-tree holds the rest). */
export type Sweep =
  | { readonly phase: 'read'; readonly to: number; readonly readTo: number }
  | { readonly phase: 'insert'; readonly to: number; readonly after: readonly [string, number] };

/** A cursor before every entry of the sweep's b-tree (links are numbered from 1). */
const BEFORE_ALL: readonly [string, number] = ['', 0];

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
    // One tenant's: the same reads through the index by entity and tenant (migration 0024).
    tenantTail: db.prepare(
      `select ${COLUMNS} from party_links where link > ? and entity_id = ? and tenant = ? order by link desc limit ?`,
    ),
    tenantIndexed: db.prepare(
      `select ${JOINED} from party_links_by_entity_tenant x join party_links l on l.link = x.link
       where x.entity_id = ? and x.tenant = ? and l.entity_id = ? order by x.link desc limit ?`,
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
      `insert or ignore into temp.party_links_sweep (entity_id, link, tenant)
       select entity_id, link, tenant from party_links where link > ? and link <= ? order by link limit ?`,
    ),
    readEnd: db.prepare('select max(link) from temp.party_links_sweep').pluck(),
    next: db.prepare(
      'select entity_id, link from temp.party_links_sweep where (entity_id, link) > (?, ?) order by entity_id, link limit 1 offset ?',
    ),
    insertAfter: db.prepare(
      `insert or ignore into party_links_by_entity (entity_id, link)
       select entity_id, link from temp.party_links_sweep where (entity_id, link) > (?, ?) order by entity_id, link limit ?`,
    ),
    insertTenantAfter: db.prepare(
      `insert or ignore into party_links_by_entity_tenant (entity_id, tenant, link)
       select entity_id, tenant, link from temp.party_links_sweep where (entity_id, link) > (?, ?) order by entity_id, link limit ?`,
    ),
    advance: db.prepare('update party_links_indexed set through = max(through, ?) where id = 0'),
    // A move's links: their numbers only (an entity may have millions).
    linkOf: db
      .prepare('select link from party_links where shipment_id = ? and party_index = ? and entity_id = ?')
      .pluck(),
    tailLinks: db.prepare('select link from party_links where link > ? and entity_id = ?').pluck(),
    indexedLinks: db
      .prepare(
        `select x.link from party_links_by_entity x join party_links l on l.link = x.link
         where x.entity_id = ? and l.entity_id = ?`,
      )
      .pluck(),
    moveRow: db.prepare('update party_links set entity_id = ? where link = ?'),
    unindex: db.prepare('delete from party_links_by_entity where entity_id = ? and link = ?'),
    index: db.prepare('insert or ignore into party_links_by_entity (entity_id, link) values (?, ?)'),
    tenantOf: db.prepare('select tenant from party_links where link = ?').pluck(),
    unindexTenant: db.prepare(
      'delete from party_links_by_entity_tenant where entity_id = ? and tenant = ? and link = ?',
    ),
    indexTenant: db.prepare(
      'insert or ignore into party_links_by_entity_tenant (entity_id, tenant, link) values (?, ?, ?)',
    ),
  };
}

export class EntityLinkIndex {
  private readonly sweepAt: number;
  private readonly readPart: number;
  private readonly slice: number;
  private readonly perLink: number;
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
    this.perLink = opts.perLink ?? 8;
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
   * One step of the sweep, run inside the caller's write transaction, which wrote `written` links.
   * A step takes at least eight times the links of its write (a read part, a slice), and a sweep
   * at most `sweepAt` links or sixteen times the write's: a sweep of S links then ends within S / 2
   * written ones (two phases of S / 8w steps, and three more), so each sweep gains on the writes
   * and the links past the mark stay under about twice that, whatever the writes' size; a restart,
   * or another connection sweeping the same range, loses at most one sweep. Returns what this
   * connection remembers of the sweep once that transaction has committed (the temporary b-tree
   * rolls back with it), to be passed to `committed`.
   */
  step(written: number): Sweep | null {
    const st = this.writes;
    const s = this.sweep;
    const n = Math.max(this.readPart, this.perLink * written);
    if (s === null) {
      const through = Number(st.through.get() ?? 0);
      const last = Number(st.last.get() ?? 0);
      if (last - through < this.sweepAt) return null;
      st.clear.run();
      return this.readStep(
        through,
        Math.min(last, through + Math.max(this.sweepAt, 2 * this.perLink * written)),
        n,
      );
    }
    if (s.phase === 'read') return this.readStep(s.readTo, s.to, n);
    const m = Math.max(this.slice, this.perLink * written);
    // The slice's last entry, found before inserting up to it: the next slice starts after it.
    const end = st.next.raw().get(s.after[0], s.after[1], m - 1) as [string, number] | undefined;
    st.insertAfter.run(s.after[0], s.after[1], m);
    st.insertTenantAfter.run(s.after[0], s.after[1], m);
    if (end !== undefined) return { phase: 'insert', to: s.to, after: end };
    st.advance.run(s.to);
    st.clear.run();
    return null;
  }

  /** Copies up to `n` links of (from, to] into the sweep's b-tree; fewer than `n`: the copy is whole. */
  private readStep(from: number, to: number, n: number): Sweep {
    const st = this.writes;
    if (st.read.run(from, to, n).changes < n) return { phase: 'insert', to, after: BEFORE_ALL };
    return { phase: 'read', to, readTo: Number(st.readEnd.get()) };
  }

  /**
   * Remembers the sweep a committed step left (see `step`). A step whose transaction rolled back
   * is not passed here: what this connection remembers still matches its b-tree, rolled back too.
   */
  committed(s: Sweep | null): void {
    this.sweep = s;
  }

  /**
   * An entity's latest `limit` links, latest recorded first; with a tenant, that tenant's only,
   * read through the index by entity and tenant (never the entity's latest of every tenant,
   * filtered: another tenant's newer links would hide this one's).
   */
  latest(entityId: string, limit: number, tenant: string | null = null): LinkRow[] {
    const st = this.reads;
    const through = Number(st.through.get() ?? 0);
    // Every link past the mark is newer than every link only in the index: the first `limit` of
    // each hold the first `limit` of both, and `limit` past the mark are the answer.
    const tail = (
      tenant === null
        ? st.tail.all(through, entityId, limit)
        : st.tenantTail.all(through, entityId, tenant, limit)
    ) as LinkRow[];
    if (tail.length >= limit) return tail;
    const indexed = (
      tenant === null
        ? st.indexed.all(entityId, entityId, limit)
        : st.tenantIndexed.all(entityId, tenant, entityId, limit)
    ) as LinkRow[];
    return this.merge(tail, indexed, limit);
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
    const links = new Set<number>();
    if (only) {
      for (const p of only) {
        const link = st.linkOf.get(p.shipmentId, p.partyIndex, from) as number | undefined;
        if (link !== undefined) links.add(link);
      }
    } else {
      for (const l of st.tailLinks.all(Number(st.through.get() ?? 0), from) as number[]) links.add(l);
      for (const l of st.indexedLinks.all(from, from) as number[]) links.add(l);
    }
    for (const link of links) {
      const tenant = st.tenantOf.get(link) as string;
      st.moveRow.run(to, link);
      st.unindex.run(from, link);
      st.index.run(to, link);
      st.unindexTenant.run(from, tenant, link);
      st.indexTenant.run(to, tenant, link);
    }
    return links.size;
  }
}
