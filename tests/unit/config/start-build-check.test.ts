import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP_FILE, buildStamp } from '../../../src/config/build-stamp.ts';
import { readCourseConfig } from '../../../src/config/course-config.ts';

// `npm start` compares the build's stamp with its environment before serving (scripts/start.ts).

const sites: string[] = [];
afterEach(() => {
  for (const dir of sites.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fakeSite(stampEnv?: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfl-stamp-'));
  sites.push(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Home</title>');
  if (stampEnv) writeFileSync(join(dir, BUILD_STAMP_FILE), JSON.stringify(buildStamp(readCourseConfig(stampEnv))));
  return dir;
}

/**
 * Starts scripts/start.ts in its own process group and waits until it either listens or announces a build; then
 * stops the whole group, so a build it started does not run on.
 */
function startUntilDecided(siteDir: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    // No sandbox probe: these tests are about the build check, and must not depend on bubblewrap being installed.
    env: { PATH: process.env.PATH ?? '', PORT: '0', SITE_DIR: siteDir, GRADING_SANDBOX: 'unsafe-none', ...env },
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const done = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve({ stdout, stderr });
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (stdout.includes('"msg":"listening"')) done();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (stderr.includes('Building the course')) done();
    });
    child.on('exit', (code) => reject(new Error(`start.ts exited with ${code}: ${stderr}`)));
  });
}

describe('npm start and the build stamp', () => {
  it('serves a build made with the same settings without building', async () => {
    const site = fakeSite({ SOLUTIONS: 'never' });
    const { stdout, stderr } = await startUntilDecided(site, { SOLUTIONS: 'never' });
    expect(stdout).toContain('"msg":"listening"');
    expect(stderr).not.toMatch(/Building|Serving/);
  });

  it('builds again when a build-time setting changed, and says which', async () => {
    const site = fakeSite({ SOLUTIONS: 'always' });
    const { stderr } = await startUntilDecided(site, { SOLUTIONS: 'never' });
    expect(stderr).toContain(`Building the course into ${site}/ first, because it was built with other settings: SOLUTIONS was "always", now "never"`);
  });

  it('serves a build without a stamp, with a warning', async () => {
    const site = fakeSite();
    const { stdout, stderr } = await startUntilDecided(site);
    expect(stdout).toContain('"msg":"listening"');
    expect(stderr).toContain(`Serving ${site}/ as it is: it has no ${BUILD_STAMP_FILE}`);
  });
});
