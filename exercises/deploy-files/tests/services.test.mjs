import assert from 'node:assert/strict';
import { appCopy, appFileExists, check, importGraph, readAppFile, startApp, watchWrites } from '../kit.mjs';
import { expandCommand, nodeScript, startupProblem } from './commands.mjs';
import { MUTABLE_TAG, parseImageRef } from './images.mjs';
import { appServices, compose, containerCommand, image, scripts, serviceCommand, workflows } from './project.mjs';
import { releaseTagProblems, secretProblems } from './workflow.mjs';

// The app's logging (run as a process), compose.yaml and the CI workflow (read with tests/yaml-lite.mjs). The
// checks share nothing fixed: the app runs in a copy of its own, the rest only reads.

const PRODUCTION_POSTGRES = 17;
const DATABASE_URL = 'postgres://grader:grader@127.0.0.1:9/notes';

const list = (items, n = 3) => items.slice(0, n).join('; ') + (items.length > n ? ` (and ${items.length - n} more)` : '');

check('the app logs JSON lines to stdout, not to a file', {
  hint: 'In a container, nobody reads a file inside it, and it is gone with the container. Where does the platform collect what a process writes, and in what shape can a log system search it?',
}, async () => {
  const copy = appCopy();
  const { dir, env } = copy;
  const writes = watchWrites(copy); // the copy, os.tmpdir(), HOME, ../ and node_modules
  const app = await startApp({ cwd: dir, env: { ...env, DATABASE_URL } });
  for (const route of ['/health', '/no-such-page']) await (await app.fetch(route)).text();
  await app.waitForOutput(/\S/, 1000).catch(() => {});
  await app.stop();
  const lines = app.stdout.split('\n').filter((line) => line.trim() !== '');
  const notJson = lines.filter((line) => {
    try {
      const value = JSON.parse(line);
      return typeof value !== 'object' || value === null || Array.isArray(value);
    } catch {
      return true;
    }
  });
  const written = writes.changes();
  const problems = [];
  if (lines.length === 0) problems.push('it printed nothing to stdout while starting and answering two requests');
  if (notJson.length > 0) problems.push(`it printed ${notJson.length} stdout line(s) that are not a JSON object, e.g. "${notJson[0].slice(0, 80)}"`);
  if (written.length > 0) problems.push(`it wrote ${list(written)} while it ran`);
  assert.ok(problems.length === 0, `Started with node server.js, ${problems.join('; ')}. Expected its log on stdout, one JSON object per line, and no log file`);
});

check('compose runs PostgreSQL 17, as production does', {
  hint: 'README.md says what production runs. A bug that only one version of the database has is found on the laptop only if the laptop runs that version.',
}, () => {
  const { file, services, line } = compose();
  const images = Object.entries(services).filter(([, service]) => typeof service.image === 'string');
  const databases = images.filter(([, service]) => parseImageRef(service.image).name === 'postgres');
  assert.ok(
    databases.length > 0,
    `${file} runs no PostgreSQL service (images: ${images.map(([, s]) => s.image).join(', ') || 'none'}). Expected the same database as production: PostgreSQL ${PRODUCTION_POSTGRES}`,
  );
  for (const [name, service] of databases) {
    const tag = parseImageRef(service.image).tag?.replace(/\$\{\w+:?-([^}]*)\}/g, '$1');
    assert.ok(
      tag !== undefined && new RegExp(`^${PRODUCTION_POSTGRES}([.-]|$)`).test(tag),
      `${file} line ${line(name)}: service ${name} runs ${service.image}${tag === undefined ? ' (no tag: latest)' : ''}, but production runs PostgreSQL ${PRODUCTION_POSTGRES}. Expected the same major version`,
    );
  }
  for (const name of appServices(services)) {
    const environment = services[name].environment;
    const url = Array.isArray(environment)
      ? environment.map(String).find((entry) => entry.startsWith('DATABASE_URL='))?.slice('DATABASE_URL='.length)
      : environment?.DATABASE_URL;
    const envFile = services[name].env_file !== undefined;
    assert.ok(
      url !== undefined || envFile,
      `${file} line ${line(name)}: service ${name} gets no DATABASE_URL (neither in environment: nor through env_file:), so the app has no database. Expected it to get the development database's address`,
    );
    if (typeof url !== 'string' || url.startsWith('$')) continue;
    assert.ok(/^postgres(ql)?:\/\//.test(url), `${file} line ${line(name)}: service ${name} gets DATABASE_URL=${url}. Expected a PostgreSQL address, as in production`);
  }
});

