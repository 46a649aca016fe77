// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { readCourseConfig } from './src/config/course-config.ts';
import { isolationHeaders } from './src/server/isolation-headers.ts';

const course = readCourseConfig();

export default defineConfig({
  site: course.siteUrl,
  base: course.basePath,
  trailingSlash: 'always',
  integrations: [mdx()],
  markdown: {
    shikiConfig: {
      // Dual themes: colours switch with the page theme through CSS variables, no second highlighter.
      themes: { light: 'github-light', dark: 'github-dark' },
      defaultColor: false,
    },
  },
  // The authors' dev server sends the same cross-origin isolation headers as `npm start`.
  server: { headers: isolationHeaders },
  vite: { preview: { headers: isolationHeaders } },
});
