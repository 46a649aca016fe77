import { defineConfig } from 'vitest/config';

// Checks over the built site (page weight, …): `npm run build && npm run test:build`. `npm test` runs them right
// after its build, so they see exactly the build the browser tests then serve. SITE_DIR picks another build.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.build.test.ts'],
    testTimeout: 60_000,
  },
});
