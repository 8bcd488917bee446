/**
 * The traffic state the lane decision reads and updates: parcels per seller and consignee in a
 * sliding window, and capacity used per port, lane and day. A port, so that it can live in this
 * process (embedded) or be shared through the store by every process (scale-out), and so that the
 * decision's own speed work stays where it is (the decision calls these synchronously).
 */
export interface RiskState {
  /** Records a parcel of `key` at `atMs`; the parcels of `key` in the window ending then, it included. */
  parcel(key: string, atMs: number, windowMs: number): number;
  /**
   * Takes one unit of capacity `key` (`day|port|lane`) under `cap`: false when none is left. With
   * `force` the unit is counted whatever is left (a decision that may not be moved).
   */
  take(key: string, cap: number, force: boolean): boolean;
}

/**
 * In this process: parcels in a sliding window per key, least recently seen keys evicted first
 * (expired ones as they age out, then the oldest past `maxKeys`); capacity per day, days gone
 * dropped. Nothing is wiped at once.
 */
export class MemoryRiskState implements RiskState {
  private readonly parcels = new Map<string, number[]>();
  private readonly used = new Map<string, number>();
  private day = '';

  constructor(private readonly maxKeys = 200_000) {}

  parcel(key: string, atMs: number, windowMs: number): number {
    // The key's times kept in their own array, the expired dropped in place: a new array at each
    // parcel was garbage that had lived as long as the key (the old generation's, for a full
    // collection to free; docs/benchmarks.md, issue 22).
    let times = this.parcels.get(key);
    if (times) {
      let kept = 0;
      for (const t of times) if (atMs - t < windowMs) times[kept++] = t;
      times.length = kept;
      // Re-inserted at the end: the map stays in order of last use, oldest first.
      this.parcels.delete(key);
    } else times = [];
    times.push(atMs);
    this.parcels.set(key, times);
    for (const [k, ts] of this.parcels) {
      if (this.parcels.size > this.maxKeys || atMs - ts[ts.length - 1]! >= windowMs) this.parcels.delete(k);
      else break;
    }
    return times.length;
  }

  /** The parcels of `key` in the window ending at `atMs`, without recording one. */
  parcelsOf(key: string, atMs: number, windowMs: number): number {
    let n = 0;
    for (const t of this.parcels.get(key) ?? []) if (atMs - t < windowMs) n++;
    return n;
  }

  /** Keys held (for tests and metrics). */
  get parcelKeys(): number {
    return this.parcels.size;
  }

  take(key: string, cap: number, force: boolean): boolean {
    this.newDay(key);
    const used = this.used.get(key) ?? 0;
    if (used >= cap && !force) return false;
    this.used.set(key, used + 1);
    return true;
  }

  private newDay(key: string): void {
    const day = key.slice(0, 10);
    if (day <= this.day) return;
    this.day = day;
    for (const k of this.used.keys()) if (k.slice(0, 10) < day) this.used.delete(k);
  }
}

/** Capacity counters every process shares (the store's `risk_counters`). */
export interface RiskCounterRepository {
  /**
   * Atomically adds to counter (`scope`, `key`, `day`): `mandatory` always, then up to `want` more
   * while the counter stays at most `cap`. Returns what was added beyond `mandatory`.
   */
  reserve(
    scope: string,
    key: string,
    day: string,
    mandatory: number,
    want: number,
    cap: number,
  ): Promise<number>;
  /** The counter's value (0 when none). */
  value(scope: string, key: string, day: string): Promise<number>;
  /**
   * Adds each `n` to its counter (`scope`, `key`, `day`), then answers, for each key of `sums`,
   * the total of its counters from `sums`' day on (inclusive). One round trip of writes, one of
   * reads.
   */
  addAndSum(
    scope: string,
    adds: readonly { key: string; day: string; n: number }[],
    sums: readonly { key: string; from: string }[],
  ): Promise<Map<string, number>>;
  /** Removes the counters of `scope` before `day` (a window gone by). */
  prune(scope: string, before: string): Promise<void>;
}

/**
 * The bucket of time a parcel is counted in, in the store: 1/24 of the window (an hour for a day's
 * window), labelled by its start (ISO, to the minute; the labels sort as the times do).
 */
export function parcelBucket(atMs: number, windowMs: number): string {
  const size = Math.max(60_000, Math.floor(windowMs / 24));
  return new Date(Math.floor(atMs / size) * size).toISOString().slice(0, 16);
}

/** What this process knows of one parcel key's count in the store. */
interface ParcelView {
  /** Parcels of other processes in the window, at the last look. */
  others: number;
  windowMs: number;
  lastAt: number;
}

/** Parcel keys whose shared count a process keeps (least recently seen dropped past it). */
const MAX_VIEWS = 200_000;

interface Block {
  readonly cap: number;
  /** Units reserved in the store and not yet used here. */
  left: number;
  /** Units used here and not yet counted in the store (forced decisions, the first before a block). */
  debt: number;
  /** The store said nothing is left under the cap. */
  exhausted: boolean;
  /** A reservation has been answered at least once. */
  primed: boolean;
}

/**
 * Capacity shared through the store, decided synchronously: each process reserves blocks of
 * units from the shared counter in the background (`sync`), and spends them locally. Caps hold
 * across processes: a unit is used only after the store granted it, except the first unit of a key
 * a process has not reserved yet (taken on credit, so that a new port is not moved lanes while the
 * first reservation is on its way): at most one per process, key and day over the cap. Blocks not
 * used by the end of the day are lost (at most `block` per process, key and day under the cap).
 *
 * Parcels per seller and consignee are shared the same way (ADR 0020): a parcel is counted here at
 * once and added to the store's counter of its time bucket in the background (`scope` parcels,
 * buckets of 1/24 of the window, pruned once out of the window); the same background turn reads
 * back the window's total of each key it added to. So the count a decision sees is this process's
 * own parcels plus the others' as of the turn after this process's previous parcel of the key: the
 * first parcel of a key in a process counts only its own, and others' parcels since its previous
 * one are seen from its next one on. The window is rounded out to whole buckets (it may count one
 * bucket more).
 */
