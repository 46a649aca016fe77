import { afterEach, describe, expect, it } from 'vitest';
import { buildGradingBundle } from '../../../src/workbench/data/build-exercise-data.ts';
import { SandboxUnavailableError, type SandboxEvent } from '../../../src/workbench/sandbox/sandbox.ts';
import { classifyBootError, preflight } from '../../../src/workbench/sandbox/webcontainer/real-boot.ts';
import { WebContainerSandbox, type WebContainerSandboxOptions } from '../../../src/workbench/sandbox/webcontainer/webcontainer-sandbox.ts';
import { FakeWebContainer } from './fake-webcontainer.ts';
import { EXERCISE, FIXTURES, solution, starter } from './sandbox-contract.ts';

let fake: FakeWebContainer;
let sandbox: WebContainerSandbox;

function make(options: Partial<WebContainerSandboxOptions> = {}, fakeOptions = {}) {
  fake = new FakeWebContainer(fakeOptions);
  sandbox = new WebContainerSandbox({
    boot: fake.boot,
    exercise: EXERCISE,
    loadGrading: async () => buildGradingBundle('wb-demo', FIXTURES),
    gradeSlackMs: 0,
    killGraceMs: 300,
    ...options,
  });
  return sandbox;
}

afterEach(async () => {
  await sandbox?.dispose();
  fake?.teardownAll();
});

