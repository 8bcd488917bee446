/** Time and identity, passed in so that the core stays deterministic under test. */
export interface Clock {
  /** Current instant as an ISO 8601 UTC string. */
  now(): string;
}

export interface IdGenerator {
  /** A new unique, time-ordered id with the given prefix (`shp`, `aud`, ...): `shp_01J…`. */
  next(prefix: string): string;
}

export interface Crypto {
  /** A URL-safe random token with at least `bytes` bytes of entropy. */
  randomToken(bytes: number): string;
  /** SHA-256 of a UTF-8 string, hex. */
  sha256(text: string): string;
}

/**
 * Where services say what they did and what went wrong: one JSON line per event in production
 * (pino), nothing in tests unless asked. `child` adds fields to every line (a module's name).
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(fields: object): Logger;
}

/** A logger that says nothing (tests, pure computations). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/**
 * Artefacts derived from the reference data (a model's fitted weights, a built index), kept between
 * processes and keyed by a digest of everything they are built from. `get` answers null on a miss —
 * nothing stored, stored by other code or another runtime, damaged, not the expected shape — and
 * the caller builds, then `put`s. Values are plain data (structured-clone types), never code.
 */
export interface ArtefactCache {
  get<T>(kind: string, key: string, valid: (value: unknown) => value is T): T | null;
  put(kind: string, key: string, value: unknown): void;
  /** Whether an artefact is stored, without reading it (`get` still checks what it reads). */
  has(kind: string, key: string): boolean;
}

/** No cache: everything is built every time. */
export const noArtefactCache: ArtefactCache = { get: () => null, put: () => undefined, has: () => false };
