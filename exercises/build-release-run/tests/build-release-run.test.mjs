import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { appCopy, appFileExists, check, listAppFiles, readAppFile, runNode, startApp, watchWrites } from '../kit.mjs';
import { buildMachine, deploys } from './release-env.mjs';
import { startBuilds } from './start-script.mjs';

// The checks run side by side and node build.js rewrites dist/, so nothing here builds in the learner's folder:
// the build holds no deploy settings builds in a copy of its own, three others share one (the kit's appCopy()).

// The build runs on a "CI machine" whose environment holds a deploy's settings and the machine's own (fresh
// each grade, see release-env.mjs): none of them may end up in what the build writes.
const BUILD_MACHINE = buildMachine();
const BUILD_ENV = BUILD_MACHINE.env;
// Addresses the starter writes into the build when no CHECKOUT_URL is set.
const BAKED_DEFAULTS = [{ token: 'pay.kettleandleaf.example', why: "the production checkout's address" }];

const DEPLOYS = deploys();

function tail(text, n = 200) {
  const trimmed = text.trim();
  return trimmed.length > n ? `…${trimmed.slice(-n)}` : trimmed || '(nothing printed)';
}

function describeEnv(env) {
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ') || 'no settings';
}

/**
 * A clean build in the project at dir, as CI would make it: dist/ is removed first so nothing stale survives.
 * Returns every project file the build created or changed (dist/ and anything else it wrote).
 */
async function build(dir, env = BUILD_ENV) {
  rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  const before = fingerprint(dir);
  const result = await runNode(['build.js'], { env, cwd: dir });
  assert.ok(
    result.code === 0,
    `With ${describeEnv(env)}, node build.js exited with ${result.code ?? result.signal}: ${tail(result.stderr || result.stdout)}`,
  );
  const after = fingerprint(dir);
  assert.ok([...after.keys()].some((file) => file.startsWith('dist/')),
    'node build.js finished but dist/ is empty, expected the storefront build in dist/');
  return [...after.keys()].filter((file) => before.get(file) !== after.get(file));
}

/** What in `files` (relative to dir) holds one of the tokens, as "file contains "x", why". */
function tokensIn(dir, files, tokens) {
  const found = [];
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8').toLowerCase();
    for (const { token, why } of tokens) {
      if (text.includes(token.toLowerCase())) found.push(`${file} contains "${token}", ${why}`);
    }
  }
  return found;
}

/** Starts a release of the build in dir; `place` adds the copy's TMPDIR and HOME (not named in messages). */
async function run(dir, deploy, place = {}) {
  try {
    return await startApp({ env: { ...place, ...deploy.env }, cwd: dir });
  } catch (error) {
    assert.fail(`Started from the build with ${describeEnv(deploy.env)}, ${deploy.label} did not run: ${error.message}`);
  }
}

async function firstSku(app, deploy) {
  const res = await app.fetch('/');
  const html = await res.text();
  assert.ok(res.status === 200, `In ${deploy.label}, GET / answered ${res.status}, expected 200 with the storefront page`);
  const sku = html.match(/href="\/buy\/([\w-]+)"/)?.[1];
  assert.ok(sku, `In ${deploy.label}, the page at / has no /buy/… link, expected the catalogue rendered by the build`);
  return sku;
}

/** GET /health as JSON: the release it reports (check 2 asserts on it; check 4 only needs the request made). */
function release(health, deploy) {
  const { status, text } = health;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  assert.ok(status === 200 && body, `In ${deploy.label}, GET /health answered ${status} ${text.slice(0, 100)}, expected 200 with JSON`);
  return body.release;
}

function fingerprint(dir) {
  const sums = new Map();
  for (const file of listAppFiles(dir)) {
    sums.set(file, createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex'));
  }
  return sums;
}

/** ", the NAME of the machine that ran the build" when text holds that value, else "". */
const fromBuild = (text, name) => (text.includes(BUILD_ENV[name]) ? ` (the ${name} of the machine that ran the build)` : '');

const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));
const valueOf = (outcome) => {
  if (outcome.error) throw outcome.error;
  return outcome.value;
};

/**
 * 'one build runs under two configs', 'each release reports its own id' and 'running a release changes nothing
 * on disk' look at the same thing: one build, released twice (DEPLOYS) and visited. It is built and run once
 * for the three, which saves six node processes per grade. Every observation, or the error that ended it, is
 * kept; each check asserts on them what it asserted, in the order it did, when it built and ran on its own. All
 * three await the whole run, so the check that started it (whose apps the kit stops when it ends, and whose
 * output shows what the build and the apps printed) is never done while the others still need them.
 */
let releasedTwice;
function twoReleasesOfOneBuild() {
  releasedTwice ??= Promise.resolve().then(async () => {
    const copy = appCopy();
    const dir = copy.dir;
    await build(dir);
    // From here on nothing may change anywhere the releases can write: the project (node_modules too), the
    // temp folder and HOME they are given, and the folder above the project.
    const writes = watchWrites(copy);
    const apps = await Promise.all(DEPLOYS.map((deploy) => run(dir, deploy, copy.env)));
    const visits = await Promise.all(DEPLOYS.map(async (deploy, i) => {
      // GET / then /buy/<sku>, and GET /health, side by side: a page that never answers must not keep /health
      // from being asked.
      const [buy, health] = await Promise.all([
        settle((async () => {
          const sku = await firstSku(apps[i], deploy);
          const res = await apps[i].fetch(`/buy/${sku}`, { redirect: 'manual' });
          await res.text();
          return { sku, status: res.status, location: res.headers.get('location') ?? '' };
        })()),
        settle((async () => {
          const res = await apps[i].fetch('/health');
          return { status: res.status, text: await res.text() };
        })()),
      ]);
      return { buy, health };
    }));
    await Promise.all(apps.map((app) => app.stop()));
    return { changes: writes.changes(), visits };
  });
  return releasedTwice;
}

