import { describe, expect, it } from 'vitest';
import { buildStamp, checkBuild } from '../../../src/config/build-stamp.ts';
import { readCourseConfig } from '../../../src/config/course-config.ts';

const defaults = readCourseConfig({});
const stampOf = (env: Record<string, string>) => JSON.stringify(buildStamp(readCourseConfig(env)));

describe('build stamp', () => {
  it('records every build-time setting by its variable name', () => {
    expect(buildStamp(readCourseConfig({ BASE_PATH: '/course/', COURSE_TITLE: 'Ops 101', SOLUTIONS: 'never' })).settings).toEqual({
      COURSE_TITLE: 'Ops 101', COURSE_ID: 'twelve-factor-lab', SITE_URL: '', BASE_PATH: '/course/', SOLUTIONS: 'never', SANDBOX: 'auto',
    });
  });

  it('accepts a build made with the same settings', () => {
    expect(checkBuild(stampOf({}), defaults)).toEqual({ rebuild: false });
    // Spelled differently, same meaning.
    expect(checkBuild(stampOf({ BASE_PATH: 'course' }), readCourseConfig({ BASE_PATH: '/course/' }))).toEqual({ rebuild: false });
  });

  it('names each setting that changed, with the old and new value', () => {
    expect(checkBuild(stampOf({}), readCourseConfig({ BASE_PATH: '/course/', SOLUTIONS: 'never' }))).toEqual({
      rebuild: true,
      reason: 'it was built with other settings: BASE_PATH was "/", now "/course/"; SOLUTIONS was "after-pass", now "never"',
    });
  });

  it('rebuilds over a damaged stamp', () => {
    expect(checkBuild('{not json', defaults)).toMatchObject({ rebuild: true, reason: expect.stringMatching(/unreadable/) });
    expect(checkBuild(JSON.stringify({ format: 'other', version: 1, settings: {} }), defaults)).toMatchObject({ rebuild: true });
  });

  it('serves a build without a stamp (made elsewhere or before stamps) with a warning', () => {
    expect(checkBuild(undefined, defaults)).toEqual({ rebuild: false, warning: expect.stringMatching(/cannot be checked/) });
  });

  it('ignores start-time settings (PORT, HOST, grading limits): they never force a rebuild', () => {
    expect(checkBuild(stampOf({}), readCourseConfig({ PORT: '80', HOST: '0.0.0.0', GRADE_CONCURRENCY: '8' }))).toEqual({ rebuild: false });
  });
});
