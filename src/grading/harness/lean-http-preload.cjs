// Preloaded (--require) into every test process and every app process the kit starts, on Node 22 and later.
// Why: since Node 22, node:http has lazy getters WebSocket, CloseEvent and MessageEvent that load undici, and
// an ES module's `import http from 'node:http'` reads every export of node:http, so each process that imports
// it paid ≈ 55 ms of CPU to load undici it never uses (measured on Node 24: 100 ms → 45 ms per app start). A
// grade starts up to 14 apps. Deleting the getters here (a CommonJS require does not read them) makes the import
// skip them; the learner's environment, WebContainer's Node 20, has no such exports either.
// CommonJS and --require, not an ES module and --import: --import sets up the ES module loader before the app
// starts, which cost each process another 20 ms of CPU (96 → 77 ms for a script that imports node:http).
const http = require('node:http');

for (const name of ['WebSocket', 'CloseEvent', 'MessageEvent']) {
  if (Object.getOwnPropertyDescriptor(http, name)?.get) delete http[name];
}
