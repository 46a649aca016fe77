import { describe, expect, it } from 'vitest';
import {
  DELIBERATELY_WRONG,
  codeExamples,
  endOfLife,
  endOfLifePins,
  plainStdoutWrites,
  runtimePins,
  type CodeExample,
} from './code-examples.ts';
import { readLessons } from './lesson-files.ts';

const lessons = readLessons();
const example = (lang: string, code: string, meta = ''): CodeExample => ({ where: 'x.mdx:1', lang, meta, code });

describe('the checks themselves', () => {
  it('accept JSON lines and flag plain-text ones, in Node and Python', () => {
    expect(plainStdoutWrites(example('js', "console.log(JSON.stringify({ msg: 'ready', port }));"))).toEqual([]);
    expect(plainStdoutWrites(example('js', 'process.stdout.write(`${JSON.stringify(event)}\\n`);'))).toEqual([]);
    expect(plainStdoutWrites(example('js', "console.error('PORT is not set');"))).toEqual([]);
    expect(plainStdoutWrites(example('js', 'console.log(JSON.stringify(invoice, null, 2));'))).toHaveLength(1);
    expect(plainStdoutWrites(example('js', 'server.listen(port, () => console.log(`listening on ${port}`));'))).toHaveLength(1);
    expect(plainStdoutWrites(example('js', "console.log('Payment failed:', err);", DELIBERATELY_WRONG))).toEqual([]);
    expect(plainStdoutWrites(example('python', 'print(json.dumps({"msg": "ready"}), flush=True)'))).toEqual([]);
    expect(plainStdoutWrites(example('python', 'print("DATABASE_URL is not set", file=sys.stderr)'))).toEqual([]);
    expect(plainStdoutWrites(example('python', 'print(f"listening on {port}", flush=True)'))).toHaveLength(1);
    expect(plainStdoutWrites(example('python', 'pprint.pprint(invoice)'))).toHaveLength(1);
    expect(plainStdoutWrites(example('python', 'print(json.dumps(invoice, indent=2))'))).toHaveLength(1);
  });

  it('find pinned runtimes and tell which have reached their end of life', () => {
    expect(runtimePins('FROM node:20.19-bookworm-slim').map((p) => `${p.kind} ${p.version}`)).toEqual(['node 20', 'debian bookworm']);
    expect(runtimePins('"engines": { "node": ">=22.12" }').map((p) => p.version)).toEqual(['22']);
    expect(runtimePins('requires-python = ">=3.8"').map((p) => p.version)).toEqual(['3.8']);
    const day = new Date('2026-12-01T00:00:00Z');
    expect(endOfLifePins(example('dockerfile', 'FROM node:20-slim'), day)).toHaveLength(1);
    expect(endOfLifePins(example('dockerfile', 'FROM node:24-trixie-slim'), day)).toEqual([]);
    expect(endOfLifePins(example('yaml', 'node-version: 22'), new Date('2027-05-01T00:00:00Z'))).toHaveLength(1);
    expect(endOfLife.every((row) => !Number.isNaN(Date.parse(row.ended)))).toBe(true);
  });
});

describe.each(lessons.map((l) => [l.slug, l] as const))('%s', (_slug, lesson) => {
  const examples = codeExamples(lesson);

  it('logs only JSON lines on stdout in its Node and Python examples (or marks the block deliberately wrong)', () => {
    const offenders = examples.flatMap((e) => plainStdoutWrites(e).map((call) => `${e.where}: ${call}`));
    expect(offenders).toEqual([]);
  });

  it('pins no runtime or base image that has reached its end of life', () => {
    expect(examples.flatMap((e) => endOfLifePins(e, new Date()))).toEqual([]);
  });
});
