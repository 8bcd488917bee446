/**
 * A memo shared by worker threads: string keys to string values in one SharedArrayBuffer, so that
 * what one thread computed (a description's classification) the others read instead of computing
 * it again. Append-only: an entry, once published, never changes; when the table is full, new
 * entries are simply not kept (callers compute as if there were no memo). Readers take no lock:
 * an entry's bytes are written before its slot is published with an atomic store. Writers take a
 * short spin lock (an insert copies a few kilobytes).
 */

/** Header words: the writers' lock, bytes used, entries, slots. */
const LOCK = 0;
const USED = 1;
const COUNT = 2;
const SLOTS = 3;
const HEADER_WORDS = 4;
/** A slot: the key's hash, then the entry's offset + 1 (0: empty), published last. */
const SLOT_WORDS = 2;

/** FNV-1a over UTF-16 code units, never 0. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 1;
}

export interface SharedMemoSize {
  /** Slots of the hash table (a power of two); at most 3/4 of them are filled. */
  readonly slots: number;
  /** Bytes for keys and values. */
  readonly bytes: number;
}

export class SharedMemo {
  private readonly header: Int32Array;
  private readonly table: Int32Array;
  private readonly data: Buffer;
  private readonly mask: number;

  /**
   * The memory to hand to every thread (in workerData). Untouched pages of a SharedArrayBuffer
   * are not resident: the default size costs what is stored.
   */
  static allocate(size: SharedMemoSize = { slots: 1 << 18, bytes: 256 << 20 }): SharedArrayBuffer {
    if (size.slots < 2 || (size.slots & (size.slots - 1)) !== 0)
      throw new Error('slots must be a power of two');
    const buffer = new SharedArrayBuffer(4 * (HEADER_WORDS + size.slots * SLOT_WORDS) + size.bytes);
    new Int32Array(buffer, 0, HEADER_WORDS)[SLOTS] = size.slots;
    return buffer;
  }

  constructor(buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_WORDS);
    const slots = this.header[SLOTS]!;
    this.mask = slots - 1;
    this.table = new Int32Array(buffer, 4 * HEADER_WORDS, slots * SLOT_WORDS);
    const start = 4 * (HEADER_WORDS + slots * SLOT_WORDS);
    this.data = Buffer.from(buffer, start, buffer.byteLength - start);
  }

  /** Entries published so far (all threads). */
  get size(): number {
    return Atomics.load(this.header, COUNT);
  }

  get(key: string): string | undefined {
    const h = hashOf(key);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const at = Atomics.load(this.table, i * SLOT_WORDS + 1);
      if (at === 0) return undefined;
      if (this.table[i * SLOT_WORDS] !== h) continue;
      const value = this.read(at - 1, key);
      if (value !== undefined) return value;
    }
  }

  /** Keeps `value` for `key` unless the key is already there or the memo is full. */
  set(key: string, value: string): void {
    const keyBytes = Buffer.byteLength(key);
    const valueBytes = Buffer.byteLength(value);
    const need = 8 + keyBytes + valueBytes;
    const h = hashOf(key);
    while (Atomics.compareExchange(this.header, LOCK, 0, 1) !== 0) Atomics.wait(this.header, LOCK, 1, 1);
    try {
      const used = this.header[USED]!;
      if (used + need > this.data.length || (this.header[COUNT]! + 1) * 4 > (this.mask + 1) * 3) return;
      let i = h & this.mask;
      for (; ; i = (i + 1) & this.mask) {
        const at = this.table[i * SLOT_WORDS + 1]!;
        if (at === 0) break;
        if (this.table[i * SLOT_WORDS] === h && this.read(at - 1, key) !== undefined) return;
      }
      // An entry: [key bytes][value bytes][key][value].
      this.data.writeUInt32LE(keyBytes, used);
      this.data.writeUInt32LE(valueBytes, used + 4);
      this.data.write(key, used + 8, keyBytes, 'utf8');
      this.data.write(value, used + 8 + keyBytes, valueBytes, 'utf8');
      this.header[USED] = used + need;
      this.table[i * SLOT_WORDS] = h;
      Atomics.store(this.table, i * SLOT_WORDS + 1, used + 1);
      Atomics.add(this.header, COUNT, 1);
    } finally {
      Atomics.store(this.header, LOCK, 0);
      Atomics.notify(this.header, LOCK, 1);
    }
  }

  /** The value of the entry at `offset` when its key is `key`. */
  private read(offset: number, key: string): string | undefined {
    const keyBytes = this.data.readUInt32LE(offset);
    const valueBytes = this.data.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (this.data.toString('utf8', start, start + keyBytes) !== key) return undefined;
    return this.data.toString('utf8', start + keyBytes, start + keyBytes + valueBytes);
  }
}
