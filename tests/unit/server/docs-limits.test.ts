import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_DEFAULTS } from '../../../src/server/api/index.ts';
import { SLOT_MS_PER_TOKEN } from '../../../src/server/api/grade-route.ts';
import { RUNS_PER_CLIENT } from '../../../src/server/api/run-route.ts';
import { LIMITS } from '../../../src/workbench/files/paths.ts';

/**
 * The figures operators and authors read (docs, .env.example) are the code's: a default changed in one place
 * and not the other has misled instructors before (the queue was documented as 16 per slot while the code
 * used 8; the working copy as 200 files and 1 MB while the code allowed 100 and 768 KB).
 */
const instructors = readFileSync('docs/instructors.md', 'utf8').replace(/\s+/g, ' ');
const workbench = readFileSync('docs/workbench.md', 'utf8').replace(/\s+/g, ' ');
const envExample = readFileSync('.env.example', 'utf8').replace(/\s+/g, ' ');
const kb = (bytes: number) => `${bytes / 1024} KB`;

describe('documented grading limits match the code', () => {
  it('working copy limits', () => {
    for (const doc of [instructors, workbench]) {
      expect(doc).toContain(`${LIMITS.maxFiles} files`);
      expect(doc).toContain(`${kb(LIMITS.maxFileBytes)} per file`);
      expect(doc).toContain(`${kb(LIMITS.maxTotalBytes)} in total`);
      expect(doc).toContain(`${LIMITS.maxPathLength} characters`);
      expect(doc).toContain(`${LIMITS.maxDepth} levels`);
      expect(doc).toContain(`${LIMITS.maxNameBytes} bytes`);
    }
    expect(instructors).toContain(`≤ ${LIMITS.maxFiles} files of ≤ ${kb(LIMITS.maxFileBytes)}`); // the submission format
  });

  it('request body, queue, rate and Run limits', () => {
    const mb = `${API_DEFAULTS.maxBodyBytes / 1024 / 1024} MB`;
    expect(instructors).toContain(`a request body ≤ ${mb}`);
    expect(workbench).toContain(`Request body: ${mb}`);
    for (const doc of [instructors, envExample]) expect(doc).toContain(`${API_DEFAULTS.queuedGradesPerSlot} per running slot`);
    expect(workbench).toContain(`${API_DEFAULTS.queuedGradesPerSlot} per slot wait`);
    for (const doc of [instructors, workbench, envExample]) expect(doc).toMatch(new RegExp(`\\b${API_DEFAULTS.maxQueuedPerClient}\\b[^.]*(waiting|from one client)`));
    expect(instructors).toContain(`| \`GRADE_RATE_PER_MINUTE\` | ${API_DEFAULTS.ratePerMinute} |`);
    expect(instructors).toContain(`| \`GRADE_RATE_BURST\` | ${API_DEFAULTS.rateBurst} |`);
    expect(envExample).toContain(`GRADE_RATE_PER_MINUTE=${API_DEFAULTS.ratePerMinute} GRADE_RATE_BURST=${API_DEFAULTS.rateBurst}`);
    for (const doc of [instructors, envExample]) expect(doc).toContain(`longer than ${SLOT_MS_PER_TOKEN / 1000} s`);
    expect(instructors).toContain(`${API_DEFAULTS.ratePerMinute} × ${SLOT_MS_PER_TOKEN / 1000} s`);
    expect(instructors).toContain(`| \`RUN_CONCURRENCY\` | ${API_DEFAULTS.maxRuns} |`);
    expect(instructors).toContain(`at most ${RUNS_PER_CLIENT} of them from one client`);
    expect(workbench).toContain(`at most ${API_DEFAULTS.maxRuns} at once, ${RUNS_PER_CLIENT} of them from one client`);
    expect(instructors).toContain(`| \`RUN_TIMEOUT_MS\` | ${API_DEFAULTS.runLimitMs} |`);
    for (const doc of [instructors, workbench]) expect(doc).toContain(`${kb(API_DEFAULTS.runOutputLimit)} of output`);
  });
});
