// Debian's Chromium driven by playwright-core (no browser download). Missing Chromium fails in CI
// with a clear message and skips, said aloud, on a developer's machine without it.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const INSTALL_HINT = `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (Debian's package; playwright-core drives it, nothing is downloaded)`;

/** 'run', or why the browser tests are skipped here. CI never skips. */
export function browserTestsMode(): { run: true } | { run: false; reason: string } {
  if (existsSync(CHROMIUM) || process.env.CI) return { run: true };
  return { run: false, reason: `browser tests skipped: ${INSTALL_HINT}` };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(INSTALL_HINT);
  // playwright gives each launch a fresh, empty user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh folder under the OS temp dir for this run's screenshots. */
export function screenshotDir(): string {
  const dir = join(tmpdir(), 'sabali-screenshots');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
