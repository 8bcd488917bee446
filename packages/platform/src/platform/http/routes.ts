/** What a module's route plugin is: a Fastify plugin with zod types, given its dependencies. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export interface RoutesOptions<D> {
  readonly deps: D;
}

/** A module's routes, registered under /v1 by main with the services they use. */
export type RoutesPlugin<D> = FastifyPluginAsyncZod<RoutesOptions<D>>;

import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

/**
 * Sends a stream (NDJSON results, a document's bytes). The route's schema documents what the
 * stream carries; the zod types describe JSON answers, so the reply is widened here, once.
 */
export function sendStream(reply: FastifyReply, stream: Readable): FastifyReply {
  return (reply as FastifyReply).send(stream);
}
