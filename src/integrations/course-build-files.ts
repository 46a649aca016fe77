/**
 * Writes the per-deploy files into every build: the header files static hosts read (host-headers.ts) and the
 * build stamp `npm start` compares with its environment (src/config/build-stamp.ts). The stamp is removed
 * when a build starts and written last, so a build that failed half-way never looks current.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { BUILD_STAMP_FILE, buildStamp } from '../config/build-stamp.ts';
import type { CourseConfig } from '../config/course-config.ts';
import { hostFiles } from './host-headers.ts';

export function courseBuildFiles(course: CourseConfig): AstroIntegration {
  let outDir: URL | undefined;
  return {
    name: 'twelve-factor-lab:build-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = config.outDir;
      },
      'astro:build:start': () => {
        if (outDir) rmSync(new URL(BUILD_STAMP_FILE, outDir), { force: true });
      },
      'astro:build:done': ({ dir, logger }) => {
        for (const [name, content] of Object.entries(hostFiles(course.basePath))) {
          writeFileSync(new URL(name, dir), content);
        }
        writeFileSync(new URL(BUILD_STAMP_FILE, dir), `${JSON.stringify(buildStamp(course), null, 2)}\n`);
        logger.info(`host header files and ${BUILD_STAMP_FILE} written to ${fileURLToPath(dir)}`);
      },
    },
  };
}
