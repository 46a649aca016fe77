import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkingCopy } from '../../../scripts/lib/working-copy.ts';
import { sandboxProblem } from '../../../src/sandbox/bubblewrap.ts';
import { makeSite, postJson, runEvents, startServer, type RunningServer } from './start-server.ts';

/**
 * Input the real `npm start` server must refuse with a clear 4xx instead of crashing or handing to the sandbox.
 * Each payload of the first block once killed the server (a file and a folder of one name, a name over 255
 * bytes) or let a Run choose a host path (TMPDIR); after all of them the same server still grades the
 * reference solution of config as a pass.
 */
const sandboxed = sandboxProblem() === undefined;
const solution = readWorkingCopy('exercises/config/solution');
const starter = readWorkingCopy('exercises/config/starter');

describe('the course server refuses bad input and keeps grading', () => {
  let site: string;
  let server: RunningServer;
  beforeAll(async () => {
    site = makeSite();
    server = await startServer({
      SITE_DIR: site, GRADE_RATE_PER_MINUTE: '10000', GRADE_RATE_BURST: '1000',
      ...(sandboxed ? {} : { GRADING_SANDBOX: 'unsafe-none' }),
    });
  });
  afterAll(() => {
    server.child.kill('SIGKILL');
    rmSync(site, { recursive: true, force: true });
  });

  const longName = 'é'.repeat(128); // 128 characters, 256 bytes in UTF-8: one byte more than a file name may have
  const deep = `${Array.from({ length: 16 }, () => 'd').join('/')}/x.js`; // 17 levels
  it.each([
    ['a file and a folder of one name', { 'lib': 'x', 'lib/util.js': 'y' }, '"lib" is a file and also a folder (of "lib/util.js")'],
    ['the folder listed first', { 'lib/util.js': 'y', 'lib': 'x' }, '"lib" is a file and also a folder'],
    ['a name over 255 bytes in UTF-8', { [`${longName}.js`]: 'x' }, 'has a name longer than 255 bytes'],
    ['a folder name over 255 bytes', { [`${longName}/a.js`]: 'x' }, `file path "${longName.slice(0, 80)}`],
    ['a path 17 levels deep', { [deep]: 'x' }, 'is 17 levels deep (at most 16)'],
  ])('%s: 400 naming the path, on grade and on run', async (_name, extra, message) => {
    for (const route of ['grade', 'run']) {
      const response = await postJson(server, route, { exercise: 'config', files: { ...starter, ...extra } });
      expect(response.status, route).toBe(400);
      expect(((await response.json()) as { error: string }).error, route).toContain(message);
    }
  });

  it.each([
    ['TMPDIR', '/etc', 'TMPDIR cannot be set for Run'],
    ['TMPDIR', '../../..', 'TMPDIR cannot be set for Run'],
    ['HOME', '/root', 'HOME cannot be set for Run'],
    ['PATH', '/tmp', 'PATH cannot be set for Run'],
    ['NODE_OPTIONS', '--require /tmp/x.js', 'names starting with NODE_ are read by the system or by Node itself'],
    ['NODE_EXTRA_CA_CERTS', '/etc/shadow', 'NODE_EXTRA_CA_CERTS cannot be set'],
    ['NODE_PATH', '/', 'NODE_PATH cannot be set'],
    ['LD_PRELOAD', '/tmp/evil.so', 'names starting with LD_'],
    ['GLIBC_TUNABLES', 'x', 'GLIBC_TUNABLES cannot be set'],
    ['http_proxy', 'http://x', '"http_proxy" is not a variable name'],
    ['SECRET', 'line one\nline two', 'SECRET must be plain text on one line'],
    ['SECRET', 'a\u0000b', 'SECRET must be plain text on one line'],
    ['SECRET', 'é'.repeat(2049), 'SECRET must be text of at most 4096 bytes'],
    ['PORT', '../../x', 'PORT must be a port number'],
  ])('a Run with %s=%.20j: 400 naming the variable', async (name, value, message) => {
    const response = await postJson(server, 'run', { exercise: 'config', files: starter, env: { [name]: value } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain(message);
  });

  it('a Run keeps the app settings a learner needs, NODE_ENV included', async () => {
    const files = { ...starter, 'server.js': 'console.log(process.env.DATABASE_URL, process.env.NODE_ENV, process.env.HOME !== "/x")' };
    const response = await postJson(server, 'run', { exercise: 'config', files, env: { DATABASE_URL: 'http://db:5984/x', NODE_ENV: 'production' } });
    expect(response.status).toBe(200);
    const events = await runEvents(response);
    expect(events.filter((e) => e.type === 'output').map((e) => e.text).join('')).toContain('http://db:5984/x production true');
    expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'exited', code: 0 });
  });

  it.each([
    ['text/plain (what a cross-site form or fetch may send without asking)', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['no type at all', undefined],
    ['JSON under another name', 'text/json'],
  ])('415 for a body sent as %s, naming the header to send', async (_name, type) => {
    for (const route of ['grade', 'run']) {
      const response = await fetch(`${server.url}/api/${route}`, {
        method: 'POST', headers: type ? { 'Content-Type': type } : {}, body: JSON.stringify({ exercise: 'config', files: solution }),
      });
      expect(response.status, route).toBe(415);
      expect(((await response.json()) as { error: string }).error).toContain('"Content-Type: application/json"');
    }
  });

  it('accepts application/json with a charset parameter', async () => {
    const response = await fetch(`${server.url}/api/grade`, {
      method: 'POST', headers: { 'Content-Type': 'Application/JSON; charset=utf-8' }, body: JSON.stringify({ exercise: 'nope', files: {} }),
    });
    expect(response.status).toBe(404); // past the type check, refused for the exercise
  });

  it('after every payload above, the same server is up and grades the reference solution of config as a pass', async () => {
    expect(server.child.exitCode).toBeNull();
    const response = await postJson(server, 'grade', { exercise: 'config', files: solution });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ exercise: 'config', status: 'pass' });
    expect(server.stderr()).not.toMatch(/ERR_|Uncaught|TypeError/);
  });
});

