/**
 * Class mode's schema, one numbered step at a time. Append new steps; never edit one that has shipped (an
 * instructor's database already ran it). Each step's SQL must run on both SQLite and PostgreSQL: TEXT ids,
 * BIGINT milliseconds, JSON as TEXT, CHECK instead of enums.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'classes, learners, attempts',
    sql: `
      CREATE TABLE classes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        join_code TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE due_dates (
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        exercise TEXT NOT NULL,
        due_at BIGINT NOT NULL,
        PRIMARY KEY (class_id, exercise)
      );
      CREATE TABLE learners (
        id TEXT PRIMARY KEY,
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        resume_token_hash TEXT NOT NULL UNIQUE,
        joined_at BIGINT NOT NULL
      );
      CREATE INDEX learners_by_class ON learners (class_id);
      -- Submitted files, kept once per content hash: 40 learners submitting the same starter store it once.
      CREATE TABLE submissions (
        hash TEXT PRIMARY KEY,
        files TEXT NOT NULL
      );
      CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        exercise TEXT NOT NULL,
        files_hash TEXT NOT NULL REFERENCES submissions(hash),
        status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error')),
        message TEXT,
        graded_at BIGINT NOT NULL,
        duration_ms BIGINT NOT NULL,
        sandbox TEXT NOT NULL
      );
      CREATE INDEX attempts_by_learner ON attempts (learner_id, exercise, graded_at);
      CREATE INDEX attempts_by_files ON attempts (files_hash);
      CREATE TABLE attempt_tests (
        attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error')),
        message TEXT,
        PRIMARY KEY (attempt_id, position)
      );
    `,
  },
];

export const LATEST_SCHEMA_VERSION = Math.max(...migrations.map((step) => step.version));
