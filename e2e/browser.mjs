// Debian's Chromium driven by playwright-core: no browser download, and no
// background traffic to the outside (the machines have no such network).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './portal.mjs';

export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

export async function launchBrowser() {
  const userDataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'trinity-chromium-'),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    context,
    async screenshot(page, name) {
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in as the guest from the sign-in page and waits for the home page. */
export async function signInAsGuest(page, appUrl) {
  await page.goto(appUrl);
  await page.getByRole('button', { name: /enter/i }).click({ timeout: 60_000 });
  await page.getByText('What Trinity is for').waitFor({ timeout: 60_000 });
}

/**
 * Polls the open page (no reload) until `ready()`; the ms it took, or throws
 * naming `what`.
 */
export async function pollUntil(page, ready, what, limitMs = 90_000) {
  const started = Date.now();
  while (!(await ready())) {
    if (Date.now() - started > limitMs)
      throw new Error(`${what}: not in ${limitMs} ms`);
    await page.waitForTimeout(250);
  }
  return Date.now() - started;
}
