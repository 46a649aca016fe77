import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './tests/e2e/chromium-path.ts';
import { COURSE_COPY, courseCopyOrigin } from './tests/e2e/instructors-course-copy.ts';

const port = Number(process.env.E2E_PORT ?? 4391);

// Browser tests run against the real `npm start` server over the real build (npm test builds first).
// Each run gets its own artefact folder (set once here, inherited by the workers): Playwright empties its
// output folder at start, and two runs in one checkout must not delete each other's traces mid-run.
process.env.E2E_RUN_ID ??= `${Date.now()}-${process.pid}`;

export default defineConfig({
  outputDir: `test-results/${process.env.E2E_RUN_ID}`,
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: [['list']],
  globalTeardown: './tests/e2e/instructors-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs },
    trace: 'retain-on-failure',
    // Pages served without isolation headers install a service worker that adds them (GitHub Pages support);
    // tests that strip the headers on purpose want them stripped, so only tests/e2e/instructors-github-pages
    // allows service workers.
    serviceWorkers: 'block',
  },
  webServer: [{
    command: 'node scripts/start.ts',
    url: `http://127.0.0.1:${port}/`,
    // Many grades come from one client (this browser) in a short run: the per-client limit is raised for it.
    env: { PORT: String(port), HOST: '127.0.0.1', GRADE_RATE_PER_MINUTE: '1000', GRADE_RATE_BURST: '100' },
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: 120_000,
  }, {
    // A course copy under a prefix with its own settings (tests/e2e/instructors-*.spec.ts); start.ts builds it.
    command: 'node scripts/start.ts',
    url: `${courseCopyOrigin}${COURSE_COPY.env.BASE_PATH}`,
    env: { ...COURSE_COPY.env, SITE_DIR: COURSE_COPY.dir, PORT: String(COURSE_COPY.port), HOST: '127.0.0.1' },
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: 180_000,
  }],
});
