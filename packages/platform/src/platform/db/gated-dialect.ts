import type { DatabaseConnection, Dialect, Driver, Kysely, QueryCompiler, TransactionSettings } from 'kysely';
import type { WalGate } from './checkpointer.js';

/**
 * A dialect whose connection is taken through a `WalGate`: every query and transaction on it waits
 * while the checkpointer copies the WAL's last pages (a few ms, once per restart of the WAL).
 */
export function gatedDialect(inner: Dialect, gate: WalGate): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => gatedDriver(inner.createDriver(), gate),
    createIntrospector: (db: Kysely<unknown>) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}

function gatedDriver(inner: Driver, gate: WalGate): Driver {
  type Compile = QueryCompiler['compileQuery'];
  return {
    init: () => inner.init(),
    async acquireConnection(): Promise<DatabaseConnection> {
      const connection = await inner.acquireConnection();
      const held = gate.enter();
      if (held) {
        try {
          await held;
        } catch (e) {
          gate.leave();
          await inner.releaseConnection(connection);
          throw e;
        }
      }
      return connection;
    },
    async releaseConnection(connection: DatabaseConnection): Promise<void> {
      gate.leave();
      await inner.releaseConnection(connection);
    },
    beginTransaction: (c: DatabaseConnection, s: TransactionSettings) => inner.beginTransaction(c, s),
    commitTransaction: (c: DatabaseConnection) => inner.commitTransaction(c),
    rollbackTransaction: (c: DatabaseConnection) => inner.rollbackTransaction(c),
    ...(inner.savepoint && {
      savepoint: (c: DatabaseConnection, name: string, compile: Compile) =>
        inner.savepoint!(c, name, compile),
    }),
    ...(inner.rollbackToSavepoint && {
      rollbackToSavepoint: (c: DatabaseConnection, name: string, compile: Compile) =>
        inner.rollbackToSavepoint!(c, name, compile),
    }),
    ...(inner.releaseSavepoint && {
      releaseSavepoint: (c: DatabaseConnection, name: string, compile: Compile) =>
        inner.releaseSavepoint!(c, name, compile),
    }),
    destroy: () => inner.destroy(),
  };
}
