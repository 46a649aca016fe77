/**
 * Class mode's storage contract: what the server records for a class, whichever engine holds it
 * (the embedded SQLite file under DATA_DIR, or PostgreSQL at DATABASE_URL). Times are milliseconds since
 * the epoch, taken from the database's clock so that every `npm start` instance sharing one PostgreSQL agrees.
 */
import type { GradeResult, GradeStatus } from '../grading/grade-result.ts';

export type StorageEngine = 'sqlite' | 'postgres';

export interface ClassRecord {
  id: string;
  name: string;
  /** What learners type to join; shared with the whole class, so kept readable for the instructor. */
  joinCode: string;
  createdAt: number;
}

export interface LearnerRecord {
  id: string;
  classId: string;
  displayName: string;
  joinedAt: number;
}

export interface AttemptTest {
  name: string;
  status: GradeStatus;
  message?: string;
}

/** One server-side grade of a joined learner's files: a record nothing in the browser can forge. */
export interface AttemptRecord {
  id: string;
  learnerId: string;
  exercise: string;
  status: GradeStatus;
  message?: string;
  tests: AttemptTest[];
  /** SHA-256 of the submitted files; the files themselves are kept once per hash (attemptFiles). */
  filesHash: string;
  /** The database's time when the grade was recorded. */
  gradedAt: number;
  durationMs: number;
  /** Which sandbox produced the verdict, e.g. "server". */
  sandbox: string;
}

/** One learner's standing on one exercise: a cell of the instructor's roster × exercises grid. */
export interface ProgressCell {
  learnerId: string;
  exercise: string;
  attempts: number;
  /** pass if any attempt passed, else fail if any failed, else error. */
  bestStatus: GradeStatus;
  lastAttemptAt: number;
  /** When the first passing grade was recorded (compare with the due date for on time / late), if any. */
  firstPassAt?: number;
}

export interface ClassStore {
  readonly engine: StorageEngine;
  createClass(input: { name: string; joinCode?: string }): Promise<ClassRecord>;
  findClassByJoinCode(joinCode: string): Promise<ClassRecord | undefined>;
  /** Sets (or with null clears) an exercise's due date for a class. */
  setDueDate(classId: string, exercise: string, dueAt: number | null): Promise<void>;
  dueDates(classId: string): Promise<Record<string, number>>;
  /** Adds a learner; the resume token is returned once and only its hash is kept. */
  joinClass(input: { classId: string; displayName: string }): Promise<{ learner: LearnerRecord; resumeToken: string }>;
  learnerByResumeToken(resumeToken: string): Promise<LearnerRecord | undefined>;
  listLearners(classId: string): Promise<LearnerRecord[]>;
  /** Removes a learner with every attempt and every file copy no one else's attempt uses. */
  removeLearner(learnerId: string): Promise<boolean>;
  recordAttempt(input: { learnerId: string; files: Record<string, string>; result: GradeResult; sandbox: string }): Promise<AttemptRecord>;
  /** Oldest first. */
  listAttempts(learnerId: string, exercise?: string): Promise<AttemptRecord[]>;
  attemptFiles(attemptId: string): Promise<Record<string, string> | undefined>;
  /** Every learner × exercise with at least one attempt, ordered by learner then exercise. */
  classProgress(classId: string): Promise<ProgressCell[]>;
  close(): Promise<void>;
}

/** Input a caller must fix (an empty name, an unknown learner): the message says what and how. */
export class ClassInputError extends Error {}

/** The database's schema is not the one this code expects: the message says to run `npm run migrate`. */
export class SchemaVersionError extends Error {}