describe('the course server when its own temp folder fails (a full or missing disk)', () => {
  let site: string;
  let server: RunningServer;
  let tmpFile: string;
  beforeAll(async () => {
    site = makeSite();
    // TMPDIR is a file: every temp folder the server tries to make fails (ENOTDIR), as on a full or missing disk.
    // Unsandboxed, because the sandbox's start-up check needs a temp folder too (and would rightly stop the server).
    const parent = mkdtempSync(path.join(tmpdir(), 'tfl-broken-tmp-'));
    tmpFile = path.join(parent, 'not-a-folder');
    writeFileSync(tmpFile, '');
    server = await startServer({ SITE_DIR: site, TMPDIR: tmpFile, GRADING_SANDBOX: 'unsafe-none' });
  });
  afterAll(() => {
    server.child.kill('SIGKILL');
    rmSync(site, { recursive: true, force: true });
    rmSync(path.dirname(tmpFile), { recursive: true, force: true });
  });

  it('a grade answers 200 with an error result that blames the server, not the code, and shows no server path', async () => {
    const response = await postJson(server, 'grade', { exercise: 'config', files: solution });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { status: string; message: string };
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/problem on the (grading )?server, not in your code/);
    expect(result.message).not.toContain(path.dirname(tmpFile));
  });

  it('a Run ends its stream with a failed event that blames the server; the server stays up', async () => {
    const response = await postJson(server, 'run', { exercise: 'config', files: solution });
    expect(response.status).toBe(200);
    const events = await runEvents(response);
    expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'failed', message: expect.stringContaining('problem on the server, not in your code') });
    expect(JSON.stringify(events)).not.toContain(path.dirname(tmpFile));
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/config/`)).status).toBe(200);
  });
});
