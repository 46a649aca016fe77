import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { appFileExists, check, listAppFiles, readAppFile, startApp } from '../kit.mjs';

// A scratch folder outside the learner's copy: a bin/ folder whose only program is node, and a preload
// module that records every child process the app launches, into a log in a folder of its own (the app
// writes the log; the kit lets it change only what a test hands it as data, and never bin/ or the recorder).
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tfl-dependencies-'));
const logDir = mkdtempSync(path.join(os.tmpdir(), 'tfl-launches-'));
process.on('exit', () => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(logDir, { recursive: true, force: true });
});
const nodeOnlyBin = path.join(scratch, 'bin');
mkdirSync(nodeOnlyBin);
try {
  symlinkSync(process.execPath, path.join(nodeOnlyBin, 'node'));
} catch {
  // no symlinks here: the kit starts node by its full path, so an empty PATH folder serves as well
}

const launchLog = path.join(logDir, 'launches.jsonl');
const recorder = path.join(scratch, 'record-launches.mjs');
writeFileSync(
  recorder,
  `import childProcess from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const log = ${JSON.stringify(launchLog)};
delete process.env.LAUNCH_LOG_DIR;
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync']) {
  const original = childProcess[name];
  childProcess[name] = function (...args) {
    const argv = Array.isArray(args[1]) ? args[1] : [];
    appendFileSync(log, JSON.stringify({ call: name, command: [String(args[0]), ...argv].join(' ') }) + '\\n');
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();
`,
);

const MAIN = 'server.js';

