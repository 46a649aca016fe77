import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { appFileExists, check, importGraph, readAppFile, startApp } from '../kit.mjs';
import { bareMachine, launches, logDir, ordinaryMachine, recordLaunches } from './machines.mjs';
import { freshReceipts } from './receipts.mjs';

const MAIN = 'server.js';

async function startOnBareMachine() {
  try {
    return await startApp({ env: { PATH: bareMachine } });
  } catch (error) {
    assert.fail(`On a machine where PATH holds nothing but node, the app did not start: ${error.message}`);
  }
}

async function upload(app, receipt, where) {
  const res = await app.fetch('/receipts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: receipt.body });
  const text = await res.text();
  assert.ok(
    res.status === 201 || res.status === 200,
    `${where}, POST /receipts answered ${res.status}, expected 201 (body: ${text.slice(0, 150)})`,
  );
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    assert.fail(`${where}, POST /receipts answered ${text.slice(0, 150)}, expected the stored receipt as JSON`);
  }
  return { json };
}

check(
  'receipts are stored on a machine with only Node installed',
  {
    hint: 'A fresh server, a container image or the browser sandbox has node and not much else. What does creating a receipt ask the machine for?',
  },
  async () => {
    const app = await startOnBareMachine();
    const where = 'On a machine with only node on PATH';
    for (const receipt of freshReceipts(3)) {
      const { json } = await upload(app, receipt, where);
      const expected = createHash('sha256').update(receipt.body).digest('hex');
      assert.ok(
        json.id === expected,
        `${where}, the receipt from ${receipt.merchant} got the id ${JSON.stringify(json.id)}, expected the SHA-256 (hex) of the body exactly as uploaded, ` +
          `byte for byte (${expected}); the body was ${JSON.stringify(receipt.body.slice(0, 60))}${receipt.body.length > 60 ? '…' : ''}`,
      );
    }
  },
);

check(
  'the backup export works on a machine with only Node installed',
  { hint: 'The export is compressed by a program that happens to be installed on your laptop. Does your runtime already know how to compress?' },
  async () => {
    const app = await startOnBareMachine();
    const where = 'On a machine with only node on PATH';
    const receipts = freshReceipts(2);
    const ids = [];
    for (const receipt of receipts) ids.push((await upload(app, receipt, where)).json.id);
    const res = await app.fetch('/receipts/export');
    const archive = Buffer.from(await res.arrayBuffer());
    assert.ok(
      res.status === 200,
      `${where}, GET /receipts/export answered ${res.status}, expected 200 with a gzip file (body: ${archive.toString('utf8', 0, 150)})`,
    );
    let exported;
    try {
      exported = JSON.parse(gunzipSync(archive).toString('utf8'));
    } catch (error) {
      assert.fail(`${where}, GET /receipts/export did not answer gzip-compressed JSON (${error.message})`);
    }
    assert.ok(Array.isArray(exported), `The export holds ${JSON.stringify(exported).slice(0, 100)}, expected a JSON array of receipts`);
    for (const [i, id] of ids.entries()) {
      const found = exported.find((r) => r && r.id === id);
      assert.ok(found, `The export is missing the receipt from ${receipts[i].merchant} (id ${id}); it holds ${exported.length} receipt(s)`);
      assert.ok(
        found.merchant === receipts[i].merchant,
        `In the export, receipt ${id} has merchant ${JSON.stringify(found.merchant)}, expected ${JSON.stringify(receipts[i].merchant)}`,
      );
    }
  },
);

check(
  'no system program is launched',
  {
    hint: 'Calling a program by its full path still needs that program on the machine. Which parts of the Node standard library do the same jobs?',
  },
  async () => {
    // An ordinary machine, where gzip and sha256sum are installed: what the app does where it could use them,
    // under each usual NODE_ENV (an app that only uses the tools in production is seen too).
    await Promise.all([undefined, 'development', 'production'].map(async (nodeEnv) => {
      const env = { PATH: ordinaryMachine, LAUNCH_LOG_DIR: logDir, NODE_ENV: nodeEnv };
      const app = await startApp({ args: [...recordLaunches, MAIN], env });
      for (const receipt of freshReceipts(2)) await upload(app, receipt, 'On a machine that has gzip and sha256sum, while creating receipts');
      const res = await app.fetch('/receipts/export');
      await res.arrayBuffer();
    }));
    // One launch may be seen twice (the call, then the tool's own note): list each program once, by its call.
    const programs = new Map();
    for (const launch of launches()) {
      const program = launch.command.trim().split(/\s+/)[0].split('/').pop();
      if (!programs.has(program) || launch.call.startsWith('child_process')) programs.set(program, launch);
    }
    assert.ok(
      programs.size === 0,
      'On a machine that has gzip and sha256sum installed, while creating receipts and exporting them, the app launched other programs: ' +
        `${[...programs.values()].slice(0, 3).map((l) => `"${l.command}" (${l.call}, NODE_ENV ${l.nodeEnv ?? 'unset'})`).join(', ')}. ` +
        'Expected it to rely only on node and the packages it declares, wherever it runs',
    );
  },
);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
// The lists of packages in package.json that npm installs, each pinned and locked the same way.
const KINDS = ['dependencies', 'devDependencies', 'optionalDependencies'];

