// Preloaded (--require) into the harness, which runs the tests (HARNESS_ARGS; on Node 20 it changes nothing), and
// into every app process the kit starts on Node 22 and later (lean-http.mjs).
// Why: since Node 22, node:http has lazy getters WebSocket, CloseEvent and MessageEvent that load undici, and
// an ES module's `import http from 'node:http'` reads every export of node:http, so each process that imports
// it paid ≈ 55 ms of CPU to load undici it never uses (measured on Node 24: 100 ms → 45 ms per app start). A
// grade starts up to 14 apps. Deleting the getters here (a CommonJS require does not read them) makes the import
// skip them; the learner's environment, WebContainer's Node 20, has no such exports either.
// CommonJS and --require, not an ES module and --import: --import sets up the ES module loader first, which cost
// a minimal script that imports node:http 96 instead of 77 ms of CPU; for a real app the difference was within
// the noise of a grade.
const http = require('node:http');

for (const name of ['WebSocket', 'CloseEvent', 'MessageEvent']) {
  if (Object.getOwnPropertyDescriptor(http, name)?.get) delete http[name];
}
