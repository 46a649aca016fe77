// The image's HEALTHCHECK: asks the running app for /health on its PORT; exit 0 only on a 200.
const port = process.env.PORT ?? 3000;

try {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
