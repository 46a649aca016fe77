import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startFakeService } from '../../../src/grading/harness/kit-net.mjs';

// freePort() hands out ports for apps that bind them a moment later. A port the OS itself picks could go to
// someone else (a port-0 listener, the source port of an outgoing connection) before the app binds it, so the
// kit counts through ports outside the OS's ephemeral range and checks each one by binding it.

const [ephemeralLow = 32768, ephemeralHigh = 60999] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
  .trim()
  .split(/\s+/)
  .map(Number);
const held: net.Server[] = [];

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

afterAll(async () => {
  await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('freePort', () => {
  it('never hands out a port from the range the OS picks from, nor the same port twice', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 40; i += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port >= ephemeralLow && port <= ephemeralHigh, `port ${port} is in ${ephemeralLow}-${ephemeralHigh}`).toBe(false);
      expect(port).toBeGreaterThanOrEqual(1024);
    }
  });

  it('hands out ports that can be bound, skipping one something else is listening on', async () => {
    const before = await freePort();
    // The counter would hand out before + 1 next (or wrap around): take it first.
    const taken = before + 1;
    held.push(await listen(taken));
    const next = await freePort();
    expect(next).not.toBe(taken);
    held.push(await listen(next));
  });
});

describe('startFakeService', () => {
  it('listens on another loopback address when asked, and its url names that address', async () => {
    const service = await startFakeService(undefined, { host: '127.31.4.9' });
    try {
      expect(service.host).toBe('127.31.4.9');
      expect(service.url).toBe(`http://127.31.4.9:${service.port}`);
      const res = await fetch(`${service.url}/ping`);
      expect(res.status).toBe(200);
      expect(service.requests.map((request) => request.url)).toEqual(['/ping']);
    } finally {
      await service.close();
    }
  });

  it('falls back to 127.0.0.1 where the address asked for cannot be bound', async () => {
    const service = await startFakeService(undefined, { host: '192.0.2.1' }); // TEST-NET-1: never this machine's
    try {
      expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
    } finally {
      await service.close();
    }
  });
});
