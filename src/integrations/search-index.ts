/**
 * Builds the Pagefind search index over the lessons when the site is built (so `npm run build` and the build
 * `npm start` runs both have it). Lessons are the pages one folder deep (`/<slug>/index.html`); home and 404
 * are left out. The browser side is src/components/search-element.ts.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** What a learner should not find by searching: page chrome, controls, and the quiz (its explanations are answers). */
const excludeSelectors = [
  '.prev-next', '.related', '.quiz', '.workbench', '.copy-button', '.toc', '.sidebar', '[data-print]',
];

export function searchIndex(): AstroIntegration {
  return {
    name: 'twelve-factor-lab:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = Date.now();
        const pagefind = await import('pagefind');
        try {
          const { index, errors } = await pagefind.createIndex({ rootSelector: 'main', excludeSelectors });
          if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
          const site = fileURLToPath(dir);
          const added = await index.addDirectory({ path: site, glob: '*/index.html' });
          if (added.errors.length > 0) throw new Error(`Pagefind could not index ${site}: ${added.errors.join('; ')}`);
          if (added.page_count === 0) throw new Error(`Pagefind found no lesson pages in ${site}`);
          const written = await index.writeFiles({ outputPath: fileURLToPath(new URL('pagefind/', dir)) });
          if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
          logger.info(`search index: ${added.page_count} lessons in ${Date.now() - started} ms`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
