/**
 * Headers every response carries. COOP + COEP make the page cross-origin isolated, which the
 * in-browser sandbox (SharedArrayBuffer) needs; CORP lets our own pages embed our own assets under COEP.
 */
export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
