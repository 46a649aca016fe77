'use strict';
// Preloaded into the app by a check that needs to know which settings it reads: notes the name of every
// environment variable the learner's own code reads (process.env.X, destructuring, `in`, a spread), one name
// a line, in the file named by GRADING_ENV_READS. Reads made by Node itself or by packages in node_modules are
// not the app's settings, so only reads whose caller is a file of the app's folder count.
const { appendFileSync } = require('node:fs');
const path = require('node:path');

const target = process.env.GRADING_ENV_READS;
delete process.env.GRADING_ENV_READS;
const appRoot = process.cwd() + path.sep;
const seen = new Set();

/** The file of the code that touched process.env: the first frame below this preload's own. */
function callerFile() {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 6;
  Error.prepareStackTrace = (_, sites) => sites;
  const holder = {};
  Error.captureStackTrace(holder, callerFile);
  const sites = holder.stack;
  Error.stackTraceLimit = limit;
  Error.prepareStackTrace = prepare;
  const caller = Array.isArray(sites) ? sites.find((site) => site.getFileName() !== __filename) : undefined;
  const name = caller?.getFileName();
  if (!name) return undefined;
  return name.startsWith('file:') ? decodeURIComponent(new URL(name).pathname) : name;
}

function note(key) {
  if (typeof key !== 'string' || seen.has(key)) return;
  const file = callerFile();
  if (!file || !file.startsWith(appRoot) || file.includes(`${path.sep}node_modules${path.sep}`)) return;
  seen.add(key);
  try {
    appendFileSync(target, `${key}\n`);
  } catch {
    // the check reads what was noted; a failed note only makes it more lenient
  }
}

if (target) {
  const env = process.env;
  process.env = new Proxy(env, {
    get(object, key) { note(key); return object[key]; },
    has(object, key) { note(key); return key in object; },
    getOwnPropertyDescriptor(object, key) { note(key); return Reflect.getOwnPropertyDescriptor(object, key); },
    set(object, key, value) { object[key] = value; return true; },
    deleteProperty(object, key) { delete object[key]; return true; },
  });
}
