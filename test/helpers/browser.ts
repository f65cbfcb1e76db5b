// Headless Chromium for the report tests, driven by playwright-core. The browser is the
// system's (Debian's `chromium` package): playwright's own download cannot work offline.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** AE_CHROMIUM, else the first browser found in the usual places; null when there is none. */
export function findChromium(env = process.env): string | null {
  if (env.AE_CHROMIUM) return env.AE_CHROMIUM;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export const NO_BROWSER =
  'headless Chromium not found (install it: apt-get install -y chromium, or set AE_CHROMIUM to a Chrome binary)';

export async function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: ['--disable-gpu'] });
}

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions, failed requests and any request that is not file://. */
  problems: string[];
}

export async function openFile(browser: Browser, file: string, width = 1100): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}
