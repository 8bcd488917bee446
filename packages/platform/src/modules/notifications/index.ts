/** The notifications module's public surface: what other modules and main may use. */
export { KyselyWebhooks } from './db.js';
export { EventHub } from './event-hub.js';
export type { WebhookRepository } from './repository.js';
export { WEBHOOK_EVENTS, WebhookService, eventsOf, reminderEvent } from './webhook-service.js';
export { notificationRoutes } from './routes.js';
export { checkTarget, safeWebhookSender, type TargetPolicy } from './adapters/webhook-target.js';
