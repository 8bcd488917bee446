import { Problem } from '../../kernel/problem.js';
import type { Clock, Crypto, IdGenerator } from '../../kernel/ports.js';
import type { WebhookRepository } from './repository.js';
import type { Delivery, Webhook } from './repository.js';
import { statusAfter } from '../risk/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface WebhookStore {
  readonly webhooks: WebhookRepository;
}

export const WEBHOOK_EVENTS = [
  'shipment.decided',
  'shipment.status',
  'trusted.status',
  'trusted.reminder',
] as const;

/**
 * An event a filer hears about: its filing was decided, an officer acted on it, its trusted-trader
 * membership changed (an application reviewed, information requested, certified, suspended…), or
 * its annual self-assessment falls due.
 */
export interface FilerEvent {
  /** Unique per event: the same event is never delivered twice to one webhook. */
  readonly id: string;
  readonly type: (typeof WEBHOOK_EVENTS)[number];
  readonly tenant: string;
  readonly shipment_id?: string | undefined;
  readonly member_id?: string | undefined;
  /** What happened to the membership, or the reminder (due date, days left). */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
  readonly reference?: string | undefined;
  readonly lane?: string | null;
  /**
   * `accepted`/`rejected` for a decision; for a status change, the filing's customs status the
   * officer's action left (`held`, `released`…: held while any authority's hold stands); the
   * member's status for a membership event or a reminder.
   */
  readonly status: string;
  /** A status change's action (`hold`, `release`, `release_request`…). */
  readonly action?: string | undefined;
  readonly at: string;
}

/** Sends one signed POST; resolves with the HTTP status, rejects on a network error or timeout. */
export type WebhookSender = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

/** Where an HMAC is computed (adapters: node:crypto). */
export type Hmac = (secret: string, text: string) => string;

/** Active webhooks a tenant may have unless configured (`TRADELANE_WEBHOOKS_PER_TENANT`). */
export const DEFAULT_WEBHOOKS_PER_TENANT = 20;

/** Attempts before a delivery is given up, and the backoff between them (doubling, capped). */
export const MAX_ATTEMPTS = 10;
const BASE_MS = 1000;
const CAP_MS = 3_600_000;

