import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Playwright's own Chromium when it has been installed; otherwise the system package's binary,
 * because `playwright install` cannot download browsers on every machine. CHROMIUM_PATH overrides both.
 */
export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // No bundled browser registered: fall through to the system one.
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('No Chromium found: run `bash scripts/prerequisites.sh` (installs Debian\'s chromium) or set CHROMIUM_PATH');
}

/** Flags that keep a system Chromium quiet and working on machines with no outside network. */
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
