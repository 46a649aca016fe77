import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSettings } from '../../../src/config/build-stamp.ts';
import { readClassStorageConfig } from '../../../src/config/class-storage.ts';
import { readCourseConfig } from '../../../src/config/course-config.ts';
import { gradingLimitVariables, readGradingLimits } from '../../../src/config/grading-limits.ts';
import { readSandboxLimitSettings, sandboxLimitVariables } from '../../../src/config/sandbox-limits.ts';
import { readSandboxSetting } from '../../../src/sandbox/index.ts';
import { readServerConfig } from '../../../src/server/server-config.ts';

// .env.example is the operators' list of settings: every variable the code reads must be in it, once.
describe('.env.example', () => {
  const documented = readFileSync('.env.example', 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.slice(0, line.indexOf('=')));

  it('lists every setting exactly once', () => {
    const read = [
      ...Object.keys(buildSettings(readCourseConfig({}))),
      'PORT', 'HOST', 'SITE_DIR', 'TRUST_PROXY', 'GRADING_SANDBOX', // GRADING_SANDBOX: src/sandbox/index.ts
      ...gradingLimitVariables.map((v) => v.name),
      ...sandboxLimitVariables.map((v) => v.name),
      'DATA_DIR', 'DATABASE_URL', // class mode's storage: src/config/class-storage.ts
    ];
    expect([...documented].sort()).toEqual([...read].sort());
  });

  it('shows values the code accepts', () => {
    const env = Object.fromEntries(readFileSync('.env.example', 'utf8').split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    expect(() => readCourseConfig(env)).not.toThrow();
    expect(() => readGradingLimits(env)).not.toThrow();
    expect(() => readSandboxSetting(env)).not.toThrow();
    expect(() => readSandboxLimitSettings(env)).not.toThrow();
    expect(readServerConfig(env)).toMatchObject({ trustProxy: 0 });
    expect(readClassStorageConfig(env)).toEqual({ engine: 'sqlite', dataDir: './data' });
  });
});
