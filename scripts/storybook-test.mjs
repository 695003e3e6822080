#!/usr/bin/env node
// Storybook smoke test: `storybook build` must succeed and find the plugins' stories, and every
// story must render in headless Chromium (served from the build over HTTP, as a static host
// would) without an uncaught error. Used by `npm test`; run alone with `npm run test:storybook`.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  clearScreenshots,
  ensureChromium,
  launchChromium,
  SCREENSHOT_DIR,
  VIEWPORT,
} from './lib/browser.mjs';
import { createChecks } from './lib/checks.mjs';
import { repoRoot } from './lib/config-args.mjs';
import { logTail, startNpm } from './lib/processes.mjs';

const RENDER_TIMEOUT_MS = 30_000;
const CONTENT_TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A static file server for the built Storybook, on a free port of 127.0.0.1. */
async function serveStatic(dir) {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.join(
      dir,
      urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath,
    );
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type =
      CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

export async function runStorybookTest({ out = console.log } = {}) {
  const { check, result } = createChecks({ out });

  const outputDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'aws-bridge-storybook-'),
  );
  const logFile = path.join(outputDir, 'build.log');
  const started = Date.now();
  const built = await check('storybook build succeeds', async () => {
    const build = startNpm(
      [
        'run',
        'build-storybook',
        '--',
        '--output-dir',
        path.join(outputDir, 'dist'),
      ],
      logFile,
      { cwd: path.join(repoRoot, 'storybook') },
    );
    const code = await new Promise(resolve => build.once('exit', resolve));
    if (code !== 0) throw new Error(`exit code ${code}`);
    out(`       (built in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
  if (!built) {
    out(`  --- last 30 lines of ${logFile} ---`);
    out(logTail(logFile, 30));
    return result();
  }

  const dist = path.join(outputDir, 'dist');
  let stories = [];
  await check('it finds the stories of plugins/aws', async () => {
    const index = JSON.parse(
      fs.readFileSync(path.join(dist, 'index.json'), 'utf8'),
    );
    stories = Object.values(index.entries).filter(e => e.type === 'story');
    if (!stories.some(s => s.importPath.includes('plugins/aws/src/'))) {
      throw new Error(`no story from plugins/aws among ${stories.length}`);
    }
    out(`       (${stories.length} stories)`);
  });

  if (!(await check('a browser is available', ensureChromium))) {
    return result();
  }
  clearScreenshots('story-');
  const { server, url } = await serveStatic(dist);
  const browser = await launchChromium();
  try {
    for (const story of stories) {
      await check(`story ${story.id} renders`, async () => {
        const page = await browser.newPage({ viewport: VIEWPORT });
        const errors = [];
        page.on('pageerror', error => errors.push(error.message));
        await page.goto(`${url}/iframe.html?id=${story.id}&viewMode=story`);
        // Storybook shows an error display when a story throws; wrapInTestApp renders the
        // story itself a moment after Storybook has mounted it.
        const shown = await page
          .waitForFunction(
            () => {
              if (document.body.classList.contains('sb-show-errordisplay')) {
                return { error: true };
              }
              const text =
                document.querySelector('#storybook-root')?.textContent;
              return text?.trim() ? { error: false } : false;
            },
            undefined,
            { timeout: RENDER_TIMEOUT_MS },
          )
          .then(handle => handle.jsonValue())
          .catch(() => ({ error: false, empty: true }));
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `story-${story.id}.png`),
        });
        await page.close();
        if (shown.error || errors.length > 0) {
          throw new Error(
            `render error: ${errors.join('; ') || 'see the screenshot'}`,
          );
        }
        if (shown.empty) {
          throw new Error(
            `the story rendered nothing in ${RENDER_TIMEOUT_MS / 1000} s`,
          );
        }
      });
    }
  } finally {
    await browser.close();
    server.close();
  }
  return result();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { passed, failed } = await runStorybookTest();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