export function backoffMs(attempts: number): number {
  return Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Filers' webhooks: registered per tenant, each event queued durably per webhook and POSTed with
 * an HMAC-SHA256 signature over the timestamp and body; a failed delivery is retried with a
 * doubling backoff (1 s … 1 h) up to ten attempts, and every attempt is recorded.
 */
export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly crypto: Crypto,
    private readonly hmac: Hmac,
    private readonly send: WebhookSender,
    /** Refuses a URL whose target is not public (WEBHOOK_TARGET_REFUSED); delivery checks again. */
    private readonly checkTarget: (url: URL) => Promise<unknown> = async () => undefined,
    /**
     * Active webhooks per tenant: each is a POST per event, so without a bound one filing could be
     * fanned out to a third party's URL hundreds of times (WEBHOOK_LIMIT_REACHED).
     */
    private readonly perTenant: number = DEFAULT_WEBHOOKS_PER_TENANT,
  ) {}

  async register(tenant: string, url: string, events?: readonly string[]): Promise<Webhook> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new Problem('WEBHOOK_URL_INVALID', `"${url.slice(0, 200)}" is not a URL`, 'url');
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      throw new Problem('WEBHOOK_URL_INVALID', 'a webhook URL is http or https', 'url');
    }
    await this.checkTarget(u);
    const bad = events?.find((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (bad)
      throw new Problem(
        'WEBHOOK_EVENT_UNKNOWN',
        `unknown event "${bad}"; known: ${WEBHOOK_EVENTS.join(', ')}`,
        'events',
      );
    // In the catalogue's order, once each: the same events asked in another order are the same.
    const wanted = WEBHOOK_EVENTS.filter((e) => events === undefined || events.includes(e));
    const w: Webhook = {
      id: this.ids.next('whk'),
      tenant,
      url: u.toString(),
      secret: this.crypto.randomToken(32),
      events: wanted,
      createdAt: this.clock.now(),
    };
    const outcome = await this.store.webhooks.addWithin(w, this.perTenant);
    if (outcome === 'limit')
      throw new Problem(
        'WEBHOOK_LIMIT_REACHED',
        `your tenant has ${this.perTenant} webhooks, the most allowed; delete one first`,
        'url',
        { limit: this.perTenant },
      );
    if (outcome === 'duplicate')
      throw new Problem(
        'WEBHOOK_DUPLICATE',
        `a webhook to ${w.url} for these events is already registered`,
        'url',
      );
    return w;
  }

  /** A tenant's webhooks, secrets left out (a secret is shown once, at registration). */
  async list(tenant: string): Promise<Omit<Webhook, 'secret'>[]> {
    return (await this.store.webhooks.list(tenant)).map(({ secret: _secret, ...w }) => w);
  }

  /** The latest deliveries of one of the tenant's webhooks. */
  async deliveries(tenant: string, id: string, limit = 100): Promise<Delivery[]> {
    const mine = (await this.store.webhooks.list(tenant)).some((w) => w.id === id);
    if (!mine) throw new Problem('WEBHOOK_NOT_FOUND', `no webhook ${id}`, 'id');
    return this.store.webhooks.deliveries(id, limit);
  }

  async remove(tenant: string, id: string): Promise<void> {
    if (!(await this.store.webhooks.remove(tenant, id, this.clock.now())))
      throw new Problem('WEBHOOK_NOT_FOUND', `no webhook ${id}`, 'id');
  }

  /** Queues the events for every webhook of their tenants that wants them. */
  async enqueue(events: readonly FilerEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const hooks = await this.store.webhooks.forTenants([...new Set(events.map((e) => e.tenant))]);
    if (hooks.length === 0) return 0;
    const at = this.clock.now();
    const rows = events.flatMap((e) =>
      hooks
        .filter((h) => h.tenant === e.tenant && h.events.includes(e.type))
        .map((h) => ({ webhookId: h.id, eventId: e.id, payload: JSON.stringify(e), at })),
    );
    await this.store.webhooks.enqueue(rows);
    return rows.length;
  }

  /** Delivers what is due; returns how many were delivered. */
  async deliverDue(limit = 100): Promise<number> {
    const now = this.clock.now();
    // Claimed for a minute (a send times out in 10 s): no other process posts these meanwhile.
    const due = await this.store.webhooks.due(now, limit, new Date(Date.parse(now) + 60_000).toISOString());
    let delivered = 0;
    for (const d of due) {
      const ts = String(Math.floor(Date.parse(now) / 1000));
      const signature = `t=${ts},v1=${this.hmac(d.webhook.secret, `${ts}.${d.payload}`)}`;
      let error: string | null = null;
      try {
        const status = await this.send(d.webhook.url, d.payload, {
          'content-type': 'application/json',
          'x-tradelane-event': d.eventId,
          'x-tradelane-signature': signature,
        });
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const attempts = d.attempts + 1;
      if (error === null) delivered++;
      await this.store.webhooks.settle(d.id, {
        status: error === null ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        attempts,
        nextAt: new Date(Date.parse(now) + backoffMs(attempts)).toISOString(),
        error,
        at: now,
      });
    }
    return delivered;
  }
}

/** Events from the outbox messages: decisions of filings, and officers' actions. */
/** The filer events a bus message carries; `at` is when it was announced (the relay's clock). */
export function eventsOf(topic: string, payload: unknown, at: string): FilerEvent[] {
  if (topic === 'shipment.filed') {
    const p = payload as {
      shipments?: {
        id: string;
        tenant: string;
        reference?: string;
        revision: number;
        status: string;
        lane?: string | null;
      }[];
    };
    return (p.shipments ?? []).map((s) => ({
      id: `${s.id}@${s.revision}:decided`,
      type: 'shipment.decided',
      tenant: s.tenant,
      shipment_id: s.id,
      reference: s.reference,
      lane: s.lane ?? null,
      status: s.status,
      at,
    }));
  }
  if (topic === 'shipment.status') {
    const p = payload as {
      links?: { seq: number; id: string; tenant: string; lane: string; record: string }[];
    };
    return (p.links ?? []).flatMap((l) => {
      const r = JSON.parse(l.record) as { action?: { type: string; at: string }; status?: string };
      if (!r.action) return [];
      return [
        {
          id: `${l.id}#${l.seq}`,
          type: 'shipment.status' as const,
          tenant: l.tenant,
          shipment_id: l.id,
          lane: l.lane,
          // The customs status the action left (held while any authority's hold stands), and the action.
          status: statusAfter({ action: r.action, ...(r.status ? { status: r.status } : {}) }),
          action: r.action.type,
          at: r.action.at,
        },
      ];
    });
  }
  if (topic === 'trusted.status') {
    const p = payload as {
      member: string;
      tenant: string;
      version: number;
      status: string;
      events?: { at: string; action: string; from: string | null; to: string; reason: string | null }[];
    };
    const last = p.events?.[p.events.length - 1];
    if (!last) return [];
    return [
      {
        id: `${p.member}@${p.version}`,
        type: 'trusted.status',
        tenant: p.tenant,
        member_id: p.member,
        status: p.status,
        details: { events: p.events },
        at: last.at,
      },
    ];
  }
  return [];
}

/** The reminder event of a self-assessment due soon or overdue: one per member, due date and step. */
export function reminderEvent(
  r: { member: string; due: string; days_left: number; overdue: boolean; step: number | null },
  tenant: string,
  status: string,
  at: string,
): FilerEvent {
  return {
    id: `${r.member}:self-assessment:${r.due}:${r.overdue ? 'overdue' : r.step}`,
    type: 'trusted.reminder',
    tenant,
    member_id: r.member,
    status,
    details: { due: r.due, days_left: r.days_left, overdue: r.overdue },
    at,
  };
}
