// Quick syntax pre-check of many files at once. It only saves time (no process at all, or one, instead of one
// `node --check` per file, which costs ~100 ms each on Node 20); the harness re-checks every file that fails
// here with `node --check`, which has the final word and the exact message with the line number.
// vm.SourceTextModule needs --experimental-vm-modules: the harness calls unparsed() in-process when it was
// started with that flag, and otherwise runs this file as a script:
//   node --experimental-vm-modules --no-warnings syntax-check.mjs <file>...   → JSON array of unparsed files
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const CJS_WRAPPER = ['exports', 'require', 'module', '__filename', '__dirname'];

/** Like Node: .mjs is ESM, .cjs is CommonJS, .js follows the nearest package.json "type". */
function isModule(file) {
  file = path.resolve(file);
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

function parses(file) {
  try {
    const code = readFileSync(file, 'utf8');
    if (isModule(file)) new vm.SourceTextModule(code, { identifier: file });
    else vm.compileFunction(code, CJS_WRAPPER, { filename: file });
    return true;
  } catch {
    return false;
  }
}

/** The files (paths relative to cwd) that do not parse as what Node would load them as. */
export function unparsed(files, cwd = process.cwd()) {
  return files.filter((file) => !parses(path.resolve(cwd, file)));
}

export const canCheckInProcess = typeof vm.SourceTextModule === 'function';

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(unparsed(process.argv.slice(2))));
}