check(
  'one build runs under two configs',
  {
    hint: 'Build once, then start that same dist/ twice with different CHECKOUT_URL values. Where is the checkout address decided: when building, or when running?',
  },
  async () => {
    const { visits } = await twoReleasesOfOneBuild();
    for (const [i, deploy] of DEPLOYS.entries()) {
      const { sku, status, location } = valueOf(visits[i].buy);
      assert.ok(
        status >= 300 && status < 400 && location,
        `In ${deploy.label}, GET /buy/${sku} answered ${status}, expected a redirect to the checkout page`,
      );
      let target;
      try {
        target = new URL(location);
      } catch {
        assert.fail(`In ${deploy.label}, GET /buy/${sku} redirected to "${location}", expected an address starting with ${deploy.env.CHECKOUT_URL}`);
      }
      assert.ok(
        `${target.origin}${target.pathname}` === deploy.env.CHECKOUT_URL && target.searchParams.get('sku') === sku,
        `The same build started with CHECKOUT_URL=${deploy.env.CHECKOUT_URL} sent GET /buy/${sku} to ${location}${fromBuild(location, 'CHECKOUT_URL')}, expected ${deploy.env.CHECKOUT_URL}?sku=${sku}&…`,
      );
    }
  },
);

check(
  'each release reports its own id',
  {
    hint: 'A release is a build plus one deploy\'s config, and it is the deploy tool that numbers it. When does the app learn which release it is?',
  },
  async () => {
    const { visits } = await twoReleasesOfOneBuild();
    for (const [i, deploy] of DEPLOYS.entries()) {
      const reported = release(valueOf(visits[i].health), deploy);
      assert.ok(
        reported === deploy.env.RELEASE_ID,
        `Started with RELEASE_ID=${deploy.env.RELEASE_ID}, GET /health reported release ${JSON.stringify(reported)}${fromBuild(String(reported), 'RELEASE_ID')}, expected "${deploy.env.RELEASE_ID}"`,
      );
    }
  },
);

check(
  'the build holds no deploy settings',
  {
    hint: 'Build on a machine with no deploy settings at all, then on one that has some, and search what the build wrote for them. What should the build know about where it will run?',
  },
  async () => {
    const { dir } = appCopy();
    const bareEnv = {};
    const bare = await runNode(['build.js'], { env: bareEnv, cwd: dir });
    assert.ok(
      bare.code === 0,
      `With no deploy settings in its environment, node build.js exited with ${bare.code ?? bare.signal}: ${tail(bare.stderr || bare.stdout)}. Expected the build to need none`,
    );
    const defaults = tokensIn(dir, listAppFiles(dir).filter((file) => file.startsWith('dist/')), BAKED_DEFAULTS);
    assert.ok(defaults.length === 0,
      `Built with no deploy settings, the build output holds one anyway: ${defaults[0]}. Expected dist/ to be the same whatever deploy it is meant for`);
    const files = await build(dir);
    const machine = BUILD_MACHINE.markers.map(({ name, token }) => ({ token, why: `from the ${name} of the machine that ran the build (${name}=${BUILD_ENV[name]})` }));
    const found = tokensIn(dir, files, [...machine, ...BAKED_DEFAULTS]);
    assert.ok(found.length === 0,
      `Built on a CI machine with deploy settings and its own in the environment, the build wrote some of them: ${found.slice(0, 3).join('; ')}. Expected what the build writes to be the same whatever machine builds it and whatever deploy it is meant for`);
  },
);

check(
  'running a release changes nothing on disk',
  {
    hint: 'Two releases may run from the very same files at the same time. What happens to one of them if the other writes next to them when it starts?',
  },
  async () => {
    const { visits, changes } = await twoReleasesOfOneBuild();
    for (const visit of visits) {
      valueOf(visit.buy);
      valueOf(visit.health);
    }
    assert.ok(
      changes.length === 0,
      `While two releases of one build ran, something was written to disk: ${changes.slice(0, 4).join(', ')}. Expected running to change nothing: not the build, the code, node_modules or a temp folder`,
    );
  },
);

check(
  'npm start runs the release without building',
  {
    hint: 'npm start is how a platform starts each release, often many times a day. Which stage should that command belong to?',
  },
  () => {
    if (!appFileExists('package.json')) assert.fail('Your project has no package.json, expected one whose start script runs node server.js');
    let pkg;
    try {
      pkg = JSON.parse(readAppFile('package.json'));
    } catch (error) {
      assert.fail(`package.json is not valid JSON (${error.message}), so npm start cannot run`);
    }
    const chain = startBuilds(pkg);
    if (!chain) return;
    const steps = chain.map((name) => `"${name}": "${pkg.scripts[name]}"`).join(', which runs ');
    assert.fail(`npm start builds before it runs: in package.json, ${steps}. Expected starting a release to run the build it is given, not to make a new one`);
  },
);
