import { setFlagsFromString } from 'node:v8';

// V8's own answer to "do these two objects share a hidden class?" (%HaveSameMap). The syntax is
// allowed from here on in this process (a test file's own); a function compiled after that may
// use it. ADR 0042: what every filing makes should share one.
setFlagsFromString('--allow-natives-syntax');
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many of the objects have another hidden class than the first. */
export const othersThanFirst = (xs: readonly object[]): number =>
  xs.filter((x) => !sameClass(x, xs[0]!)).length;
