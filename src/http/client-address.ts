import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

/** `::ffff:192.0.2.1` and `192.0.2.1` are one client. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The address of the client that sent a request: the socket's peer, or, when
 * the peer is one of `trustedProxies`, the nearest address in X-Forwarded-For
 * that is not a trusted proxy (addresses further left could be made up by the
 * client). Undefined when there is no socket (a request built in-process).
 */
export function clientAddress(c: Context<AppEnv>, trustedProxies: ReadonlySet<string>): string | undefined {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
  if (peer === undefined) return undefined;
  let address = normalise(peer);
  if (!trustedProxies.has(address)) return address;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((entry) => normalise(entry.trim()));
  for (let index = forwarded.length - 1; index >= 0; index--) {
    const hop = forwarded[index]!;
    if (isIP(hop) === 0) break;
    address = hop;
    if (!trustedProxies.has(hop)) break;
  }
  return address;
}
