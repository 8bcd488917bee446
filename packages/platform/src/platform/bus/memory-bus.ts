import type { Bus, BusMessage } from './bus.js';

/** The embedded bus: delivers in process, in order, to every subscriber of a topic. */
export class MemoryBus implements Bus {
  private readonly handlers = new Map<string, ((m: BusMessage) => Promise<void>)[]>();

  async publish(messages: readonly BusMessage[]): Promise<void> {
    for (const m of messages) {
      for (const h of this.handlers.get(m.topic) ?? []) await h(m);
    }
  }

  subscribe(topic: string, handler: (m: BusMessage) => Promise<void>): void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler);
    this.handlers.set(topic, list);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
