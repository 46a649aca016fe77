import assert from 'node:assert/strict';
import path from 'node:path';
import { check, startApp, listAppFiles } from '../kit.mjs';

// Each "deploy" is the learner's unchanged code started with a different environment. The deploy name is set
// in the variables apps commonly branch on; a deploy without a name sets none of them.
const NAME_VARS = ['APP_ENV', 'NODE_ENV'];

const DEPLOYS = {
  production: { name: 'production', publicUrl: 'https://links.prod.test' },
  staging: { name: 'staging', publicUrl: 'https://links.staging.test' },
  unnamed: { name: undefined, publicUrl: 'https://links.laptop.test' },
};

// Addresses written into the starter's per-deploy modules.
const BAKED_HOSTS = ['snip.example'];

function envFor({ name, publicUrl }, extra = {}) {
  const env = { PUBLIC_URL: publicUrl };
  for (const key of NAME_VARS) env[key] = name;
  return { ...env, ...extra };
}

function label(deploy) {
  return deploy.name ? `the ${deploy.name} deploy` : 'a deploy with no name';
}

function describeEnv(env) {
  const set = Object.entries(env)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  return set.length ? set.join(', ') : 'no deploy variables';
}

async function startDeploy(deploy, extra) {
  const env = envFor(deploy, extra);
  try {
    return await startApp({ env });
  } catch (error) {
    const who = label(deploy);
    assert.fail(`${who[0].toUpperCase()}${who.slice(1)} (${describeEnv(env)}) did not start: ${error.message}`);
  }
}

async function call(app, method, url, body) {
  const init = { method, redirect: 'manual' };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await app.fetch(url, init);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function shorten(app, deploy, url) {
  const res = await call(app, 'POST', '/links', { url });
  assert.ok(
    res.status === 201,
    `In ${label(deploy)}, POST /links {"url": "${url}"} answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`,
  );
  assert.ok(
    res.json && typeof res.json.code === 'string' && typeof res.json.short === 'string',
    `In ${label(deploy)}, POST /links answered ${res.text.slice(0, 120)}, expected JSON with "code" and "short"`,
  );
  return res.json;
}

/** The same conversation with every deploy; what is recorded hides the values that may differ (config, codes). */
async function converse(app, deploy) {
  const steps = [];
  const mask = (text, code) => {
    let out = text.split(deploy.publicUrl).join('<PUBLIC_URL>');
    if (code) {
      const escaped = code.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      out = out.replace(new RegExp(`https?://[^"\\s]*/${escaped}(?![\\w-])`, 'g'), '<short link>');
      out = out.split(code).join('<code>');
    }
    return out.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
  };
  const record = (step, res, code) =>
    steps.push({
      step,
      status: res.status,
      location: mask(res.headers.get('location') ?? '', code),
      cacheControl: res.headers.get('cache-control') ?? '',
      body: mask(res.text, code),
    });

  const created = await call(app, 'POST', '/links', { url: 'https://example.org/docs?page=2' });
  const code = typeof created.json?.code === 'string' ? created.json.code : undefined;
  record('POST /links with an https URL', created, code);
  record('POST /links with a javascript: URL', await call(app, 'POST', '/links', { url: 'javascript:alert(1)' }));
  record('POST /links with a body that is not JSON', await call(app, 'POST', '/links', 'url=https://example.org'));
  if (code) {
    record('GET /<code> (first visit)', await call(app, 'GET', `/${code}`), code);
    record('GET /<code> (second visit)', await call(app, 'GET', `/${code}`), code);
    record('GET /links/<code>', await call(app, 'GET', `/links/${code}`), code);
  }
  record('GET /links/unknown', await call(app, 'GET', '/links/nosuchlink'));
  return steps;
}

/** The part of two bodies that differs: the first differing JSON field, else the text around the first change. */
function bodyDifference(a, b) {
  try {
    const [x, y] = [JSON.parse(a), JSON.parse(b)];
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const [u, v] = [JSON.stringify(x[key]), JSON.stringify(y[key])];
        if (u !== v) return [key in x ? `"${key}": ${u}` : `no "${key}"`, key in y ? `"${key}": ${v}` : `no "${key}"`];
      }
    }
  } catch {
    // not JSON: compare as text
  }
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 20);
  const cut = (text) => `${from > 0 ? '…' : ''}${text.slice(from, i + 40)}${text.length > i + 40 ? '…' : ''}`;
  return [cut(a), cut(b)];
}

function differences(a, aName, b, bName) {
  const found = [];
  const byStep = new Map(b.map((s) => [s.step, s]));
  for (const x of a) {
    const y = byStep.get(x.step);
    if (!y) {
      found.push(`${x.step} was answered in ${aName} but could not be tried in ${bName}`);
    } else if (x.status !== y.status) {
      found.push(`${x.step} answered ${x.status} in ${aName} but ${y.status} in ${bName}`);
    } else if (x.location !== y.location) {
      found.push(`${x.step} redirected to ${x.location || 'nowhere'} in ${aName} but ${y.location || 'nowhere'} in ${bName}`);
    } else if (x.cacheControl !== y.cacheControl) {
      found.push(`${x.step} sent Cache-Control "${x.cacheControl}" in ${aName} but "${y.cacheControl}" in ${bName}`);
    } else if (x.body !== y.body) {
      const [a1, b1] = bodyDifference(x.body, y.body);
      found.push(`${x.step} answered ${a1} in ${aName} but ${b1} in ${bName}`);
    }
  }
  return found;
}

