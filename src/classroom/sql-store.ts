/** ClassStore over either engine's SqlClient: the same SQL, the same behaviour, one test suite for both. */
import type { GradeStatus } from '../grading/grade-result.ts';
import { hashFiles, hashSecret, newJoinCode, newOrderedId, newResumeToken, normaliseJoinCode } from './secrets.ts';
import type { Row, SqlClient } from './sql-client.ts';
import { type AttemptRecord, type ClassRecord, type ClassStore, ClassInputError, type LearnerRecord, type ProgressCell } from './types.ts';

const NAME_LIMIT = 100;

function cleanName(raw: string, what: string): string {
  const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > NAME_LIMIT || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ClassInputError(`The ${what} must be 1 to ${NAME_LIMIT} characters of text`);
  }
  return name;
}

const toClass = (row: Row): ClassRecord => ({
  id: String(row.id), name: String(row.name), joinCode: String(row.join_code), createdAt: Number(row.created_at),
});
const toLearner = (row: Row): LearnerRecord => ({
  id: String(row.id), classId: String(row.class_id), displayName: String(row.display_name), joinedAt: Number(row.joined_at),
});
// PostgreSQL sends BIGINT as text (it can exceed 2^53); milliseconds never do, so Number() is exact.
const optional = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));

export function createSqlStore(client: SqlClient): ClassStore {
  const now = client.nowMs;

  async function attemptsWhere(where: string, params: (string | number)[]): Promise<AttemptRecord[]> {
    const rows = await client.query(`SELECT * FROM attempts WHERE ${where} ORDER BY graded_at, id`, params);
    if (rows.length === 0) return [];
    const tests = await client.query(
      `SELECT * FROM attempt_tests WHERE attempt_id IN (SELECT id FROM attempts WHERE ${where}) ORDER BY attempt_id, position`,
      params,
    );
    const byAttempt = new Map<string, AttemptRecord['tests']>();
    for (const test of tests) {
      const list = byAttempt.get(String(test.attempt_id)) ?? [];
      list.push({ name: String(test.name), status: test.status as GradeStatus, ...(test.message != null && { message: String(test.message) }) });
      byAttempt.set(String(test.attempt_id), list);
    }
    return rows.map((row) => ({
      id: String(row.id),
      learnerId: String(row.learner_id),
      exercise: String(row.exercise),
      status: row.status as GradeStatus,
      ...(row.message != null && { message: optional(row.message) }),
      tests: byAttempt.get(String(row.id)) ?? [],
      filesHash: String(row.files_hash),
      gradedAt: Number(row.graded_at),
      durationMs: Number(row.duration_ms),
      sandbox: String(row.sandbox),
    }));
  }

  return {
    engine: client.engine,

    async createClass({ name, joinCode }) {
      const code = normaliseJoinCode(joinCode ?? newJoinCode());
      if (!/^[A-Z0-9]{4,32}$/.test(code)) throw new ClassInputError('A join code must be 4 to 32 letters and digits');
      const rows = await client.query(
        `INSERT INTO classes (id, name, join_code, created_at) VALUES ($1, $2, $3, ${now})
         ON CONFLICT (join_code) DO NOTHING RETURNING *`,
        [newOrderedId(), cleanName(name, 'class name'), code],
      );
      if (!rows[0]) throw new ClassInputError(`The join code ${code} is taken by another class: choose another one`);
      return toClass(rows[0]);
    },

    async findClassByJoinCode(joinCode) {
      const rows = await client.query('SELECT * FROM classes WHERE join_code = $1', [normaliseJoinCode(joinCode)]);
      return rows[0] ? toClass(rows[0]) : undefined;
    },

    async setDueDate(classId, exercise, dueAt) {
      if (dueAt === null) {
        await client.query('DELETE FROM due_dates WHERE class_id = $1 AND exercise = $2', [classId, exercise]);
        return;
      }
      if (!Number.isSafeInteger(dueAt)) throw new ClassInputError('A due date must be a time in whole milliseconds');
      await client.query(
        `INSERT INTO due_dates (class_id, exercise, due_at) VALUES ($1, $2, $3)
         ON CONFLICT (class_id, exercise) DO UPDATE SET due_at = excluded.due_at`,
        [classId, exercise, dueAt],
      );
    },

    async dueDates(classId) {
      const rows = await client.query('SELECT exercise, due_at FROM due_dates WHERE class_id = $1 ORDER BY exercise', [classId]);
      return Object.fromEntries(rows.map((row) => [String(row.exercise), Number(row.due_at)]));
    },

    async joinClass({ classId, displayName }) {
      const resumeToken = newResumeToken();
      const rows = await client.query(
        `INSERT INTO learners (id, class_id, display_name, resume_token_hash, joined_at)
         SELECT $1, id, $3, $4, ${now} FROM classes WHERE id = $2 RETURNING *`,
        [newOrderedId(), classId, cleanName(displayName, 'display name'), hashSecret(resumeToken)],
      );
      if (!rows[0]) throw new ClassInputError('That class does not exist (any more): ask the instructor for the current join code');
      return { learner: toLearner(rows[0]), resumeToken };
    },

    async learnerByResumeToken(resumeToken) {
      const rows = await client.query('SELECT * FROM learners WHERE resume_token_hash = $1', [hashSecret(resumeToken)]);
      return rows[0] ? toLearner(rows[0]) : undefined;
    },

    async listLearners(classId) {
      const rows = await client.query('SELECT * FROM learners WHERE class_id = $1 ORDER BY joined_at, id', [classId]);
      return rows.map(toLearner);
    },

    async removeLearner(learnerId) {
      return client.transaction(async (tx) => {
        const hashes = (await tx.query('SELECT DISTINCT files_hash FROM attempts WHERE learner_id = $1', [learnerId])).map((row) => String(row.files_hash));
        const removed = await tx.query('DELETE FROM learners WHERE id = $1 RETURNING id', [learnerId]);
        for (const hash of hashes) {
          await tx.query('DELETE FROM submissions WHERE hash = $1 AND NOT EXISTS (SELECT 1 FROM attempts WHERE files_hash = $1)', [hash]);
        }
        return removed.length > 0;
      });
    },

    async recordAttempt({ learnerId, files, result, sandbox }) {
      const id = newOrderedId();
      const filesHash = hashFiles(files);
      const durationMs = Math.round(result.durationMs);
      const gradedAt = await client.transaction(async (tx) => {
        await tx.query('INSERT INTO submissions (hash, files) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING', [filesHash, JSON.stringify(files)]);
        const [inserted] = await tx.query(
          `INSERT INTO attempts (id, learner_id, exercise, files_hash, status, message, graded_at, duration_ms, sandbox)
           SELECT $1, id, $3, $4, $5, $6, ${now}, CAST($7 AS BIGINT), $8 FROM learners WHERE id = $2 RETURNING graded_at`,
          [id, learnerId, result.exercise, filesHash, result.status, result.message ?? null, durationMs, sandbox],
        );
        if (!inserted) throw new ClassInputError('That learner is not in a class (any more): join again with the class code');
        if (result.tests.length > 0) {
          // One statement for all tests: a grade is one round trip per table, not one per test.
          const rows = result.tests.map((_, i) => `($1, CAST($${i * 4 + 2} AS INTEGER), $${i * 4 + 3}, $${i * 4 + 4}, $${i * 4 + 5})`);
          await tx.query(
            `INSERT INTO attempt_tests (attempt_id, position, name, status, message) VALUES ${rows.join(', ')}`,
            [id, ...result.tests.flatMap((test, position) => [position, test.name, test.status, test.message ?? null])],
          );
        }
        return Number(inserted.graded_at);
      });
      return {
        id, learnerId, exercise: result.exercise, status: result.status,
        ...(result.message !== undefined && { message: result.message }),
        tests: result.tests.map(({ name, status, message }) => ({ name, status, ...(message !== undefined && { message }) })),
        filesHash, gradedAt, durationMs, sandbox,
      };
    },

    listAttempts(learnerId, exercise) {
      return exercise === undefined
        ? attemptsWhere('learner_id = $1', [learnerId])
        : attemptsWhere('learner_id = $1 AND exercise = $2', [learnerId, exercise]);
    },

    async attemptFiles(attemptId) {
      const rows = await client.query('SELECT s.files FROM attempts a JOIN submissions s ON s.hash = a.files_hash WHERE a.id = $1', [attemptId]);
      return rows[0] ? (JSON.parse(String(rows[0].files)) as Record<string, string>) : undefined;
    },

    async classProgress(classId) {
      const rows = await client.query(
        `SELECT a.learner_id, a.exercise, COUNT(*) AS attempts, MAX(a.graded_at) AS last_at,
                MIN(CASE WHEN a.status = 'pass' THEN a.graded_at END) AS first_pass_at,
                SUM(CASE WHEN a.status = 'fail' THEN 1 ELSE 0 END) AS fails
         FROM attempts a JOIN learners l ON l.id = a.learner_id
         WHERE l.class_id = $1
         GROUP BY a.learner_id, a.exercise
         ORDER BY a.learner_id, a.exercise`,
        [classId],
      );
      return rows.map((row): ProgressCell => ({
        learnerId: String(row.learner_id),
        exercise: String(row.exercise),
        attempts: Number(row.attempts),
        bestStatus: row.first_pass_at != null ? 'pass' : Number(row.fails) > 0 ? 'fail' : 'error',
        lastAttemptAt: Number(row.last_at),
        ...(row.first_pass_at != null && { firstPassAt: Number(row.first_pass_at) }),
      }));
    },

    close: () => client.close(),
  };
}
