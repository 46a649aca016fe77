// Docker's HEALTHCHECK for this image: healthy only when the app on PORT answers GET /livez with 200.
import http from 'node:http';

const port = Number(process.env.PORT || 3000);
const request = http.get({ host: '127.0.0.1', port, path: '/livez', timeout: 2000 }, (res) => {
  res.resume();
  process.exitCode = res.statusCode === 200 ? 0 : 1;
});
request.on('timeout', () => request.destroy(new Error('timed out')));
request.on('error', () => {
  process.exitCode = 1;
});
