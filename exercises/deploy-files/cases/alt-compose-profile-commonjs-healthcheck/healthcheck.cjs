// HEALTHCHECK (CommonJS, so it needs nothing from the app): 0 when GET /health on PORT answers 200, else 1.
const http = require('node:http');

const req = http.get(`http://localhost:${process.env.PORT || 3000}/health`, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.setTimeout(2000, () => req.destroy());
req.on('error', () => process.exit(1));
