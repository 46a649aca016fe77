import { describe, expect, it } from 'vitest';
import { ConfigError, readCourseConfig } from '../../../src/config/course-config.ts';
import { readGradingLimits } from '../../../src/config/grading-limits.ts';

describe('course settings', () => {
  it('has defaults for everything', () => {
    expect(readCourseConfig({})).toEqual({
      title: 'Twelve-Factor Lab', courseId: 'twelve-factor-lab', siteUrl: undefined, basePath: '/', solutions: 'after-pass', sandbox: 'auto',
    });
  });

  it('normalises BASE_PATH to start and end with a slash', () => {
    for (const raw of ['course', '/course', 'course/', '/course/']) expect(readCourseConfig({ BASE_PATH: raw }).basePath).toBe('/course/');
    expect(readCourseConfig({ BASE_PATH: '/a/b' }).basePath).toBe('/a/b/');
  });

  it.each([
    ['SOLUTIONS', 'sometimes', 'SOLUTIONS="sometimes" is not allowed: use one of always, after-pass, never'],
    ['SANDBOX', 'docker', 'SANDBOX="docker" is not allowed: use one of auto, webcontainer, server'],
    ['COURSE_ID', 'Ops 101', 'COURSE_ID="Ops 101" must be lowercase letters, digits and dashes (max 63)'],
    ['SITE_URL', 'course.example.org', 'SITE_URL="course.example.org" is not an absolute URL'],
    ['BASE_PATH', '/../etc/', 'BASE_PATH="/../etc/" is not a URL path'],
  ])('rejects %s=%s with one message naming the variable', (name, value, message) => {
    expect(() => readCourseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readCourseConfig({ [name]: value })).toThrow(message);
  });
});

describe('grading limits', () => {
  it('returns only what is set, so the API keeps its own defaults', () => {
    expect(readGradingLimits({})).toEqual({});
    expect(readGradingLimits({
      GRADE_CONCURRENCY: '4', GRADE_QUEUE: '0', RUN_CONCURRENCY: '2', RUN_TIMEOUT_MS: '60000', GRADE_RATE_PER_MINUTE: '120', GRADE_RATE_BURST: '20',
    })).toEqual({ maxGrades: 4, maxQueuedGrades: 0, maxRuns: 2, runLimitMs: 60_000, ratePerMinute: 120, rateBurst: 20 });
  });

  it.each([
    ['GRADE_CONCURRENCY', '0', 'GRADE_CONCURRENCY="0" is not allowed: use a whole number from 1 to 64'],
    ['GRADE_CONCURRENCY', 'two', 'GRADE_CONCURRENCY="two" is not allowed: use a whole number from 1 to 64'],
    ['GRADE_QUEUE', '-1', 'GRADE_QUEUE="-1" is not allowed: use a whole number from 0 to 1000'],
    ['RUN_CONCURRENCY', '1.5', 'RUN_CONCURRENCY="1.5" is not allowed: use a whole number from 1 to 64'],
    ['RUN_TIMEOUT_MS', '30s', 'RUN_TIMEOUT_MS="30s" is not allowed: use a whole number from 1000 to 600000'],
    ['GRADE_RATE_BURST', '0', 'GRADE_RATE_BURST="0" is not allowed: use a whole number from 1 to 100000'],
  ])('rejects %s=%s', (name, value, message) => {
    expect(() => readGradingLimits({ [name]: value })).toThrow(new ConfigError(message));
  });
});
