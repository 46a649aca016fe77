// npm run new:exercise -- <id> [--exercises-dir <dir>]
// Scaffolds exercises/<id>/. The scaffold is deliberately incomplete: exercise.json says TODO, so
// `npm run verify` reports it as incomplete until an author has written the real thing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EXERCISES_DIR, EXERCISE_ID, displayPath } from '../src/grading/exercises.ts';

const USAGE = `Usage: npm run new:exercise -- <id> [--exercises-dir <dir>]

Creates exercises/<id>/ with exercise.json, starter/, solution/, tests/ and cases/ (see docs/authoring.md).
<id> is lowercase words joined by dashes; for a factor exercise use the lesson's slug (e.g. port-binding).`;

const FACTORS: Record<string, number> = {
  codebase: 1, dependencies: 2, config: 3, 'backing-services': 4, 'build-release-run': 5, processes: 6,
  'port-binding': 7, concurrency: 8, disposability: 9, 'dev-prod-parity': 10, logs: 11, 'admin-processes': 12,
};

const SERVER = `import http from 'node:http';

// TODO: a small, realistic service that commits this factor's classic sin and runs as it is.
const server = http.createServer((req, res) => {
  if (req.url === '/health') return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  res.writeHead(404).end('not found');
});

const port = Number(process.env.PORT) || 3000;
server.listen(port, () => console.log(\`listening on port \${port}\`));
`;

const TEST = (id: string) => `import assert from 'node:assert/strict';
import { check, startApp } from '../kit.mjs';

// TODO: at least 3 black-box checks that the starter fails and any correct fix passes (docs/authoring.md).
check('answers GET /health with 200', {
  hint: 'TODO: how to think about it, never the answer',
}, async () => {
  const app = await startApp();
  const res = await app.fetch('/health');
  assert.equal(res.status, 200, \`GET /health answered \${res.status}, expected 200\`);
});
// ${id}
`;

const caseJson = (expect: 'pass' | 'fail', about: string) => `${JSON.stringify({ expect, about }, null, 2)}\n`;

function scaffold(id: string, exercisesDir: string): string {
  const dir = path.join(exercisesDir, id);
  const meta = {
    title: 'TODO: a short title shown above the workbench',
    factor: FACTORS[id] ?? null,
    brief: 'TODO: one paragraph for the learner: what the service does, what is broken, and what fixed means.',
    main: 'server.js',
    timeouts: { testMs: 5000, runMs: 20000 },
    hints: ['TODO: a nudge', 'TODO: a stronger nudge', 'TODO: nearly the answer, never the answer'],
    criteria: [{ text: 'TODO: one "Fixed means" sentence of the brief', tests: ['answers GET /health with 200'] }],
  };
  const pkg = { name: id, version: '1.0.0', private: true, type: 'module', scripts: { start: 'node server.js' } };
  const files: Record<string, string> = {
    'exercise.json': `${JSON.stringify(meta, null, 2)}\n`,
    'starter/package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'starter/server.js': SERVER,
    'solution/package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'solution/server.js': SERVER,
    [`tests/${id}.test.mjs`]: TEST(id),
    // One example case of each kind (docs/authoring.md, "Case suites"); verify reports them incomplete until the
    // author replaces them with real fixes written from the brief.
    'cases/alt-example/case.json': caseJson('pass', 'TODO: a correct fix written unlike solution/ (another style, an extra harmless feature); replace server.js with its files'),
    'cases/alt-example/server.js': `// TODO: the files of a correct fix that differ from starter/.\n${SERVER}`,
    'cases/wrong-example/case.json': caseJson('fail', 'TODO: a plausible wrong fix (a partial fix, a misconception, a cheat) and why it must fail'),
    'cases/wrong-example/server.js': `// TODO: the files of a wrong fix that differ from starter/.\n${SERVER}`,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text, { flag: 'wx' });
  }
  return dir;
}

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { 'exercises-dir': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    process.stderr.write(`new:exercise: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [id] = positionals;
  if (!id || positionals.length > 1) {
    process.stderr.write(`new:exercise: expected exactly one <id>\n${USAGE}\n`);
    return 2;
  }
  if (!EXERCISE_ID.test(id)) {
    process.stderr.write(`new:exercise: "${id}" is not a valid id — use lowercase words joined by dashes, e.g. port-binding\n`);
    return 2;
  }
  const exercisesDir = values['exercises-dir'] ?? DEFAULT_EXERCISES_DIR;
  const dir = path.join(exercisesDir, id);
  if (existsSync(dir)) {
    process.stderr.write(`new:exercise: ${displayPath(dir)} already exists — pick another id, or edit the existing exercise\n`);
    return 1;
  }
  scaffold(id, exercisesDir);
  const shown = displayPath(dir);
  process.stdout.write(
    `Created ${shown}/ (exercise.json, starter/, solution/, tests/${id}.test.mjs, cases/ with two examples).\n` +
      `Next: replace every TODO (docs/authoring.md explains each part), then run npm run verify -- --cases ${id}\n`,
  );
  return 0;
}

process.exitCode = main();
