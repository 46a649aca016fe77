import { configDefaults, defineConfig } from 'vitest/config';

// Unit and integration tests only; browser tests live in tests/e2e and run under Playwright.
// `*.build.test.ts` check the built site and run after the build instead (vitest.build.config.ts).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: [...configDefaults.exclude, '**/*.build.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
