/**
 * Freezes a value and everything it holds (plain objects and arrays), in place, and returns it:
 * for answers that are computed once and then shared by every caller, so that none can change
 * another's.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
