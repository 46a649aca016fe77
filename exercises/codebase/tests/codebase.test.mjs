import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { check, listAppFiles, readAppFile, startApp } from '../kit.mjs';
import {
  DEPLOYS, PREVIEW, call, compare, converse, describeEnv, envFor, label, shorten, startDeploy,
} from './deploys.mjs';

// Each "deploy" is the learner's unchanged code started with a different environment (deploys.mjs).

// The hosts of the starter's per-deploy addresses (production's and staging's).
const BAKED_HOSTS = ['snip.example'];
const target = () => `https://example.org/docs/${randomBytes(3).toString('hex')}?page=${randomBytes(1)[0]}`;

check(
  'starts under a deploy name it has never seen',
  { hint: 'A new preview deploy gets a fresh name every day. Which part of start-up needs to know the name, and does it have to?' },
  async () => {
    const app = await startDeploy(PREVIEW);
    const res = await call(app, 'POST', '/links', { url: target() });
    assert.ok(
      res.status === 201,
      `With APP_ENV=${PREVIEW.name} the app started, but POST /links answered ${res.status}, expected 201 (body: ${res.text.slice(0, 120)})`,
    );
  },
);

check(
  'every deploy runs the same code path',
  {
    hint: 'Search the code for places that ask which deploy they are running in. If staging behaves differently from production, what exactly did staging test?',
  },
  async () => {
    // Production twice: what differs between two runs of the same deploy is not the deploy's doing.
    const deploys = [DEPLOYS.production, DEPLOYS.production, DEPLOYS.staging, DEPLOYS.unnamed];
    const url = target();
    const apps = await Promise.all(deploys.map((deploy) => startDeploy(deploy)));
    const [prod, again, staging, unnamed] = await Promise.all(apps.map((app, i) => converse(app, deploys[i], url)));
    const found = [...compare(prod, again, staging, 'staging'), ...compare(prod, again, unnamed, 'the deploy with no name')];
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
    const deploys = [DEPLOYS.production, DEPLOYS.staging, DEPLOYS.unnamed];
    const apps = await Promise.all(deploys.map((deploy) => startDeploy(deploy)));
    for (const [i, deploy] of deploys.entries()) {
      const link = await shorten(apps[i], deploy, target());
      assert.ok(
        link.short.startsWith(`${deploy.publicUrl}/`),
        `In ${label(deploy)} with PUBLIC_URL=${deploy.publicUrl}, POST /links returned the short link ${link.short}, expected it to start with ${deploy.publicUrl}/`,
      );
    }
  },
);

/** Where a file names one of the starter's deploy addresses: "config/index.js line 2", or undefined. */
function bakedAddress(file) {
  const text = readAppFile(file);
  for (const host of BAKED_HOSTS) {
    const index = text.indexOf(host);
    if (index !== -1) return { where: `${file} line ${text.slice(0, index).split('\n').length}`, host };
  }
  return undefined;
}

// Without PUBLIC_URL, under each usual deploy name and none: refusing to start, or to make short links, is right.
const WITHOUT_ADDRESS = [
  { deploy: DEPLOYS.production },
  { deploy: DEPLOYS.staging },
  { deploy: DEPLOYS.unnamed },
  { deploy: DEPLOYS.unnamed, extra: { NODE_ENV: 'development' } },
];

check(
  'no deploy address is written in the code',
  {
    hint: 'Start the app without PUBLIC_URL, under any deploy name or none. If short links still come out with an address, it came from somewhere in the repository. Refusing to start is a fine answer.',
  },
  async () => {
    for (const file of listAppFiles()) {
      const found = bakedAddress(file);
      assert.ok(!found, `${found?.where} still names ${found?.host}, the address of one of the deploys: the repository must not know where it is deployed, not even in a comment`);
    }
    const host = `go-${randomBytes(3).toString('hex')}.links.test`;
    const envs = WITHOUT_ADDRESS.map(({ deploy, extra }) => envFor(deploy, { ...extra, PUBLIC_URL: undefined }));
    const apps = await Promise.all(envs.map((env) => startApp({ env }).catch(() => undefined)));
    for (const [i, { deploy }] of WITHOUT_ADDRESS.entries()) {
      if (!apps[i]) continue;
      // The request names its own host: a short link built from the request is not an address from the code.
      const res = await call(apps[i], 'POST', '/links', { url: target() }, { host });
      const short = res.status < 300 && typeof res.json?.short === 'string' ? res.json.short : '';
      let from;
      try {
        from = new URL(short).host;
      } catch {
        continue; // no short link, or a relative one: no address came from the code
      }
      assert.ok(
        from === host,
        `With ${describeEnv(envs[i])} and PUBLIC_URL unset, ${label(deploy)} still produced the short link ${short}: ` +
          'that address comes from the code, expected it to come only from the environment (or the app to refuse)',
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
    const deploys = [DEPLOYS.staging, DEPLOYS.unnamed, PREVIEW];
    const apps = await Promise.all(deploys.map((deploy) => startDeploy(deploy)));
    for (const [i, deploy] of deploys.entries()) {
      const app = apps[i];
      const unsafe = await call(app, 'POST', '/links', { url: 'javascript:alert(1)' });
      assert.ok(
        unsafe.status >= 400 && unsafe.status < 500,
        `In ${label(deploy)}, POST /links {"url": "javascript:alert(1)"} answered ${unsafe.status}, expected it to be refused with 400 as production does`,
      );
      const url = target();
      const link = await shorten(app, deploy, url);
      for (let visit = 0; visit < 2; visit++) {
        const res = await call(app, 'GET', `/${link.code}`);
        assert.ok(
          res.status >= 300 && res.status < 400,
          `In ${label(deploy)}, GET /${link.code} answered ${res.status}, expected a redirect to ${url}`,
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
