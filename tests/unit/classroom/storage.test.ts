// Class mode's store, the same suite against both real engines: SQLite under a temp DATA_DIR and a throwaway
// PostgreSQL cluster (postgres-cluster.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradeResult } from '../../../src/grading/grade-result.ts';
import { LATEST_SCHEMA_VERSION } from '../../../src/classroom/migrations.ts';
import { migrate, schemaVersion } from '../../../src/classroom/migrate.ts';
import { openClassStore, openSqlClient } from '../../../src/classroom/open-store.ts';
import { hashSecret } from '../../../src/classroom/secrets.ts';
import type { SqlClient } from '../../../src/classroom/sql-client.ts';
import { ClassInputError, SchemaVersionError, type ClassStore } from '../../../src/classroom/types.ts';
import type { ClassStorageConfig } from '../../../src/config/class-storage.ts';
import { enginesUnderTest } from './engines.ts';

const { engines, cleanUp } = enginesUnderTest();
afterAll(cleanUp);

function grade(exercise: string, status: GradeResult['status'], tests: GradeResult['tests'], durationMs = 412.6): GradeResult {
  return { version: 1, exercise, status, tests, durationMs };
}

const halfSolved = grade('config', 'fail', [
  { name: 'reads PORT', status: 'pass' },
  { name: 'no secret in code', status: 'fail', message: 'server.js still holds the old API key', hint: 'read it from the environment' },
]);
const files = { 'server.js': 'console.log(process.env.PORT)\n', '.env.example': 'PORT=\n' };

