// WebContainer boots once per page; a lesson with two workbenches (LessonExercise) must get a clear message
// from the second, and a restart (teardown, then boot) must still work.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const boot = vi.fn();
vi.mock('@webcontainer/api', () => ({ WebContainer: { boot } }));

const fakeInstance = () => ({ teardown: vi.fn() });

describe('bootWebContainer', () => {
  beforeEach(() => {
    vi.resetModules();
    boot.mockReset();
    vi.stubGlobal('crossOriginIsolated', true);
    vi.stubGlobal('isSecureContext', true);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('refuses a second instance on the page, naming the reason, until the first is torn down', async () => {
    const { bootWebContainer } = await import('../../../src/workbench/sandbox/webcontainer/real-boot.ts');
    const first = fakeInstance();
    const realTeardown = first.teardown;
    boot.mockResolvedValueOnce(first).mockResolvedValueOnce(fakeInstance());
    const instance = await bootWebContainer({ coep: 'require-corp', workdirName: 'app' });
    await expect(bootWebContainer({ coep: 'require-corp', workdirName: 'app' })).rejects.toThrow(/only one can run per page/);
    expect(boot).toHaveBeenCalledTimes(1);
    instance.teardown();
    expect(realTeardown).toHaveBeenCalledTimes(1);
    await expect(bootWebContainer({ coep: 'require-corp', workdirName: 'app' })).resolves.toBeDefined();
    expect(boot).toHaveBeenCalledTimes(2);
  });

  it('lets a boot that failed be tried again', async () => {
    const { bootWebContainer } = await import('../../../src/workbench/sandbox/webcontainer/real-boot.ts');
    boot.mockRejectedValueOnce(new Error('network error')).mockResolvedValueOnce(fakeInstance());
    await expect(bootWebContainer({ coep: 'require-corp', workdirName: 'app' })).rejects.toThrow(/could not reach/);
    await expect(bootWebContainer({ coep: 'require-corp', workdirName: 'app' })).resolves.toBeDefined();
  });
});
