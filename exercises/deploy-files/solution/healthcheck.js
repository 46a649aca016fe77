// The container's HEALTHCHECK: exits 0 when the app on this container's PORT answers GET /health with 200.
import http from 'node:http';

const request = http.get({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3000), path: '/health', timeout: 2000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('no answer within 2 s')));
request.on('error', () => process.exit(1));