describe.each(engines)('class store on $title', (engine) => {
  let config: ClassStorageConfig;
  let store: ClassStore;
  let raw: SqlClient;

  beforeAll(async () => {
    if (engine.skip) return;
    config = await engine.freshDatabase();
    raw = openSqlClient(config);
    await migrate(raw);
    store = await openClassStore(config);
  });
  afterAll(async () => {
    await store?.close();
    await raw?.close();
  });
  const test = engine.skip ? it.skip : it;
  const count = async (table: string) => Number((await raw.query(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

  test('migrates to the latest schema once: running it again applies nothing', async () => {
    expect(await schemaVersion(raw)).toBe(LATEST_SCHEMA_VERSION);
    expect((await migrate(raw)).applied).toEqual([]);
    expect(await count('schema_migrations')).toBe(LATEST_SCHEMA_VERSION);
  });

  test('creates a class and finds it by its join code however it is typed', async () => {
    const created = await store.createClass({ name: '  Bootcamp   autumn ', joinCode: 'fall-2026' });
    expect(created).toMatchObject({ name: 'Bootcamp autumn', joinCode: 'FALL2026' });
    expect(await store.findClassByJoinCode(' Fall 2026')).toEqual(created);
    expect(await store.findClassByJoinCode('SPRING2026')).toBeUndefined();
    const generated = await store.createClass({ name: 'Evening' });
    expect(generated.joinCode).toMatch(/^[A-Z2-9]{8}$/);
  });

  test('refuses a taken join code and an empty or overlong name, saying what to fix', async () => {
    await store.createClass({ name: 'First', joinCode: 'TAKEN1' });
    await expect(store.createClass({ name: 'Second', joinCode: 'taken1' })).rejects.toThrow(/TAKEN1 is taken/);
    await expect(store.createClass({ name: '   ' })).rejects.toThrow(ClassInputError);
    await expect(store.createClass({ name: 'x'.repeat(101) })).rejects.toThrow(/1 to 100 characters/);
    await expect(store.createClass({ name: 'ok', joinCode: 'a;b' })).rejects.toThrow(/letters and digits/);
  });

  test('a learner joins with a resume token that is kept only as its hash', async () => {
    const klass = await store.createClass({ name: 'Tokens' });
    const { learner, resumeToken } = await store.joinClass({ classId: klass.id, displayName: 'Ada' });
    expect(resumeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(learner).toMatchObject({ classId: klass.id, displayName: 'Ada' });
    const [row] = await raw.query('SELECT * FROM learners WHERE id = $1', [learner.id]);
    expect(Object.values(row ?? {}).map(String)).not.toContain(resumeToken);
    expect(row?.resume_token_hash).toBe(hashSecret(resumeToken));
    expect(await store.learnerByResumeToken(resumeToken)).toEqual(learner);
    const oneCharOff = resumeToken.slice(0, -1) + (resumeToken.endsWith('A') ? 'B' : 'A');
    expect(await store.learnerByResumeToken(oneCharOff)).toBeUndefined();
    await expect(store.joinClass({ classId: 'no-such-class', displayName: 'Bob' })).rejects.toThrow(/does not exist/);
    expect((await store.listLearners(klass.id)).map((l) => l.displayName)).toEqual(['Ada']);
  });

  test('records a server grade with its tests, files, server time, duration and sandbox', async () => {
    const klass = await store.createClass({ name: 'Grades' });
    const { learner } = await store.joinClass({ classId: klass.id, displayName: 'Grace' });
    const before = Date.now();
    const attempt = await store.recordAttempt({ learnerId: learner.id, files, result: halfSolved, sandbox: 'server' });
    expect(attempt).toMatchObject({
      learnerId: learner.id, exercise: 'config', status: 'fail', durationMs: 413, sandbox: 'server',
      tests: [{ name: 'reads PORT', status: 'pass' }, { name: 'no secret in code', status: 'fail', message: 'server.js still holds the old API key' }],
    });
    // The database's clock, on this machine the same as ours give or take a few seconds of load.
    expect(Math.abs(attempt.gradedAt - before)).toBeLessThan(5_000);
    expect(await store.attemptFiles(attempt.id)).toEqual(files);
    expect(await store.attemptFiles('no-such-attempt')).toBeUndefined();
    const errored = await store.recordAttempt({ learnerId: learner.id, files: {}, sandbox: 'server',
      result: { ...grade('logs', 'error', []), message: 'server.js has a syntax error on line 3' } });
    expect(errored).toMatchObject({ status: 'error', message: 'server.js has a syntax error on line 3', tests: [] });
    // What recordAttempt answers is what the database gives back later, in the order recorded.
    expect(await store.listAttempts(learner.id)).toEqual([attempt, errored]);
    expect((await store.listAttempts(learner.id, 'config')).map((a) => a.id)).toEqual([attempt.id]);
  });

  test('keeps one copy of identical files, whichever learner sent them and in whatever key order', async () => {
    const klass = await store.createClass({ name: 'Copies' });
    const a = (await store.joinClass({ classId: klass.id, displayName: 'A' })).learner;
    const b = (await store.joinClass({ classId: klass.id, displayName: 'B' })).learner;
    const before = await count('submissions');
    const first = await store.recordAttempt({ learnerId: a.id, files: { 'b.js': '2', 'a.js': '1' }, result: halfSolved, sandbox: 'server' });
    const second = await store.recordAttempt({ learnerId: b.id, files: { 'a.js': '1', 'b.js': '2' }, result: halfSolved, sandbox: 'server' });
    expect(second.filesHash).toBe(first.filesHash);
    expect(await count('submissions')).toBe(before + 1);
  });

  test('records nothing for a learner who is not (any more) in a class', async () => {
    const before = [await count('attempts'), await count('attempt_tests'), await count('submissions')];
    await expect(store.recordAttempt({ learnerId: 'gone', files: { 'x.js': 'unique' }, result: halfSolved, sandbox: 'server' }))
      .rejects.toThrow(/join again/);
    expect([await count('attempts'), await count('attempt_tests'), await count('submissions')]).toEqual(before);
  });

  test('removing a learner removes their attempts and the file copies only they used', async () => {
    const klass = await store.createClass({ name: 'Removal' });
    const leaving = (await store.joinClass({ classId: klass.id, displayName: 'Leaving' })).learner;
    const staying = (await store.joinClass({ classId: klass.id, displayName: 'Staying' })).learner;
    const shared = await store.recordAttempt({ learnerId: leaving.id, files: { 's.js': 'shared' }, result: halfSolved, sandbox: 'server' });
    await store.recordAttempt({ learnerId: staying.id, files: { 's.js': 'shared' }, result: halfSolved, sandbox: 'server' });
    const own = await store.recordAttempt({ learnerId: leaving.id, files: { 'o.js': 'only mine' }, result: halfSolved, sandbox: 'server' });
    expect(await store.removeLearner(leaving.id)).toBe(true);
    expect(await store.removeLearner(leaving.id)).toBe(false);
    expect(await store.listAttempts(leaving.id)).toEqual([]);
    expect(await raw.query('SELECT * FROM attempt_tests WHERE attempt_id = $1', [own.id])).toEqual([]);
    expect(await raw.query('SELECT hash FROM submissions WHERE hash = $1', [own.filesHash])).toEqual([]);
    expect(await raw.query('SELECT hash FROM submissions WHERE hash = $1', [shared.filesHash])).toHaveLength(1);
    expect((await store.listLearners(klass.id)).map((l) => l.displayName)).toEqual(['Staying']);
  });

  test('sets, moves and clears due dates per exercise', async () => {
    const klass = await store.createClass({ name: 'Deadlines' });
    const due = Date.UTC(2027, 0, 15, 17);
    await store.setDueDate(klass.id, 'config', due);
    await store.setDueDate(klass.id, 'logs', due);
    await store.setDueDate(klass.id, 'config', due + 86_400_000);
    await store.setDueDate(klass.id, 'logs', null);
    expect(await store.dueDates(klass.id)).toEqual({ config: due + 86_400_000 });
    await expect(store.setDueDate(klass.id, 'config', Number.NaN)).rejects.toThrow(ClassInputError);
  });

  test('sums a class up per learner and exercise: attempts, best verdict, last activity, first pass', async () => {
    const klass = await store.createClass({ name: 'Progress' });
    const other = await store.createClass({ name: 'Other class' });
    const solver = (await store.joinClass({ classId: klass.id, displayName: 'Solver' })).learner;
    const stuck = (await store.joinClass({ classId: klass.id, displayName: 'Stuck' })).learner;
    const outsider = (await store.joinClass({ classId: other.id, displayName: 'Outsider' })).learner;
    const record = (learnerId: string, result: GradeResult) => store.recordAttempt({ learnerId, files, result, sandbox: 'server' });
    await record(solver.id, halfSolved);
    const passed = await record(solver.id, grade('config', 'pass', [{ name: 'reads PORT', status: 'pass' }]));
    const last = await record(solver.id, halfSolved); // a later regression keeps the best verdict
    await record(stuck.id, { ...grade('config', 'error', []), message: 'syntax error' });
    const stuckLast = await record(stuck.id, { ...grade('logs', 'error', []), message: 'syntax error' });
    await record(outsider.id, halfSolved);
    expect(await store.classProgress(klass.id)).toEqual([
      { learnerId: solver.id, exercise: 'config', attempts: 3, bestStatus: 'pass', lastAttemptAt: last.gradedAt, firstPassAt: passed.gradedAt },
      { learnerId: stuck.id, exercise: 'config', attempts: 1, bestStatus: 'error', lastAttemptAt: expect.any(Number) },
      { learnerId: stuck.id, exercise: 'logs', attempts: 1, bestStatus: 'error', lastAttemptAt: stuckLast.gradedAt },
    ].sort((a, b) => (a.learnerId < b.learnerId ? -1 : 1)));
    expect(await store.classProgress('no-such-class')).toEqual([]);
  });

  test('on open: the embedded file migrates itself, a shared PostgreSQL asks for npm run migrate', async () => {
    const empty = await engine.freshDatabase();
    if (empty.engine === 'sqlite') {
      const opened = await openClassStore(empty);
      await opened.close();
      const check = openSqlClient(empty);
      expect(await schemaVersion(check)).toBe(LATEST_SCHEMA_VERSION);
      await check.close();
    } else {
      await expect(openClassStore(empty)).rejects.toThrow(SchemaVersionError);
      await expect(openClassStore(empty)).rejects.toThrow(/run npm run migrate/);
    }
  });
});