/** The packages the app's own code imports, from the files its entry point runs: [{ file, specifier, name }]. */
function importedPackages() {
  const found = [];
  for (const { rel, imports } of importGraph([MAIN])) {
    for (const { specifier } of imports) {
      if (/^[./]/.test(specifier) || specifier.startsWith('#')) continue; // the app's own files and subpath imports
      if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !specifier.startsWith('node:')) continue; // data:, file:, …
      if (isBuiltin(specifier)) continue;
      found.push({ file: rel, specifier, name: packageName(specifier) });
    }
  }
  return found;
}

function readJson(file, what) {
  try {
    return JSON.parse(readAppFile(file));
  } catch (error) {
    assert.fail(`${file} could not be read as JSON (${error.message}), expected ${what}`);
  }
}

check(
  'dependencies are declared, pinned and locked',
  {
    hint: 'The manifest says what the app needs, tools included; the lockfile records exactly what was installed, so every machine gets the same. Is every import accounted for, is every version exact, and is the lockfile committed even when the list is short?',
  },
  async () => {
    assert.ok(appFileExists('package.json'), 'There is no package.json, expected the manifest that declares what the app needs');
    const manifest = readJson('package.json', 'the manifest');
    const listed = KINDS.flatMap((kind) => Object.entries(manifest[kind] ?? {}).map(([name, version]) => ({ kind, name, version })));
    const loose = listed.filter(({ version }) => !EXACT.test(String(version)));
    assert.ok(
      loose.length === 0,
      `package.json allows a range of versions for ${loose.map(({ kind, name, version }) => `${name} ("${version}" in ${kind})`).join(', ')}, expected exact versions such as "1.4.2" for every package it lists`,
    );

    const declared = manifest.dependencies ?? {};
    const problems = importedPackages().filter(({ name }) => !declared[name]).map(({ file, specifier, name }) => {
      const kind = KINDS.find((k) => manifest[k]?.[name]);
      const where = kind && kind !== 'dependencies' ? ` (only in ${kind}, which a production install leaves out)` : '';
      return `${file} imports "${specifier}" but package.json does not list "${name}" in dependencies${where}`;
    });
    assert.ok(problems.length === 0, `${[...new Set(problems)].slice(0, 3).join('; ')}. Expected every package the code imports to be declared`);

    assert.ok(appFileExists('package-lock.json'), 'There is no package-lock.json next to package.json, expected the lockfile to be committed with the code');
    const lock = readJson('package-lock.json', "npm's lockfile");
    const root = lock.packages?.[''];
    assert.ok(
      root && lock.lockfileVersion >= 2,
      `package-lock.json has lockfileVersion ${JSON.stringify(lock.lockfileVersion)} and ${root ? 'a' : 'no'} root entry, expected a current npm lockfile (version 2 or 3)`,
    );
    const mismatches = [];
    for (const kind of KINDS) {
      const wanted = manifest[kind] ?? {};
      const locked = root[kind] ?? {};
      for (const name of new Set([...Object.keys(wanted), ...Object.keys(locked)])) {
        if (wanted[name] !== locked[name]) {
          mismatches.push(`"${name}" is ${wanted[name] ?? 'absent'} in package.json's ${kind} but ${locked[name] ?? 'absent'} in package-lock.json's`);
          continue;
        }
        const installed = lock.packages[`node_modules/${name}`]?.version;
        if (installed !== wanted[name]) mismatches.push(`package-lock.json installs "${name}" at ${installed ?? 'no version'}, package.json asks for ${wanted[name]}`);
      }
    }
    assert.ok(mismatches.length === 0, `package.json and package-lock.json disagree: ${mismatches.slice(0, 3).join('; ')}. Expected the lockfile npm writes for this manifest`);
  },
);
