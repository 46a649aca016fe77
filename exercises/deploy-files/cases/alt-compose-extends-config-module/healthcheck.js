// HEALTHCHECK: exit 0 when the app on PORT answers GET /healthz with 200, 1 otherwise.
import { config } from './config.js';

const res = await fetch(new URL('/healthz', `http://localhost:${config.port}`), { signal: AbortSignal.timeout(2500) }).catch(() => undefined);
process.exit(res?.status === 200 ? 0 : 1);
