/** The pipeline bus: in-process when embedded, NATS JetStream when scaled out. */
export interface BusMessage {
  readonly topic: string;
  readonly key: string;
  readonly payload: unknown;
}

export interface Bus {
  publish(messages: readonly BusMessage[]): Promise<void>;
  subscribe(topic: string, handler: (m: BusMessage) => Promise<void>): void;
  close(): Promise<void>;
}
