import { hash, createHmac, randomBytes } from 'node:crypto';
import type { Clock, Crypto, IdGenerator } from '../../kernel/ports.js';

let lastMs = -1;
let lastIso = '';
/** The wall clock; the ISO string is formatted once per millisecond however many ask. */
export const systemClock: Clock = {
  now: () => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  },
};

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Random bytes drawn in blocks: one call to the CSPRNG serves many ids.
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomPool(n: number): Buffer {
  if (poolAt + n > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

const CODES = Array.from(CROCKFORD, (c) => c.charCodeAt(0));

/** The ten characters of a millisecond time, big-endian base 32; kept for the millisecond. */
let idMs = -1;
let idTime: number[] = [];
function timeCodes(ms: number): number[] {
  if (ms !== idMs) {
    const codes = new Array<number>(10);
    let t = ms;
    for (let i = 9; i >= 0; i--) {
      codes[i] = CODES[t % 32]!;
      t = Math.floor(t / 32);
    }
    idMs = ms;
    idTime = codes;
  }
  return idTime;
}

/**
 * Per prefix (ids have a handful), an id's character codes: the prefix and its underscore, then
 * 26 places written for each id (one thread: an id is made before the next one starts).
 */
const idCodes = new Map<string, number[]>();

/**
 * A ULID-style id of a millisecond time and 10 random bytes: `prefix_`, 10 characters of time,
 * 16 of randomness (80 bits, 5 a character). Made as one string: built a character at a time, an
 * id was 26 strings (docs/benchmarks.md, issue 22).
 */
export function ulidOf(prefix: string, ms: number, rnd: Uint8Array): string {
  let codes = idCodes.get(prefix);
  if (!codes) {
    codes = new Array<number>(prefix.length + 27).fill(48);
    for (let i = 0; i < prefix.length; i++) codes[i] = prefix.charCodeAt(i);
    codes[prefix.length] = 95;
    if (idCodes.size < 64) idCodes.set(prefix, codes);
  }
  const t = timeCodes(ms);
  let k = codes.length - 26;
  for (let i = 0; i < 10; i++) codes[k++] = t[i]!;
  for (let g = 0; g < 10; g += 5) {
    // five bytes → eight characters
    const a = rnd[g]!;
    const b = rnd[g + 1]!;
    const c = rnd[g + 2]!;
    const d = rnd[g + 3]!;
    const e = rnd[g + 4]!;
    codes[k++] = CODES[a >> 3]!;
    codes[k++] = CODES[((a & 7) << 2) | (b >> 6)]!;
    codes[k++] = CODES[(b >> 1) & 31]!;
    codes[k++] = CODES[((b & 1) << 4) | (c >> 4)]!;
    codes[k++] = CODES[((c & 15) << 1) | (d >> 7)]!;
    codes[k++] = CODES[(d >> 2) & 31]!;
    codes[k++] = CODES[((d & 3) << 3) | (e >> 5)]!;
    codes[k++] = CODES[e & 31]!;
  }
  return String.fromCharCode.apply(null, codes);
}

/** ULID-style ids: 10 characters of millisecond time, 16 of randomness; sortable by creation. */
export const ulidIds: IdGenerator = {
  next: (prefix: string): string => ulidOf(prefix, Date.now(), randomPool(10)),
};

export const nodeCrypto: Crypto = {
  randomToken: (bytes) => randomBytes(bytes).toString('base64url'),
  // One-shot `hash` (no Hash object): about 3× faster than createHash on short texts.
  sha256: (text) => hash('sha256', text, 'hex'),
};

/** HMAC-SHA256 of a text with a secret, hex (webhook signatures). */
export const hmacSha256 = (secret: string, text: string): string =>
  createHmac('sha256', secret).update(text, 'utf8').digest('hex');

/**
 * A clock the traffic simulator moves: once set, every reading is `step` milliseconds after the
 * last, from the instant set; unset, it is the system clock.
 */
export class SteppingClock implements Clock {
  private next: number | null = null;
  private step = 0;
  set(at: string, stepMs: number): void {
    this.next = Date.parse(at);
    this.step = stepMs;
  }
  now(): string {
    if (this.next === null) return systemClock.now();
    const iso = new Date(this.next).toISOString();
    this.next += this.step;
    return iso;
  }
}
