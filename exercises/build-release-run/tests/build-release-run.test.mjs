import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { appCopy, check, listAppFiles, runNode, startApp } from '../kit.mjs';

/** Runs fn(dir) in a private copy of the learner's project (the kit's appCopy, removed when the check ends). */
const withProjectCopy = (fn) => Promise.resolve().then(() => fn(appCopy().dir));

// The checks run side by side and node build.js rewrites dist/, so nothing here builds in the learner's folder:
// the build holds no deploy settings builds in a copy of its own, the other three share one (the kit's appCopy()).

// The build runs on a "CI machine" whose environment holds settings of some deploy: none of them may end up in
// the artefact. Each value is distinctive so it can be found in dist/.
const BUILD_ENV = {
  CHECKOUT_URL: 'https://checkout.build-machine.invalid/pay',
  RELEASE_ID: 'built-on-ci-7731',
  APP_ENV: 'buildbox-staging',
};
const BUILD_ENV_VALUES = Object.entries(BUILD_ENV).map(([name, value]) => ({ value, why: `the ${name} of the machine that ran the build` }));
// Addresses the starter writes into the build when no CHECKOUT_URL is set.
const BAKED_DEFAULTS = [{ value: 'pay.kettleandleaf.example', why: "the production checkout's address" }];

const DEPLOYS = [
  { label: 'the EU release', env: { CHECKOUT_URL: 'https://pay.eu.test/checkout', RELEASE_ID: 'v41-eu' } },
  { label: 'the US release', env: { CHECKOUT_URL: 'https://pay.us.test/session/new', RELEASE_ID: 'v41-us' } },
];

function tail(text, n = 200) {
  const trimmed = text.trim();
  return trimmed.length > n ? `…${trimmed.slice(-n)}` : trimmed || '(nothing printed)';
}

function describeEnv(env) {
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ') || 'no settings';
}

/** A clean build in the project at dir, as CI would make it: dist/ is removed first so nothing stale survives. */
async function build(dir, env = BUILD_ENV) {
  rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  const result = await runNode(['build.js'], { env, cwd: dir });
  assert.ok(
    result.code === 0,
    `With ${describeEnv(env)}, node build.js exited with ${result.code ?? result.signal}: ${tail(result.stderr || result.stdout)}`,
  );
  const files = listAppFiles(dir).filter((file) => file.startsWith('dist/'));
  assert.ok(files.length > 0, 'node build.js finished but dist/ is empty, expected the storefront build in dist/');
  return files;
}

async function run(dir, deploy) {
  try {
    return await startApp({ env: deploy.env, cwd: dir });
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

const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));
const valueOf = (outcome) => {
  if (outcome.error) throw outcome.error;
  return outcome.value;
};

/**
 * 'one build runs under two configs', 'each release reports its own id' and 'running a release leaves the build
 * untouched' look at the same thing: one build, released twice (DEPLOYS) and visited. It is built and run once
 * for the three, which saves six node processes per grade. Every observation, or the error that ended it, is
 * kept; each check asserts on them what it asserted, in the order it did, when it built and ran on its own. All
 * three await the whole run, so the check that started it (whose apps the kit stops when it ends, and whose
 * output shows what the build and the apps printed) is never done while the others still need them.
 */
let releasedTwice;
function twoReleasesOfOneBuild() {
  releasedTwice ??= withProjectCopy(async (dir) => {
    await build(dir);
    const before = fingerprint(dir);
    const apps = await Promise.all(DEPLOYS.map((deploy) => run(dir, deploy)));
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
    return { before, after: fingerprint(dir), visits };
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
        `The same build started with CHECKOUT_URL=${deploy.env.CHECKOUT_URL} sent GET /buy/${sku} to ${location}, expected ${deploy.env.CHECKOUT_URL}?sku=${sku}&…`,
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
        `Started with RELEASE_ID=${deploy.env.RELEASE_ID}, GET /health reported release ${JSON.stringify(reported)}, expected "${deploy.env.RELEASE_ID}"`,
      );
    }
  },
);

check(
  'the build holds no deploy settings',
  {
    hint: 'Build on a machine with no deploy settings at all, then on one that has some, and search dist/ for them. What should the build know about where it will run?',
  },
  () => withProjectCopy(async (dir) => {
    const bare = await runNode(['build.js'], { env: {}, cwd: dir });
    assert.ok(
      bare.code === 0,
      `With no deploy settings in its environment, node build.js exited with ${bare.code ?? bare.signal}: ${tail(bare.stderr || bare.stdout)}. Expected the build to need none`,
    );
    const files = await build(dir);
    const found = [];
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      for (const { value, why } of [...BUILD_ENV_VALUES, ...BAKED_DEFAULTS]) {
        if (text.includes(value)) found.push(`${file} contains "${value}", ${why}`);
      }
    }
    assert.ok(found.length === 0, `The build output holds deploy settings: ${found.slice(0, 3).join('; ')}. Expected dist/ to be the same whatever deploy it is meant for`);
  }),
);

check(
  'running a release leaves the build untouched',
  {
    hint: 'Two releases may run from the very same files at the same time. What happens to one of them if the other edits those files when it starts?',
  },
  async () => {
    const { visits, before, after } = await twoReleasesOfOneBuild();
    for (const visit of visits) {
      valueOf(visit.buy);
      valueOf(visit.health);
    }
    const changed = [...after.keys()].filter((file) => before.get(file) !== after.get(file));
    const removed = [...before.keys()].filter((file) => !after.has(file));
    const touched = [...changed.map((f) => `${f} (${before.has(f) ? 'changed' : 'created'})`), ...removed.map((f) => `${f} (deleted)`)];
    assert.ok(
      touched.length === 0,
      `While two releases ran, the app wrote to its own files: ${touched.slice(0, 4).join(', ')}. Expected the build and the code to stay exactly as built`,
    );
  },
);