function launches() {
  if (!existsSync(launchLog)) return [];
  return readFileSync(launchLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter(({ command }) => path.basename(command.trim().split(/\s+/)[0]) !== 'node');
}

async function startOnBareMachine() {
  try {
    return await startApp({ env: { PATH: nodeOnlyBin } });
  } catch (error) {
    assert.fail(`On a machine where PATH holds nothing but node, the app did not start: ${error.message}`);
  }
}

const RECEIPTS = [
  { merchant: 'Café Lumen', total: 12.4, currency: 'EUR', note: 'team breakfast' },
  { merchant: 'Rail Nord', total: 89, currency: 'EUR', note: 'train to the client' },
];

async function upload(app, receipt, where) {
  const body = JSON.stringify(receipt);
  const res = await app.fetch('/receipts', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
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
  return { body, json };
}

check(
  'receipts are stored on a machine with only Node installed',
  {
    hint: 'A fresh server, a container image or the browser sandbox has node and not much else. What does creating a receipt ask the machine for?',
  },
  async () => {
    const app = await startOnBareMachine();
    const where = 'On a machine with only node on PATH';
    const { body, json } = await upload(app, RECEIPTS[0], where);
    const expected = createHash('sha256').update(body).digest('hex');
    assert.ok(
      json.id === expected,
      `${where}, the receipt got the id ${JSON.stringify(json.id)}, expected the SHA-256 of the uploaded body (${expected})`,
    );
  },
);

check(
  'the backup export works on a machine with only Node installed',
  { hint: 'The export is compressed by a program that happens to be installed on your laptop. Does your runtime already know how to compress?' },
  async () => {
    const app = await startOnBareMachine();
    const where = 'On a machine with only node on PATH';
    const ids = [];
    for (const receipt of RECEIPTS) ids.push((await upload(app, receipt, where)).json.id);
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
      assert.ok(found, `The export is missing the receipt from ${RECEIPTS[i].merchant} (id ${id}); it holds ${exported.length} receipt(s)`);
      assert.ok(
        found.merchant === RECEIPTS[i].merchant,
        `In the export, receipt ${id} has merchant ${JSON.stringify(found.merchant)}, expected ${JSON.stringify(RECEIPTS[i].merchant)}`,
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
    const app = await startApp({ args: ['--import', pathToFileURL(recorder).href, MAIN], env: { LAUNCH_LOG_DIR: logDir } });
    for (const receipt of RECEIPTS) await upload(app, receipt, 'While creating receipts');
    const res = await app.fetch('/receipts/export');
    await res.arrayBuffer();
    const seen = launches();
    assert.ok(
      seen.length === 0,
      `While creating receipts and exporting them, the app launched other programs ${seen.length} time(s): ` +
        `${[...new Set(seen.map((l) => `"${l.command}" (child_process.${l.call})`))].slice(0, 3).join(', ')}. ` +
        'Expected it to rely only on node and the packages it declares',
    );
  },
);

// What the code imports: import … from 'x', import 'x', export … from 'x', import('x'), require('x').
const IMPORT_PATTERNS = [
  /\bimport\s+(?:[\w$*{}\s,]+?\s+from\s*)?['"]([^'"]+)['"]/g,
  /\bexport\s+(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function importedSpecifiers(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set();
  for (const pattern of IMPORT_PATTERNS) for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

check(
  'dependencies are declared, pinned and locked',
  {
    hint: 'The manifest says what the app needs; the lockfile records exactly what was installed, so every machine gets the same. Is every import accounted for, and is the lockfile committed even when the list is short?',
  },
  async () => {
    let manifest;
    try {
      manifest = JSON.parse(await readAppFile('package.json'));
    } catch (error) {
      assert.fail(`package.json could not be read as JSON (${error.message})`);
    }
    const declared = manifest.dependencies ?? {};
    const loose = Object.entries(declared).filter(([, version]) => !EXACT.test(String(version)));
    assert.ok(
      loose.length === 0,
      `package.json allows a range of versions for ${loose.map(([n, v]) => `${n} ("${v}")`).join(', ')}, expected exact versions such as "1.4.2"`,
    );

    const problems = [];
    const sources = (await listAppFiles()).filter((file) => /\.(m|c)?js$/.test(file) && !file.split(/[\\/]/).includes('node_modules'));
    for (const file of sources) {
      for (const specifier of importedSpecifiers(await readAppFile(file))) {
        if (/^[./]/.test(specifier)) continue; // the app's own files
        if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !specifier.startsWith('node:')) continue; // data:, file:, …
        if (isBuiltin(specifier)) continue;
        const name = packageName(specifier);
        if (declared[name]) continue;
        const where = manifest.devDependencies?.[name] ? ' (it is only a devDependency)' : '';
        problems.push(`${file} imports "${specifier}" but package.json does not list "${name}" in dependencies${where}`);
      }
    }
    assert.ok(problems.length === 0, `${problems.slice(0, 3).join('; ')}. Expected every package the code imports to be declared`);

    assert.ok(
      await appFileExists('package-lock.json'),
      'There is no package-lock.json next to package.json, expected the lockfile to be committed with the code',
    );
    let lock;
    try {
      lock = JSON.parse(await readAppFile('package-lock.json'));
    } catch (error) {
      assert.fail(`package-lock.json is not valid JSON (${error.message})`);
    }
    const root = lock.packages?.[''];
    assert.ok(
      root && lock.lockfileVersion >= 2,
      `package-lock.json has lockfileVersion ${JSON.stringify(lock.lockfileVersion)} and ${root ? 'a' : 'no'} root entry, expected a current npm lockfile (version 2 or 3)`,
    );
    const locked = root.dependencies ?? {};
    const names = new Set([...Object.keys(declared), ...Object.keys(locked)]);
    const mismatches = [];
    for (const name of names) {
      if (declared[name] !== locked[name]) {
        mismatches.push(`"${name}" is ${declared[name] ?? 'absent'} in package.json but ${locked[name] ?? 'absent'} in package-lock.json`);
        continue;
      }
      const installed = lock.packages[`node_modules/${name}`]?.version;
      if (installed !== declared[name]) {
        mismatches.push(`package-lock.json pins "${name}" at ${installed ?? 'nothing'}, package.json asks for ${declared[name]}`);
      }
    }
    assert.ok(mismatches.length === 0, `package.json and package-lock.json disagree: ${mismatches.slice(0, 3).join('; ')}`);
  },
);
