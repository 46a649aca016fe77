import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who sent a request, for the per-client rate limit, fair share and the request log.
 *
 * Without a proxy (TRUST_PROXY=0, the default) it is the connection's address, and X-Forwarded-For is ignored:
 * anyone can write that header. Behind `trustedProxies` reverse proxies, each of which appends the address it
 * received the request from, the client is the right-most X-Forwarded-For entry that none of our proxies is:
 * with one proxy the last entry, with two the one before it. Entries further left were written by the client
 * and prove nothing. A request with fewer entries than proxies (it bypassed one) falls back to the left-most.
 */
export type ClientAddress = (req: IncomingMessage) => string;

export function clientAddressResolver(trustedProxies: number): ClientAddress {
  return (req) => {
    const peer = normalise(req.socket.remoteAddress ?? 'unknown');
    if (trustedProxies === 0) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : header ?? '')
      .split(',').map((hop) => hop.trim()).filter((hop) => hop !== '');
    if (hops.length === 0) return peer;
    const hop = hops[Math.max(0, hops.length - trustedProxies)]!;
    // A proxy writes a plain address; anything else means the chain is not what TRUST_PROXY says.
    return isIP(hop) ? normalise(hop) : peer;
  };
}

/** One spelling per address: an IPv4 client seen through an IPv6 socket ("::ffff:1.2.3.4") is 1.2.3.4. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
