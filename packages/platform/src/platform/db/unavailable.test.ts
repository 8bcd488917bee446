import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { toErrorBody } from '../http/app.js';
import { isDatabaseUnavailable } from './unavailable.js';

const err = (message: string, props: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), props);

describe('database unavailable', () => {
  it('tells a lost or refused database from a bad request or a fault of ours', () => {
    const down = [
      err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', syscall: 'connect' }),
      err('read ECONNRESET', { code: 'ECONNRESET' }),
      err('connect ENOENT /tmp/.s.PGSQL.5432', { code: 'ENOENT', syscall: 'connect' }),
      err('terminating connection due to administrator command', { code: '57P01' }),
      err('the database system is not yet accepting connections', { code: '57P03' }),
      err('sorry, too many clients already', { code: '53300' }),
      err('Connection terminated unexpectedly'),
      err('Connection terminated due to connection timeout'),
      err('Client has encountered a connection error and is not queryable'),
      err('wrapped', { cause: err('x', { code: '08006' }) }),
    ];
    for (const e of down) assert.equal(isDatabaseUnavailable(e), true, e.message);
    const not = [
      err('duplicate key value violates unique constraint', { code: '23505' }),
      err('could not serialize access', { code: '40001' }),
      err("ENOENT: no such file or directory, open 'x'", { code: 'ENOENT', syscall: 'open' }),
      err('boom'),
      null,
      'ECONNREFUSED',
    ];
    for (const e of not) assert.equal(isDatabaseUnavailable(e), false, String(e));
    fc.assert(
      fc.property(fc.string(), fc.string(), (message, code) => {
        const e = err(message, { code });
        const expected =
          /^(E[A-Z]+|08\d{3}|57P0[123]|53300)$/.test(code) ||
          /^(Connection|timeout|Client|Cannot)/.test(message);
        // Never true for anything outside the listed shapes.
        if (isDatabaseUnavailable(e)) assert.ok(expected, `${code} ${message}`);
      }),
    );
  });

  it('is answered 503 DATABASE_UNAVAILABLE, everything else unknown stays 500', () => {
    const a = toErrorBody(err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }));
    assert.equal(a.status, 503);
    assert.equal(a.body.code, 'DATABASE_UNAVAILABLE');
    assert.equal(toErrorBody(err('boom')).status, 500);
  });
});
