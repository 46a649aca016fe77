// The image's HEALTHCHECK: asks the running app for /health on its PORT; exit 0 only on a 200.
const port = process.env.PORT ?? 3000;

try {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
  await res.body?.cancel();
  process.exit(0);
} catch {
  process.exit(1);
}
