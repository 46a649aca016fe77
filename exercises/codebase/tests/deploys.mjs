// The deploys a grade starts (the learner's unchanged code with different environments), and how their answers
// are compared. Addresses and names are fresh per grade and differ in what an app might key on: production is
// https, staging plain http on a port, the laptop localhost.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { startApp } from '../kit.mjs';

const tag = randomBytes(3).toString('hex');

// The deploy name is set in every variable apps commonly ask; a deploy without a name sets none of them.
export const NAME_VARS = ['APP_ENV', 'NODE_ENV', 'DEPLOY_ENV', 'ENVIRONMENT', 'STAGE'];

export const DEPLOYS = {
  production: { name: 'production', publicUrl: `https://sn-${tag}.links.test` },
  staging: { name: 'staging', publicUrl: `http://staging-${tag}.internal.test:${randomInt(8000, 9000)}` },
  unnamed: { name: undefined, publicUrl: `http://localhost:${randomInt(3001, 9999)}` },
};
const previewNumber = randomInt(100, 10000);
export const PREVIEW = { name: `pr-${previewNumber}`, publicUrl: `https://pr-${previewNumber}.preview-${tag}.test` };

export function envFor({ name, publicUrl }, extra = {}) {
  const env = { PUBLIC_URL: publicUrl };
  for (const key of NAME_VARS) env[key] = name;
  return { ...env, ...extra };
}

export function label(deploy) {
  return deploy.name ? `the ${deploy.name} deploy` : 'a deploy with no name';
}

/** "PUBLIC_URL=https://…, the name staging in APP_ENV, NODE_ENV, … and STAGE" (or "no deploy variables"). */
export function describeEnv(env) {
  const named = NAME_VARS.filter((key) => env[key] !== undefined);
  const same = named.length > 1 && named.every((key) => env[key] === env[named[0]]);
  const set = Object.entries(env)
    .filter(([key, value]) => value !== undefined && !(same && named.includes(key)))
    .map(([key, value]) => `${key}=${value}`);
  if (same) set.push(`the name ${env[named[0]]} in ${named.slice(0, -1).join(', ')} and ${named.at(-1)}`);
  return set.length ? set.join(', ') : 'no deploy variables';
}

export async function startDeploy(deploy, extra) {
  const env = envFor(deploy, extra);
  try {
    return await startApp({ env });
  } catch (error) {
    const who = label(deploy);
    assert.fail(`${who[0].toUpperCase()}${who.slice(1)} (${describeEnv(env)}) did not start: ${error.message}`);
  }
}

