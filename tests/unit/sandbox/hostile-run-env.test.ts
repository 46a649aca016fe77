import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectServerUnharmed, health, REPO, run, skipReason, withOwnServer, withPayload, type RunReply,
} from './hostile-support.ts';

/**
 * Issue 15, "root through the Run environment": POST /api/run lets the learner set environment variables, and
 * a variable that names a folder (TMPDIR, HOME) must never make the server hand a host folder to the run or
 * mount it in the sandbox — neither an absolute path nor one relative to the server's own folder, and a path
 * that is missing or a file must not crash the server. NODE_OPTIONS must not load a host file either.
 * Secure outcome: the request is refused (400), or the run neither reads nor writes the host folder; the
 * host folder stays root's; the server is unharmed. Each case has a server of its own: today some of them
 * crash it or give its folder away.
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

describe.skipIf(skipReason !== undefined)('the Run environment cannot name a host path', () => {
  it('TMPDIR set to an absolute host path', () => withOwnServer(async (server) => {
    const dir = victim(server.home, 'absolute');
    expectRefusedOrContained(await run(server, withPayload('host-path.mjs'), { TMPDIR: dir }), dir);
    await expectServerUnharmed(server);
  }));

  it('TMPDIR set to a path relative to the server\'s own folder', () => withOwnServer(async (server) => {
    const dir = victim(server.home, 'relative');
    expectRefusedOrContained(await run(server, withPayload('host-path.mjs'), { TMPDIR: 'relative' }), dir);
    await expectServerUnharmed(server);
  }));

  it('HOME set to an absolute host path, then NODE_OPTIONS=--require <a host file>', () => withOwnServer(async (server) => {
    const home = victim(server.home, 'home');
    expectRefusedOrContained(await run(server, withPayload('host-path.mjs'), { HOME: home }), home);
    await expectServerUnharmed(server);
    const modules = victim(server.home, 'modules');
    const module = path.join(modules, 'host-module.cjs');
    writeFileSync(module, readFileSync(path.join(REPO, 'tests/fixtures/hostile/host-module.cjs')));
    chmodSync(modules, 0o755); // readable by anyone on the host: only the sandbox may keep it out
    chmodSync(module, 0o644);
    expectRefusedOrContained(await run(server, withPayload('host-path.mjs'), { NODE_OPTIONS: `--require ${module}` }), modules);
    await expectServerUnharmed(server);
  }));

  it.each([
    ['a missing path', (home: string) => path.join(home, 'no-such-folder')],
    ['a file', (home: string) => {
      const file = path.join(home, 'a-file');
      writeFileSync(file, 'not a folder');
      return file;
    }],
  ])('TMPDIR set to %s does not crash the server', (_what, target) => withOwnServer(async (server) => {
    const reply = await run(server, withPayload('host-path.mjs'), { TMPDIR: target(server.home) });
    expect([200, 400], `answered (${reply.text.slice(0, 200)})`).toContain(reply.status);
    expect(await health(server), 'the server still answers').toBe(200);
    await expectServerUnharmed(server);
  }));
});
