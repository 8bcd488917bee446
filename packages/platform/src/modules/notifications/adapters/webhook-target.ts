/**
 * Webhook targets, checked where the network is: a URL's host is resolved, every address it
 * resolves to must be public (domain/addresses.ts) unless the operator allow-listed the host
 * (TRADELANE_WEBHOOK_ALLOW_HOSTS), and the POST then connects to the very address that was checked
 * — the name is not resolved a second time, so a DNS answer that changes in between (rebinding)
 * cannot swap in a private address. Refused and failed deliveries are logged in coarse words that
 * do not tell an open port from a closed one.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Problem } from '../../../kernel/problem.js';
import { allowListed, isIpLiteral, refusedAddress } from '../domain/addresses.js';
import type { WebhookSender } from '../webhook-service.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

export interface TargetPolicy {
  /**
   * Host names delivered to whatever they resolve to, and addresses allowed when a name resolves
   * to them (the operator's setting; tests use it).
   */
  readonly allowHosts: readonly string[];
  /** Name resolution (default: the system resolver, every address). */
  readonly resolve?: (host: string) => Promise<readonly ResolvedAddress[]>;
}

const systemResolve = async (host: string): Promise<readonly ResolvedAddress[]> =>
  lookup(host, { all: true, verbatim: true });

/**
 * Where a URL may be delivered: the checked addresses to connect to, or `null` for an allow-listed
 * host (resolved as usual). Throws WEBHOOK_TARGET_REFUSED naming the reason.
 */
export async function checkTarget(
  url: URL,
  policy: TargetPolicy,
): Promise<readonly ResolvedAddress[] | null> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowListed(host, policy.allowHosts)) return null;
  const refuse = (why: string): never => {
    throw new Problem(
      'WEBHOOK_TARGET_REFUSED',
      `webhooks are delivered to public addresses only: ${host} is ${why}`,
      'url',
    );
  };
  if (isIpLiteral(host)) {
    const why = refusedAddress(host);
    if (why) refuse(why);
    return [{ address: host, family: host.includes(':') ? 6 : 4 }];
  }
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await (policy.resolve ?? systemResolve)(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0) refuse('a name that does not resolve');
  for (const a of addresses) {
    const why = allowListed(a.address, policy.allowHosts) ? null : refusedAddress(a.address);
    if (why) refuse(`a name for a ${why} address`);
  }
  return addresses;
}

/** A lookup that answers the address already checked, whatever the name. */
function pinned(to: ResolvedAddress): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address: to.address, family: to.family }]);
    else cb(null, to.address, to.family);
  }) as unknown as LookupFunction;
}

const TIMEOUT_MS = 10_000;

/** The webhook sender of a process: each POST checked and pinned, 10 s timeout, no redirects. */
export function safeWebhookSender(policy: TargetPolicy): WebhookSender {
  return async (target, body, headers) => {
    const url = new URL(target);
    let addresses: readonly ResolvedAddress[] | null;
    try {
      addresses = await checkTarget(url, policy);
    } catch (e) {
      // The same words whatever the port: a refused target is never connected to.
      throw new Error(e instanceof Problem ? `refused: ${e.message}` : 'refused');
    }
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: TIMEOUT_MS,
          ...(addresses ? { lookup: pinned(addresses[0]!) } : {}),
        },
        (res: IncomingMessage) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (e: Error) =>
        reject(new Error(e.message === 'timed out' ? 'timed out' : 'connection failed')),
      );
      req.end(body);
    });
  };
}