describe('WebContainer sandbox (adapter specifics)', () => {
  it('boots one instance and mounts the learner files into it', async () => {
    make();
    await sandbox.sync(starter());
    expect(fake.instances).toHaveLength(1);
    expect(fake.live?.listFiles().sort()).toEqual(['package.json', 'server.js']);
  });

  it('mounts by diff: only changed files are written, removed ones deleted', async () => {
    make();
    await sandbox.sync({ ...starter(), 'lib/old.js': 'export {}' });
    const instance = fake.live!;
    const writes: string[] = [];
    const original = instance.fs.writeFile;
    instance.fs.writeFile = async (path, data) => {
      writes.push(path);
      return original(path, data);
    };
    await sandbox.sync({ ...starter(), 'server.js': '// changed\n', 'lib/new.js': 'export {}' });
    expect(writes.sort()).toEqual(['lib/new.js', 'server.js']);
    expect(instance.listFiles().sort()).toEqual(['lib/new.js', 'package.json', 'server.js']);
    expect(instance.readFile('server.js')).toBe('// changed\n');
  });

  it('serialises file writes: a burst of syncs ends with the last one', async () => {
    make();
    await sandbox.boot();
    await Promise.all(Array.from({ length: 20 }, (_, i) => sandbox.sync({ 'server.js': `// ${i}\n` })));
    expect(fake.live?.readFile('server.js')).toBe('// 19\n');
  });

  it('mounts hidden tests only while grading, and removes them afterwards', async () => {
    make();
    await sandbox.sync(solution());
    const result = await sandbox.grade();
    expect(result.status).toBe('pass');
    expect(fake.live?.spawned.at(-1)).toMatchObject({ command: 'node', args: ['--test-reporter=./.grading/reporter.mjs', '.grading/harness.mjs'] });
    expect(fake.live?.listFiles().some((file) => file.startsWith('.grading/'))).toBe(false);
  });

  it('a runaway grade tears the container down, boots a new one and mounts the learner files again', async () => {
    make();
    const events: SandboxEvent[] = [];
    sandbox.on((event) => events.push(event));
    const runaway = { ...starter(), 'server.js': 'while (true) {}' };
    await sandbox.sync(runaway);
    const result = await sandbox.grade();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/restarted/);
    expect(events.some((event) => event.type === 'restarted')).toBe(true);
    expect(fake.instances).toHaveLength(2);
    expect(fake.instances[0]?.tornDown).toBe(true);
    expect(fake.live?.readFile('server.js')).toBe('while (true) {}');
  });

  it('a Stop that a busy loop ignores restarts the container', async () => {
    make({}, { killable: false });
    const events: SandboxEvent[] = [];
    sandbox.on((event) => events.push(event));
    await sandbox.sync({ 'server.js': 'console.log("spinning"); while (true) {}' });
    const controller = new AbortController();
    const end = sandbox.run({
      onOutput: (text) => (text.includes('spinning') ? controller.abort() : undefined),
      signal: controller.signal,
    });
    expect((await end).reason).toBe('stopped');
    expect(events.map((event) => event.type)).toContain('restarted');
    expect(fake.live?.readFile('server.js')).toContain('spinning');
  });

  it("lets only the Run app drive the preview: its port while Run is active, never a grade's apps", async () => {
    make();
    const events: SandboxEvent[] = [];
    sandbox.on((event) => events.push(event));
    await sandbox.sync({ 'server.js': 'console.log("up"); setInterval(() => {}, 1000);' });
    const instance = fake.live!;
    instance.emit('server-ready', 3000, 'https://3000.example/'); // no Run yet: nothing to preview
    const controller = new AbortController();
    let up!: () => void;
    const started = new Promise<void>((resolve) => (up = resolve));
    const end = sandbox.run({ onOutput: (text) => (text.includes('up') ? up() : undefined), signal: controller.signal, env: { PORT: '3100' } });
    await started;
    instance.emit('server-ready', 3100, 'https://3100.example/'); // the Run app, on its PORT
    instance.emit('port', 4000, 'close', 'https://4000.example/'); // not the preview's port: ignored
    instance.emit('server-ready', 5000, 'https://5000.example/'); // no grade running: an app that ignores PORT
    // During a grade, the grader's apps and fake services listen too: only the Run app's port counts.
    const spawn = instance.spawn.bind(instance);
    let harnessSpawned = false;
    instance.spawn = async (command, args, options) => {
      if (args.some((arg) => arg.includes('harness'))) {
        harnessSpawned = true;
        instance.emit('server-ready', 4100, 'https://4100.example/');
        instance.emit('server-ready', 3100, 'https://3100.example/');
      }
      return spawn(command, args, options);
    };
    await sandbox.sync(solution());
    await sandbox.grade();
    expect(harnessSpawned).toBe(true);
    instance.emit('port', 3100, 'close', 'https://3100.example/');
    controller.abort();
    await end;
    instance.emit('server-ready', 3100, 'https://3100.example/'); // Run is over
    expect(events.filter((event) => event.type.startsWith('preview'))).toEqual([
      { type: 'preview', port: 3100, url: 'https://3100.example/' },
      { type: 'preview', port: 5000, url: 'https://5000.example/' },
      { type: 'preview', port: 3100, url: 'https://3100.example/' },
      { type: 'preview-closed', port: 3100 },
    ]);
  });

  it('starts a shell (jsh) wired to the terminal', async () => {
    make();
    await sandbox.boot();
    let output = '';
    const shell = await sandbox.startShell({ onOutput: (text) => (output += text), cols: 80, rows: 24 });
    shell.write('echo hello-from-shell\nexit\n');
    await shell.exit;
    expect(output).toContain('hello-from-shell');
    expect(fake.live?.spawned.at(-1)).toMatchObject({ command: 'jsh', options: { terminal: { cols: 80, rows: 24 } } });
  });

  it('a boot that never settles fails as unreachable, with a message', async () => {
    make({ bootTimeoutMs: 50 }, { bootHangs: true });
    const error = await sandbox.boot().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxUnavailableError);
    expect((error as SandboxUnavailableError).reason).toBe('unreachable');
    const result = await sandbox.grade();
    expect(result.status).toBe('error');
  });

  it('adopts a boot that finishes after the watchdog gave up, instead of booting a second instance', async () => {
    make({ bootTimeoutMs: 50 }, { bootDelayMs: 300 });
    const error = await sandbox.boot().catch((e: unknown) => e);
    expect((error as SandboxUnavailableError).reason).toBe('unreachable');
    await new Promise((resolve) => setTimeout(resolve, 400)); // the slow boot has finished by now
    await sandbox.sync(starter()); // a second WebContainer boot() on this page would throw
    expect(fake.instances).toHaveLength(1);
    expect(fake.live?.listFiles().sort()).toEqual(['package.json', 'server.js']);
  });

  it('answers instead of throwing when the instance is torn down between boot and spawn', async () => {
    make();
    await sandbox.sync(solution());
    const instance = fake.live!;
    const spawn = instance.spawn.bind(instance);
    instance.spawn = async (command, args, options) => {
      instance.teardown(); // as a restart elsewhere would, just before this spawn
      return spawn(command, args, options);
    };
    await expect(sandbox.run({ onOutput: () => {} })).resolves.toMatchObject({ reason: 'failed', message: expect.stringMatching(/^The app could not start: /) });
  });

  it('a grade whose instance is torn down under it ends in an error result, not a throw', async () => {
    make();
    await sandbox.sync(solution());
    const instance = fake.live!;
    const write = instance.fs.writeFile;
    instance.fs.writeFile = async (path, data) => {
      if (path.startsWith('.grading/')) void sandbox.dispose(); // the page closes the workbench while the tests are written: teardown before the harness starts
      return write(path, data);
    };
    const result = await sandbox.grade();
    expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/restarted while the tests were being set up/) });
  });

  it('Run answers "failed" instead of throwing when the sandbox cannot start', async () => {
    make({}, { bootError: new SandboxUnavailableError('offline', 'You are offline') });
    const end = await sandbox.run({ onOutput: () => {} });
    expect(end).toMatchObject({ reason: 'failed', message: 'You are offline' });
  });
});

describe('WebContainer boot checks', () => {
  const ok = { crossOriginIsolated: true, SharedArrayBuffer, navigator: { onLine: true }, isSecureContext: true };

  it('passes in an isolated, secure, online page', () => {
    expect(() => preflight(ok)).not.toThrow();
  });

  it.each([
    [{ ...ok, navigator: { onLine: false } }, 'offline'],
    [{ ...ok, crossOriginIsolated: false }, 'not-isolated'],
    [{ ...ok, isSecureContext: false }, 'not-isolated'],
    [{ ...ok, SharedArrayBuffer: undefined }, 'unsupported'],
  ])('refuses early: %o → %s', (env, reason) => {
    expect(() => preflight(env)).toThrow(expect.objectContaining({ reason }));
  });

  it('classifies boot errors the learner can act on', () => {
    expect(classifyBootError(new Error('SecurityError: third-party cookies blocked')).reason).toBe('blocked');
    expect(classifyBootError(new Error('Failed to fetch')).reason).toBe('unreachable');
    expect(classifyBootError('weird').reason).toBe('failed');
  });
});
