import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectServerUnharmed, health, removeServerDirs, REPO, run, skipReason, startHostileServer, stopServer, titled,
  withOwnServer, withPayload, type HostileServer, type RunReply,
} from './hostile-support.ts';

/**
 * Issue 15, "root through the Run environment": POST /api/run lets the learner set environment variables, and
 * a variable that names a folder (TMPDIR, HOME) must never make the server hand a host folder to the run or
 * mount it in the sandbox — neither an absolute path nor one relative to the server's own folder, and a path
 * that is missing or a file must not crash the server. NODE_OPTIONS must not load a host file either.
 * Secure outcome: the request is refused (400), or the run neither reads nor writes the host folder; the
 * host folder stays root's; the server is unharmed.
 */
const secret = `host-secret-${process.pid}`;

/** A root-only folder with a root-only secret in it, in the server's own working directory. */
function victim(home: string, name: string): string {
  const dir = path.join(home, name);
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(path.join(dir, 'secret.txt'), secret, { mode: 0o600 });
  return dir;
}

/** Refused with 400, or run without reaching the host folder. */
function expectRefusedOrContained(reply: RunReply, dir: string): void {
  expect([200, 400], `answered (${reply.text.slice(0, 200)})`).toContain(reply.status);
  if (reply.status === 400) expect(reply.text).toMatch(/TMPDIR|HOME|NODE_OPTIONS|environment|variable/i);
  const said = `(the run said: ${reply.output.slice(0, 300)})`;
  expect(reply.output, 'the run did not read the host secret').not.toContain(secret);
  expect(reply.output).not.toContain('BREACH');
  expect(statSync(dir).uid, `the host folder still belongs to root ${said}`).toBe(0);
  expect(statSync(path.join(dir, 'secret.txt')).uid, 'the host secret still belongs to root').toBe(0);
  expect(existsSync(path.join(dir, 'planted.txt')), 'nothing was planted in the host folder').toBe(false);
}

describe.skipIf(skipReason !== undefined)(titled('the Run environment cannot name a host path'), () => {
  // None of these crashes today's server; they share one.
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer();
  });
  afterAll(async () => {
    if (!server) return;
    await stopServer(server);
    removeServerDirs(server);
  });

  it('TMPDIR set to an absolute host path', async () => {
    const dir = victim(server.home, 'absolute');
    expectRefusedOrContained(await run(server, withPayload('host-path.mjs'), { TMPDIR: dir }), dir);
    await expectServerUnharmed(server);
  });

  it('TMPDIR set to a path relative to the server\'s own folder', async () => {
    const dir = victim(server.home, 'relative');
    expectRefusedOrContained(await run(server, withPayload('host-path.mjs'), { TMPDIR: 'relative' }), dir);
    await expectServerUnharmed(server);
  });

  it('HOME set to an absolute host path', async () => {
    const home = victim(server.home, 'home');
    expectRefusedOrContained(await run(server, withPayload('host-path.mjs'), { HOME: home }), home);
    await expectServerUnharmed(server);
  });

  it('NODE_OPTIONS=--require <a host file>', async () => {
    const modules = victim(server.home, 'modules');
    const module = path.join(modules, 'host-module.cjs');
    writeFileSync(module, readFileSync(path.join(REPO, 'tests/fixtures/hostile/host-module.cjs')));
    chmodSync(modules, 0o755); // readable by anyone on the host: only the sandbox may keep it out
    chmodSync(module, 0o644);
    expectRefusedOrContained(await run(server, withPayload('host-path.mjs'), { NODE_OPTIONS: `--require ${module}` }), modules);
    await expectServerUnharmed(server);
  });

  // Today the first of these ends the server: they have one of their own.
  it('TMPDIR set to a missing path, then to a file, does not crash the server', () => withOwnServer(async (own) => {
    const file = path.join(own.home, 'a-file');
    writeFileSync(file, 'not a folder');
    for (const target of [path.join(own.home, 'no-such-folder'), file]) {
      const reply = await run(own, withPayload('host-path.mjs'), { TMPDIR: target });
      expect([200, 400], `answered (${reply.text.slice(0, 200)})`).toContain(reply.status);
      expect(await health(own), `the server still answers after TMPDIR=${path.basename(target)}`).toBe(200);
    }
    await expectServerUnharmed(own);
  }));
});
