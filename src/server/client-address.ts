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

/**
 * The key the rate limit and fair share count a client by: its address, except that an IPv6 address counts by
 * its /64 network. One subscriber or host is usually given a whole /64 and can pick any address in it, so per
 * address, one client could be as many clients as it likes. The log keeps the full address.
 */
export function limitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const mapped = normalise(address); // an IPv4 client on a dual-stack socket is that IPv4 address
  if (mapped !== address) return mapped;
  const bare = address.split('%')[0]!; // a zone (fe80::1%eth0) names the interface, not the host
  const halves = bare.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  // An IPv4 tail (::ffff:1.2.3.4 style) fills two groups.
  const width = (list: string[]) => list.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const full = halves.length === 2 ? [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right] : left;
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