check(
  'starts under a deploy name it has never seen',
  { hint: 'A new preview deploy gets a fresh name every day. Which part of start-up needs to know the name, and does it have to?' },
  async () => {
    const deploy = { name: 'pr-128', publicUrl: 'https://pr-128.preview.test' };
    const app = await startDeploy(deploy);
    const res = await call(app, 'POST', '/links', { url: 'https://example.org/' });
    assert.ok(
      res.status === 201,
      `With APP_ENV=pr-128 the app started, but POST /links answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`,
    );
  },
);

check(
  'every deploy runs the same code path',
  {
    hint: 'Search the code for places that ask which deploy they are running in. If staging behaves differently from production, what exactly did staging test?',
  },
  async () => {
    const apps = await Promise.all(Object.values(DEPLOYS).map((deploy) => startDeploy(deploy)));
    const [prod, ...others] = await Promise.all(apps.map((app, i) => converse(app, Object.values(DEPLOYS)[i])));
    const found = [];
    for (const [i, other] of others.entries()) {
      const names = ['staging', 'the deploy with no name'];
      found.push(...differences(prod, 'production', other, names[i]));
    }
    assert.ok(
      found.length === 0,
      `The same requests got different answers depending on the deploy: ${found.slice(0, 3).join('; ')}` +
        (found.length > 3 ? ` (and ${found.length - 3} more)` : '') +
        '. Expected identical behaviour, with only the configured values differing.',
    );
  },
);

check(
  "short links start with the deploy's PUBLIC_URL",
  { hint: 'Each deploy is told its public address when it starts. Where does the app take the address from today?' },
  async () => {
    const deploys = [DEPLOYS.production, DEPLOYS.staging];
    const apps = await Promise.all(deploys.map((deploy) => startDeploy(deploy)));
    for (const [i, deploy] of deploys.entries()) {
      const link = await shorten(apps[i], deploy, 'https://example.org/pricing');
      assert.ok(
        link.short.startsWith(`${deploy.publicUrl}/`),
        `In ${label(deploy)} with PUBLIC_URL=${deploy.publicUrl}, POST /links returned the short link ${link.short}, expected it to start with ${deploy.publicUrl}/`,
      );
    }
  },
);

check(
  'no deploy address is written in the code',
  {
    hint: 'Start production without PUBLIC_URL. If short links still come out right, the address came from somewhere in the repository. Refusing to start is a fine answer.',
  },
  async () => {
    const deploys = [DEPLOYS.production, DEPLOYS.staging];
    const envs = deploys.map((deploy) => envFor(deploy, { PUBLIC_URL: undefined }));
    // Refusing to start without its address is a correct answer, so a start-up failure counts as a pass.
    const apps = await Promise.all(envs.map((env) => startApp({ env }).catch(() => undefined)));
    for (const [i, deploy] of deploys.entries()) {
      if (!apps[i]) continue;
      const res = await call(apps[i], 'POST', '/links', { url: 'https://example.org/' });
      const short = typeof res.json?.short === 'string' ? res.json.short : '';
      const baked = BAKED_HOSTS.find((host) => short.includes(host));
      assert.ok(
        !baked,
        `With ${describeEnv(envs[i])} and PUBLIC_URL unset, ${label(deploy)} still produced the short link ${short}: ` +
          'that address comes from the code, expected it to come only from the environment',
      );
    }
  },
);

check(
  "production's safeguards and statistics work in every deploy",
  {
    hint: 'A bug that only production can show is found by customers. Which rules and counters does only production run today?',
  },
  async () => {
    const deploys = [DEPLOYS.staging, DEPLOYS.unnamed];
    const apps = await Promise.all(deploys.map((deploy) => startDeploy(deploy)));
    for (const [i, deploy] of deploys.entries()) {
      const app = apps[i];
      const unsafe = await call(app, 'POST', '/links', { url: 'javascript:alert(1)' });
      assert.ok(
        unsafe.status >= 400 && unsafe.status < 500,
        `In ${label(deploy)}, POST /links {"url": "javascript:alert(1)"} answered ${unsafe.status}, expected it to be refused with 400 as production does`,
      );
      const link = await shorten(app, deploy, 'https://example.org/blog');
      for (let visit = 0; visit < 2; visit++) {
        const res = await call(app, 'GET', `/${link.code}`);
        assert.ok(
          res.status >= 300 && res.status < 400,
          `In ${label(deploy)}, GET /${link.code} answered ${res.status}, expected a redirect to https://example.org/blog`,
        );
      }
      const stats = await call(app, 'GET', `/links/${link.code}`);
      assert.ok(
        stats.json?.clicks === 2,
        `In ${label(deploy)}, after 2 visits GET /links/${link.code} reported clicks: ${JSON.stringify(stats.json?.clicks)}, expected 2`,
      );
    }
  },
);

check(
  'no settings files per named deploy',
  {
    hint: 'A file named after a deploy only makes sense if the code picks it by name. How would you add a fourth deploy without touching the repository?',
  },
  async () => {
    const perDeploy = /^(production|prod|staging|stage|development|dev|preprod|qa|uat)\.(js|mjs|cjs|ts|json)$/i;
    const files = (await listAppFiles()).filter((file) => perDeploy.test(path.basename(file)));
    assert.ok(
      files.length === 0,
      `The codebase still contains ${files.join(', ')}: settings grouped by deploy name. Expected each setting to come from its own environment variable`,
    );
  },
);