check('migrations run as a one-off, not in the web service', {
  hint: 'Three copies of the web service start at once: how many times should the schema change? Give the migration a process of its own that runs, finishes and exits.',
}, () => {
  const { file, services, line } = compose();
  let imageCommand;
  try {
    imageCommand = containerCommand(image());
  } catch {
    imageCommand = undefined; // the Dockerfile's own checks report what is wrong with it
  }
  const runs = (service) => {
    const command = serviceCommand(service) ?? imageCommand;
    if (!command) return [];
    const steps = expandCommand(command, scripts());
    // A script the command runs (./docker-entrypoint.sh) is read too: a migration hidden there still runs on start.
    const scriptOf = (words) => (/^(\/\S*\/)?(sh|bash|ash|dash)$/.test(words[0] ?? '') ? words.slice(1).find((w) => !w.startsWith('-')) : words[0]);
    const shellFiles = steps.map((step) => scriptOf(step.words)?.replace(/^(\.|\/app)\//, '')).filter((f) => f && appFileExists(f) && !f.endsWith('.js'));
    return [...steps, ...shellFiles.flatMap((f) => expandCommand({ shell: readAppFile(f) }, scripts()))];
  };
  const problems = [];
  const migrators = [];
  for (const name of appServices(services)) {
    const steps = runs(services[name]);
    const migrates = steps.some((step) => startupProblem(step)?.kind === 'migrate');
    const serves = steps.some((step) => nodeScript(step.words) && startupProblem(step)?.kind !== 'migrate');
    if (migrates && serves) problems.push(`service ${name} (line ${line(name)}) runs the migration and then the server in one command`);
    else if (migrates) migrators.push(name);
  }
  assert.ok(problems.length === 0, `${file}: ${list(problems)}. Every copy of the service would migrate the database again on each start. Expected the web service to start only the app`);
  const elsewhere = Object.keys(services).filter((name) => !appServices(services).includes(name) && serviceCommand(services[name])
    && expandCommand(serviceCommand(services[name]), scripts()).some((step) => startupProblem(step)?.kind === 'migrate'));
  assert.ok(
    migrators.length > 0 || elsewhere.length === 0,
    `${file} line ${line(elsewhere[0])}: service ${elsewhere[0]} runs the migration, but from ${services[elsewhere[0]]?.image ?? 'another image'}, not the app's image, so it migrates with code other than the release's. Expected the one-off to run the app's image`,
  );
  assert.ok(
    migrators.length > 0,
    `${file}: no service runs the migration (node migrate.js / npm run migrate). Expected a one-off service, from the app's image, that migrates the development database`,
  );
  for (const name of migrators) {
    const lingering = runs(services[name]).filter((step) => /^(\/\S*\/)?(tail|sleep)$/.test(step.words[0] ?? '') && (step.words.includes('-f') || step.words.includes('-F') || step.words.includes('infinity')));
    assert.ok(
      lingering.length === 0,
      `${file} line ${line(name)}: service ${name} migrates and then keeps running ("${lingering[0]?.words.join(' ')}"). Expected a one-off that runs once and exits`,
    );
    const { restart } = services[name];
    assert.ok(
      !/^(always|unless-stopped)$/.test(String(restart ?? '')),
      `${file} line ${line(name)}: service ${name} migrates with restart: ${restart}, so it would run again and again. Expected a one-off that runs once and exits`,
    );
  }
  const imported = importGraph(['server.js']).map((file) => file.rel).filter((module) => /(^|\/)migrat/.test(module));
  assert.ok(imported.length === 0, `server.js imports ${imported.join(', ')}, so the web process would still migrate on start. Expected the migration to run only as its own process`);
});

check('compose names the app\'s image by an immutable tag', {
  hint: 'If two machines run "ghcr.io/acme/notes:latest" an hour apart, do they run the same code? Name the image so that one name always means one build.',
}, () => {
  const { file, services, line } = compose();
  const problems = [];
  for (const name of appServices(services)) {
    const ref = services[name].image;
    if (typeof ref !== 'string') continue;
    const { tag, digest } = parseImageRef(ref);
    if (digest) continue;
    if (tag === undefined) {
      problems.push(`service ${name} (line ${line(name)}) uses ${ref} with no tag, which means latest`);
      continue;
    }
    const variable = tag.match(/\$\{\w+(?::?-([^}]*))?[^}]*\}/);
    const literal = variable ? variable[1] : tag;
    if (literal === undefined || literal === '') continue;
    if (MUTABLE_TAG.test(literal) || !/^(v?\d+\.\d+\.\d+([.+-][\w.]+)?|(sha-)?[0-9a-f]{7,40})$/.test(literal)) {
      problems.push(`service ${name} (line ${line(name)}) uses ${ref}${variable ? `, which falls back to the tag ${literal}` : ''}, a name that can point to another build tomorrow`);
    }
  }
  assert.ok(problems.length === 0, `${file}: ${list(problems)}. Expected the app's image named by something that never moves: the commit SHA (a variable such as \${TAG}), a version, or a digest`);
});

check('CI tags the pushed image with the commit SHA', {
  hint: 'A release should be traceable to exactly one commit, and a rollback should be able to name the build it goes back to. Which value does every workflow run already know about its commit?',
}, () => {
  const problems = releaseTagProblems(workflows());
  assert.ok(problems.length === 0, `${list(problems)}. Expected every pushed image to carry a tag made from the commit SHA (github.sha)`);
});

check('CI keeps secrets out of scripts and the log', {
  hint: 'A run: script is text that is logged, traced and sometimes pasted into issues. How can a step get a secret without the secret becoming part of the script, and without printing it?',
}, () => {
  const problems = secretProblems(workflows());
  assert.ok(problems.length === 0, `${list(problems)}. Expected secrets to reach steps only through env: or with:, and never to be printed`);
});
