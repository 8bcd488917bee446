/** Filers hear about their filings: signed webhooks, and a Server-Sent Events stream. */
import { z } from 'zod';
import { tenantScope } from '../../kernel/principal.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { IdParams, errors, list } from '../../platform/http/schemas.js';
import type { EventHub } from './event-hub.js';
import { WEBHOOK_EVENTS, type WebhookService } from './webhook-service.js';
import { FILERS, FILERS_AND_OFFICERS, caller } from '../../platform/http/auth.js';

export interface NotificationRouteDeps {
  readonly webhooks: WebhookService;
  readonly events: EventHub;
}

const WebhookBody = z
  .object({
    id: z.string(),
    tenant: z.string(),
    url: z.string(),
    events: list(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'Webhook' });

const DeliveryBody = z.object({
  id: z.number(),
  webhookId: z.string(),
  eventId: z.string(),
  payload: z.string(),
  attempts: z.number(),
  nextAt: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  lastError: z.string().nullable(),
});

export const notificationRoutes: RoutesPlugin<NotificationRouteDeps> = async (app, { deps }) => {
  app.post(
    '/webhooks',
    {
      config: { access: FILERS },
      schema: {
        summary: 'Filers: register a webhook for decisions and status changes of your filings',
        description:
          'The answer carries the secret once: each POST to your URL has x-tradelane-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>. Failed deliveries are retried with a doubling backoff (1 s to 1 h), ten attempts. A tenant has at most TRADELANE_WEBHOOKS_PER_TENANT active webhooks (default 20; 409 WEBHOOK_LIMIT_REACHED), and one per URL and set of events (409 WEBHOOK_DUPLICATE).',
        tags: ['webhooks'],
        body: z.strictObject({
          url: z.string().min(1).max(2000),
          events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
        }),
        response: { 201: WebhookBody.extend({ secret: z.string() }), ...errors(400, 401, 409) },
      },
    },
    async (req, reply) => {
      const w = await deps.webhooks.register(caller(req).tenant, req.body.url, req.body.events);
      return reply.code(201).send(w);
    },
  );

  app.get(
    '/webhooks',
    {
      config: { access: FILERS },
      schema: {
        summary: 'Filers: your webhooks (secrets not shown)',
        tags: ['webhooks'],
        response: { 200: z.object({ webhooks: list(WebhookBody) }), ...errors(401) },
      },
    },
    async (req) => ({ webhooks: await deps.webhooks.list(caller(req).tenant) }),
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: { access: FILERS },
      schema: {
        summary: 'Filers: the latest deliveries of a webhook, with attempts and errors',
        tags: ['webhooks'],
        params: IdParams,
        response: { 200: z.object({ deliveries: list(DeliveryBody) }), ...errors(401, 404) },
      },
    },
    async (req) => ({ deliveries: await deps.webhooks.deliveries(caller(req).tenant, req.params.id) }),
  );

  app.delete(
    '/webhooks/:id',
    {
      config: { access: FILERS },
      schema: {
        summary: 'Filers: delete a webhook',
        tags: ['webhooks'],
        params: IdParams,
        response: { 204: z.null().describe('deleted'), ...errors(401, 404) },
      },
    },
    async (req, reply) => {
      await deps.webhooks.remove(caller(req).tenant, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/events',
    {
      config: { access: FILERS_AND_OFFICERS },
      schema: {
        summary:
          'A stream (Server-Sent Events) of decisions and status changes: your filings, or all for officers',
        tags: ['webhooks'],
        response: {
          200: {
            description: 'text/event-stream: `event: <type>` and `data: <JSON event>` per event',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...errors(401),
        },
      },
    },
    async (req, reply) => {
      const tenant = tenantScope(caller(req));
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-request-id': req.id,
      });
      res.write(': tradelane events\n\n');
      const stop = deps.events.listen(tenant, (e) => {
        res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      });
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      ping.unref();
      req.raw.on('close', () => {
        clearInterval(ping);
        stop();
      });
    },
  );
};
