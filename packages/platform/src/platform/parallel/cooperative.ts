/**
 * Long CPU work on the main thread, shared fairly: a loop over many items gives the event loop a
 * turn every few milliseconds, so that requests arriving meanwhile (a filing during a 1000-item
 * classification) are served between items instead of after the whole batch.
 */
import { setImmediate as turn } from 'node:timers/promises';

/** How long a loop may hold the thread before it lets others run. */
export const SLICE_MS = 2;

/** Maps the items in order, yielding to the event loop whenever a slice of time is used up. */
export async function mapCooperatively<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => R | Promise<R>,
  sliceMs = SLICE_MS,
): Promise<R[]> {
  const out: R[] = [];
  let since = performance.now();
  for (let i = 0; i < items.length; i++) {
    out.push(await fn(items[i]!, i));
    if (performance.now() - since >= sliceMs) {
      await turn();
      since = performance.now();
    }
  }
  return out;
}
