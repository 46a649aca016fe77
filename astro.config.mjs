// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { readCourseConfig } from './src/config/course-config.ts';
import { isolationHeaders } from './src/server/isolation-headers.ts';
import { courseBuildFiles } from './src/integrations/course-build-files.ts';
import { searchIndex } from './src/integrations/search-index.ts';
import { monacoTrim } from './src/workbench/build/monaco-vite-plugin.ts';

const course = readCourseConfig();

export default defineConfig({
  site: course.siteUrl,
  base: course.basePath,
  trailingSlash: 'always',
  // Build-done hooks run in this order: the search index, then host header files and the build stamp (last).
  integrations: [mdx(), searchIndex(), courseBuildFiles(course)],
  markdown: {
    shikiConfig: {
      // Dual themes: colours switch with the page theme through CSS variables, no second highlighter.
      // GitHub's "default" pair: every token colour meets AA contrast (the older github-light/-dark do not).
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: false,
    },
  },
  // The authors' dev server sends the same cross-origin isolation headers as `npm start`.
  server: { headers: isolationHeaders },
  vite: {
    preview: { headers: isolationHeaders },
    // The workbench (src/workbench) loads Monaco lazily: only the languages and workers it uses are built.
    plugins: [monacoTrim()],
    // Monaco's workers import code-split modules; classic (iife) workers cannot.
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 4096 },
  },
});
