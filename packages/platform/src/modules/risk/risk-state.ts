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
    const times = (this.parcels.get(key) ?? []).filter((t) => atMs - t < windowMs);
    times.push(atMs);
    // Re-inserted at the end: the map stays in order of last use, oldest first.
    this.parcels.delete(key);
    this.parcels.set(key, times);
    for (const [k, ts] of this.parcels) {
      if (this.parcels.size > this.maxKeys || atMs - ts[ts.length - 1]! >= windowMs) this.parcels.delete(k);
      else break;
    }
    return times.length;
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
}

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
 * Parcels stay per process (see docs/operations.md).
 */
export class SharedRiskState implements RiskState {
  private readonly local = new MemoryRiskState();
  private readonly blocks = new Map<string, Block>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: RiskCounterRepository,
    private readonly block = 20,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  parcel(key: string, atMs: number, windowMs: number): number {
    return this.local.parcel(key, atMs, windowMs);
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

  /** Settles debts and refills blocks running low; resolves when the store has answered. */
  async sync(): Promise<void> {
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
