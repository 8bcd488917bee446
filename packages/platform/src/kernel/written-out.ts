/**
 * Every key of `T`, the optional ones too: the type of an object literal written out key by key
 * where a spread would have copied them. On Node 20 a literal that begins with a spread and then
 * adds keys gets a hidden class of its own every time (ADR 0042); written out, a key added to `T`
 * later is a compile error at the literal until it is copied there too.
 */
export type WrittenOut<T> = { [K in keyof Required<T>]: T[K] };