export async function call(app, method, url, body, headers = {}) {
  const init = { method, redirect: 'manual', headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
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

export async function shorten(app, deploy, url) {
  const res = await call(app, 'POST', '/links', { url });
  assert.ok(res.status === 201, `In ${label(deploy)}, POST /links {"url": "${url}"} answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`);
  assert.ok(
    res.json && typeof res.json.code === 'string' && typeof res.json.short === 'string',
    `In ${label(deploy)}, POST /links answered ${res.text.slice(0, 120)}, expected JSON with "code" and "short"`,
  );
  return res.json;
}

const YEARS = 5 * 365 * 24 * 3600;
/** A number that reads as the clock (epoch seconds or milliseconds within years of now) becomes <time>. */
function clockReading(digits) {
  const now = Date.now() / 1000;
  const seconds = digits.length === 13 ? Number(digits) / 1000 : Number(digits);
  return Math.abs(seconds - now) < YEARS ? '<time>' : digits;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * The same conversation with every deploy: [{ step, status, location, cacheControl, body }]. What a deploy is
 * configured with (its PUBLIC_URL) and what is random by design (each link's code, its short link, clock readings) is
 * masked; whatever else is random shows up as a difference between two runs of the same deploy (see compare).
 */
export async function converse(app, deploy, target) {
  const steps = [];
  const mask = (text, codes) => {
    // The address as configured, then its host alone (a link printed without its scheme is still the address).
    let out = text.split(deploy.publicUrl).join('<PUBLIC_URL>').split(new URL(deploy.publicUrl).host).join('<PUBLIC_URL host>');
    for (const code of codes) {
      out = out.replace(new RegExp(`https?://[^"\\s]*/${escape(code)}(?![\\w-])`, 'g'), '<short link>');
      out = out.split(code).join('<code>');
    }
    return out.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>').replace(/\b\d{10}(?:\d{3})?\b/g, clockReading);
  };
  const codeOf = (res) => (typeof res.json?.code === 'string' && res.json.code ? res.json.code : undefined);
  const record = (step, res, code) => {
    const codes = [code, codeOf(res)].filter(Boolean);
    steps.push({
      step,
      status: res.status,
      location: mask(res.headers.get('location') ?? '', codes),
      cacheControl: res.headers.get('cache-control') ?? '',
      body: mask(res.text, codes),
    });
  };

  const created = await call(app, 'POST', '/links', { url: target });
  const code = codeOf(created);
  record('POST /links with an https URL', created, code);
  record('POST /links with a javascript: URL', await call(app, 'POST', '/links', { url: 'javascript:alert(1)' }));
  record('POST /links with a body that is not JSON', await call(app, 'POST', '/links', `url=${target}`));
  if (code) {
    record('GET /<code> (first visit)', await call(app, 'GET', `/${code}`), code);
    record('GET /<code> (second visit)', await call(app, 'GET', `/${code}`), code);
    record('GET /links/<code>', await call(app, 'GET', `/links/${code}`), code);
  }
  record('GET /links/unknown', await call(app, 'GET', '/links/nosuchlink'));
  return steps;
}

/** What a step answered, aspect by aspect: status, location, cache-control, each JSON field (or the text). */
function aspects(step) {
  const out = new Map([['status', String(step.status)], ['location', step.location], ['cacheControl', step.cacheControl]]);
  let json;
  try {
    json = JSON.parse(step.body);
  } catch {
    json = undefined;
  }
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(json)) out.set(`field ${key}`, JSON.stringify(value));
    out.set('fields', Object.keys(json).sort().join(','));
  } else {
    out.set('text', step.body);
  }
  return out;
}

function describeAspect(key, value) {
  if (value === undefined) return key.startsWith('field ') ? `no "${key.slice(6)}"` : 'nothing';
  if (key === 'status') return value;
  if (key === 'location') return `a redirect to ${value || 'nowhere'}`;
  if (key === 'cacheControl') return `Cache-Control "${value}"`;
  if (key === 'fields') return `the fields ${value || '(none)'}`;
  if (key.startsWith('field ')) return `"${key.slice(6)}": ${value}`;
  return `${value.slice(0, 80)}${value.length > 80 ? '…' : ''}`;
}

/**
 * Where `other` answered differently from production, leaving out what differs between two runs of production
 * itself (`again`): a random id or a clock reading is not the deploy's doing.
 */
export function compare(production, again, other, otherName) {
  const found = [];
  const byStep = (list) => new Map(list.map((s) => [s.step, aspects(s)]));
  const [repeat, theirs] = [byStep(again), byStep(other)];
  for (const step of production) {
    const ours = aspects(step);
    const stable = repeat.get(step.step);
    const seen = theirs.get(step.step);
    if (!seen) {
      if (stable) found.push(`${step.step} was answered in production but could not be tried in ${otherName}`);
      continue;
    }
    for (const key of new Set([...ours.keys(), ...seen.keys()])) {
      if (stable && stable.get(key) !== ours.get(key)) continue; // differs from run to run: not the deploy
      if (ours.get(key) === seen.get(key)) continue;
      found.push(`${step.step} answered ${describeAspect(key, ours.get(key))} in production but ${describeAspect(key, seen.get(key))} in ${otherName}`);
      break; // one difference per step is enough to show
    }
  }
  return found;
}
