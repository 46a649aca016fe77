/*
 * Cross-origin isolation for hosts that cannot send headers (GitHub Pages).
 *
 * The in-browser sandbox needs a cross-origin isolated page, which takes two response headers:
 * Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy. Where the host cannot set them, this worker
 * sits between the page and the network and re-serves every same-origin GET response with those headers
 * (plus Cross-Origin-Resource-Policy, so the page may embed it). It caches nothing: every request still goes
 * to the network. The page registers it only when it is not isolated already (src/scripts/cross-origin-isolation.ts),
 * so on hosts that send the headers it is never installed.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Take over at once instead of waiting for every tab of the course to close.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// A page that is open but not controlled (first visit, or a hard reload) asks to be taken over.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'claim') event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Other methods (the grading API's POSTs) and other origins pass through untouched: cross-origin resources
  // must carry their own CORP/CORS headers under COEP, and no worker can add them.
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Chrome rejects this combination when the worker fetches it itself.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(fetch(request).then(withIsolationHeaders));
});

function withIsolationHeaders(response) {
  // Opaque and redirect responses cannot be rebuilt; they carry no page content to isolate.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
