/**
 * The part of better-sqlite3 12's API that Tradelane uses (its package ships no types, and
 * DefinitelyTyped's describe version 9). Checked against the driver by the store contract suite,
 * which runs every statement shape below on a real database.
 */
declare module 'better-sqlite3' {
  namespace BetterSqlite3 {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement<Params extends unknown[] = unknown[]> {
      readonly reader: boolean;
      run(...params: Params): RunResult;
      get(...params: Params): unknown;
      all(...params: Params): unknown[];
      iterate(...params: Params): IterableIterator<unknown>;
      /** Rows as arrays instead of objects. */
      raw(toggle?: boolean): this;
      /** Each row as its first column's value. */
      pluck(toggle?: boolean): this;
    }
    interface Transaction<F extends (...args: never[]) => unknown> {
      (...args: Parameters<F>): ReturnType<F>;
      /** The same, begun with BEGIN IMMEDIATE (the write lock taken at once). */
      immediate(...args: Parameters<F>): ReturnType<F>;
    }
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
      timeout?: number;
    }
    interface Database {
      prepare<Params extends unknown[] = unknown[]>(source: string): Statement<Params>;
      transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
      pragma(source: string, options?: { simple?: boolean }): unknown;
      exec(source: string): this;
      close(): this;
      readonly open: boolean;
      readonly inTransaction: boolean;
    }
  }
  const BetterSqlite3: {
    new (filename: string, options?: BetterSqlite3.Options): BetterSqlite3.Database;
  };
  export default BetterSqlite3;
}
