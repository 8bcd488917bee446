import { EventEmitter } from 'node:events';
import type { FilerEvent } from './webhook-service.js';

/**
 * Status events for the streaming endpoint: every server process hears the bus and passes the
 * events on to its connected clients, each seeing its own tenant's (officers: all).
 */
export class EventHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(events: readonly FilerEvent[]): void {
    for (const e of events) this.emitter.emit('event', e);
  }

  /** Listens for the events of one tenant (null: every tenant); returns the unsubscribe. */
  listen(tenant: string | null, fn: (e: FilerEvent) => void): () => void {
    const h = (e: FilerEvent) => {
      if (tenant === null || e.tenant === tenant) fn(e);
    };
    this.emitter.on('event', h);
    return () => this.emitter.off('event', h);
  }
}
