// Headless Chromium for the browser tests: Debian's package (/usr/bin/chromium) or
// $CHROMIUM_PATH, driven by playwright-core. Never `npx playwright install`: it downloads from
// a host this machine cannot reach.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './config-args.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(
  repoRoot,
  '.test-results',
  'screenshots',
);
export const VIEWPORT = { width: 1400, height: 900 };

// The flags known to work for Debian's Chromium on a machine without a display or network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws, saying how to get one, when there is no browser to launch. */
export function ensureChromium() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no browser at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
}

/** Deletes a previous run's screenshots whose names start with `prefix`. */
export function clearScreenshots(prefix) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const file of fs.readdirSync(SCREENSHOT_DIR)) {
    if (file.startsWith(prefix)) fs.rmSync(path.join(SCREENSHOT_DIR, file));
  }
}

/** Launches headless Chromium with a fresh profile (playwright makes a temporary one). */
export async function launchChromium() {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
