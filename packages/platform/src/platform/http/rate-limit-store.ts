/**
 * Rate-limit counters several processes share: a counter port, and the @fastify/rate-limit store
 * that counts through it. Without a shared counter the plugin counts in the process's memory (one
 * window per process: N processes would allow N times the limit).
 */
import type {
  FastifyRateLimitOptions,
  FastifyRateLimitStore,
  FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';

/** One fixed window per bucket, counted where every process sees the same count. */
export interface RateCounter {
  /**
   * Counts one request in `bucket`'s current window (a new window of `windowMs` when the last one
   * has ended): the count so far, this one included, and the milliseconds left in the window.
   */
  hit(bucket: string, windowMs: number): Promise<{ count: number; ttlMs: number }>;
}

/**
 * A `store` for @fastify/rate-limit (its custom-store contract: a constructor given the plugin's
 * options, `incr(key, cb, timeWindow)`, and `child(routeOptions)` for each limited route) that
 * counts through `counter`, one bucket per route and key.
 */
export function rateLimitStore(counter: RateCounter): FastifyRateLimitStoreCtor {
  const store = (route: string, window: number): FastifyRateLimitStore => ({
    incr(key, cb, timeWindow) {
      counter.hit(`${route} ${key}`, timeWindow || window).then(
        (r) => cb(null, { current: r.count, ttl: r.ttlMs }),
        (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
      );
    },
    child(routeOptions) {
      const limited = routeOptions as typeof routeOptions & {
        timeWindow?: unknown;
        routeInfo?: { method?: unknown; url?: unknown };
      };
      return store(
        `${String(limited.routeInfo?.method ?? routeOptions.method)} ${String(limited.routeInfo?.url ?? routeOptions.url)}`,
        typeof limited.timeWindow === 'number' ? limited.timeWindow : window,
      );
    },
  });
  return function SharedRateLimitStore(options: FastifyRateLimitOptions & { timeWindow?: unknown }) {
    return store('', typeof options.timeWindow === 'number' ? options.timeWindow : 60_000);
  } as unknown as FastifyRateLimitStoreCtor;
}