export class SharedRiskState implements RiskState {
  private readonly local = new MemoryRiskState();
  private readonly blocks = new Map<string, Block>();
  /** Parcels counted here and not yet added to the store: `key\u0000bucket` → n. */
  private pendingParcels = new Map<string, number>();
  private readonly views = new Map<string, ParcelView>();
  private lastPrune = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: RiskCounterRepository,
    private readonly block = 20,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  parcel(key: string, atMs: number, windowMs: number): number {
    const mine = this.local.parcel(key, atMs, windowMs);
    const at = `${key}\u0000${parcelBucket(atMs, windowMs)}`;
    this.pendingParcels.set(at, (this.pendingParcels.get(at) ?? 0) + 1);
    let v = this.views.get(key);
    if (v) this.views.delete(key); // re-inserted last: the map stays in order of last use
    v = {
      others: v && atMs - v.lastAt < windowMs ? v.others : 0,
      windowMs,
      lastAt: Math.max(atMs, v?.lastAt ?? 0),
    };
    this.views.set(key, v);
    for (const [k, old] of this.views) {
      if (this.views.size > MAX_VIEWS || atMs - old.lastAt >= old.windowMs) this.views.delete(k);
      else break;
    }
    // Added to the store by the next background turn (`start`), not on the decision's path.
    return mine + v.others;
  }

  /**
   * Adds the parcels counted here to the store and reads back, for the keys seen, what every
   * process counted in the window.
   */
  private async syncParcels(): Promise<void> {
    if (this.pendingParcels.size === 0) return;
    const pending = this.pendingParcels;
    this.pendingParcels = new Map();
    const adds = [...pending]
      .map(([k, n]) => {
        const [key, day] = k.split('\u0000') as [string, string];
        return { key, day, n };
      })
      // In one order in every process: two upserting the same rows never wait in a cycle.
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    const keys = [...new Set(adds.map((a) => a.key))];
    // What this process has counted so far, before the store's answer (parcels arriving meanwhile
    // are not in it, nor in the total).
    const mine = new Map<string, number>();
    const sums = keys.flatMap((key) => {
      const v = this.views.get(key);
      if (!v) return [];
      mine.set(key, this.local.parcelsOf(key, v.lastAt, v.windowMs));
      return [{ key, from: parcelBucket(v.lastAt - v.windowMs, v.windowMs) }];
    });
    let totals: Map<string, number>;
    try {
      totals = await this.store.addAndSum('parcels', adds, sums);
    } catch (e) {
      // Counted again at the next turn (the store took none of them: one transaction).
      for (const [k, n] of pending) this.pendingParcels.set(k, (this.pendingParcels.get(k) ?? 0) + n);
      throw e;
    }
    for (const [key, total] of totals) {
      const v = this.views.get(key);
      if (v) v.others = Math.max(0, total - (mine.get(key) ?? 0));
    }
    const newest = Math.max(...sums.map((x) => this.views.get(x.key)?.lastAt ?? 0));
    const window = this.views.get(keys[0]!)?.windowMs ?? 0;
    if (window > 0 && newest - this.lastPrune > window / 24) {
      this.lastPrune = newest;
      await this.store.prune('parcels', parcelBucket(newest - window - window / 24, window));
    }
  }

  take(key: string, cap: number, force: boolean): boolean {
    let b = this.blocks.get(key);
    if (!b) {
      this.dropOtherDays(key.slice(0, 10));
      b = { cap, left: 0, debt: 0, exhausted: false, primed: false };
      this.blocks.set(key, b);
    }
    let ok = true;
    if (force) b.debt++;
    else if (b.left > 0) b.left--;
    else if (!b.primed && b.debt === 0) b.debt++;
    else ok = false;
    if (b.debt > 0 || (b.left < this.block / 2 && !b.exhausted)) this.kick();
    return ok;
  }

  private dropOtherDays(day: string): void {
    for (const k of this.blocks.keys()) if (k.slice(0, 10) < day) this.blocks.delete(k);
  }

  private kick(): void {
    if (!this.running) {
      this.running = this.sync()
        .catch((err: unknown) => this.onError(err))
        .finally(() => (this.running = null));
    }
  }

  /**
   * Settles debts and refills blocks running low, adds the parcels counted here and reads the
   * others'; resolves when the store has answered.
   */
  async sync(): Promise<void> {
    // Parcels failing (kept for the next turn) must not stop capacity from being reserved.
    await this.syncParcels().catch((err: unknown) => this.onError(err));
    for (const [key, b] of this.blocks) {
      const low = b.left < this.block / 2 && !b.exhausted;
      if (b.debt === 0 && !low) continue;
      const debt = b.debt;
      const want = b.exhausted ? 0 : this.block - b.left;
      const granted = await this.store.reserve('capacity', key, key.slice(0, 10), debt, want, b.cap);
      b.debt -= debt;
      b.left += granted;
      b.primed = true;
      if (granted < want) b.exhausted = true;
    }
  }

  /** Keeps blocks topped up every `ms` (a decision never waits for the store). */
  start(ms = 200): void {
    this.timer = setInterval(() => this.kick(), ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.sync().catch((err: unknown) => this.onError(err));
  }
}
