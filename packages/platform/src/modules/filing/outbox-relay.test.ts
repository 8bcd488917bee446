import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { relayMessages } from './outbox-relay.js';
import type { OutboxEvent } from './repository.js';

const filed = (id: number, ids: string[]): OutboxEvent => ({
  id,
  topic: 'shipment.filed',
  key: `${ids[0]}+${ids.length - 1}`,
  payload: { shipments: ids.map((s) => ({ id: s, tenant: 't', revision: 1, status: 'accepted' })) },
  createdAt: '2026-12-04T00:00:00.000Z',
});
const status = (id: number): OutboxEvent => ({
  id,
  topic: 'shipment.status',
  key: `k${id}`,
  payload: { links: [] },
  createdAt: '2026-12-04T00:00:00.000Z',
});
const shipmentIds = (payload: unknown) =>
  ((payload as { shipments?: { id: string }[] }).shipments ?? []).map((s) => s.id);

describe('the outbox relay joins consecutive filed events into messages', () => {
  it('joins a run of filed events up to the cap; other topics stay whole and keep their place', () => {
    const out = relayMessages(
      [filed(1, ['a', 'b']), filed(2, ['c']), status(3), filed(4, ['d', 'e']), filed(5, ['f', 'g'])],
      3,
    );
    assert.deepEqual(
      out.map((m) => [m.topic, m.id, m.topic === 'shipment.filed' ? shipmentIds(m.payload) : null]),
      [
        ['shipment.filed', 'outbox-1-2', ['a', 'b', 'c']],
        ['shipment.status', 'outbox-3', null],
        ['shipment.filed', 'outbox-4', ['d', 'e']],
        ['shipment.filed', 'outbox-5', ['f', 'g']],
      ],
    );
    // A lone event keeps its own message as stored (id, key and payload).
    assert.deepEqual(out[2], {
      topic: 'shipment.filed',
      key: 'd+1',
      payload: filed(4, ['d', 'e']).payload,
      id: 'outbox-4',
    });
  });

  it('leaves an event bigger than the cap alone, and a filed event without a list as it is', () => {
    const odd: OutboxEvent = { ...filed(2, ['x']), payload: { note: 'no list' } };
    const out = relayMessages([filed(1, ['a', 'b', 'c', 'd']), odd, filed(3, ['e'])], 2);
    assert.deepEqual(
      out.map((m) => m.id),
      ['outbox-1', 'outbox-2', 'outbox-3'],
    );
    assert.deepEqual(out[1]!.payload, { note: 'no list' });
  });

  it('every filing once, in order; no joined message over the cap; ids name first and last event', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(0)), { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        (sizes, cap) => {
          let n = 0;
          const events = sizes.map((size, i) =>
            size === 0
              ? status(i + 1)
              : filed(
                  i + 1,
                  Array.from({ length: size }, () => `s${n++}`),
                ),
          );
          const out = relayMessages(events, cap);
          const seen = out.flatMap((m) => (m.topic === 'shipment.filed' ? shipmentIds(m.payload) : []));
          assert.deepEqual(
            seen,
            Array.from({ length: n }, (_, k) => `s${k}`),
          );
          assert.equal(
            out.filter((m) => m.topic === 'shipment.status').length,
            sizes.filter((s) => s === 0).length,
          );
          for (const m of out) {
            const joined = /^outbox-(\d+)-(\d+)$/.exec(m.id!);
            if (!joined) continue;
            assert.ok(shipmentIds(m.payload).length <= cap);
            assert.ok(Number(joined[1]) < Number(joined[2]));
          }
          // Every event is in exactly one message: ids cover 1..events.length without gaps.
          const covered = out.flatMap((m) => {
            const [a, b = a] = m.id!.slice('outbox-'.length).split('-').map(Number);
            return Array.from({ length: b! - a! + 1 }, (_, k) => a! + k);
          });
          assert.deepEqual(
            covered,
            events.map((e) => e.id),
          );
        },
      ),
    );
  });
});
