/**
 * `npm run test:e2e`: starts what `npm start` starts (NocoBase with the current plugin, the WeCom sandbox)
 * on free ports with a fresh data folder, runs the browser steps in Debian's headless Chromium, stops
 * everything; then the same again with NocoBase under APP_PUBLIC_PATH=/nocobase/ (same install, its own data
 * folder) for the v2 UI's steps. It ends with `N passed, N failed`. Every URL the pages visited is checked
 * for `token=` and listed in .sandbox/screenshots/visited-urls.txt. Screenshots go to .sandbox/screenshots/;
 * with UPDATE_SCREENSHOTS=1 the README's pictures are copied to docs/screenshots/. E2E_STACKS=root or
 * E2E_STACKS=public-path runs one of the two.
 */
import fs from 'fs';
import net from 'net';
import path from 'path';
import type { Browser } from 'playwright-core';
import { SandboxSettings, ROOT, SANDBOX_DIR } from '../sandbox/settings';
import { Stack, startStack } from '../sandbox/stack';
import { adminAddsAuthenticator } from './admin-step';
import { checkSetupStep } from './check-setup-step';
import { launchChromium } from './browser';
import { linkingSteps } from './linking-steps';
import { memberSteps } from './member-steps';
import { notifySteps } from './notify-steps';
import { publicPathSteps } from './public-path-steps';
import { runSteps, Step } from './step-runner';
import { syncStep } from './sync-step';
import { UrlLog, urlsWithToken } from './urls';

const SHOTS_DIR = path.join(SANDBOX_DIR, 'screenshots');
/** Every URL the browser pages visited, one a line: `<step>\t<kind>\t<url>`. */
const URLS_FILE = path.join(SHOTS_DIR, 'visited-urls.txt');
/** Screenshot of a step → the README's picture. */
const README_SHOTS: Record<string, string> = {
  '01-sign-in-page': 'sign-in-page.png',
  '02-admin-form': 'admin-form.png',
  '06-signed-in': 'signed-in.png',
  '13-link-prompt': 'link-prompt.png',
  '14-link-confirmation': 'link-confirmation.png',
  '30-notify-node-form': 'notify-node-form.png',
  '31-notify-phone-card': 'notify-phone-card.png',
};
const log = (line: string) => console.log(`[e2e] ${line}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One NocoBase (and WeCom sandbox) of the run and the steps that run on it. */
interface StackRun {
  /** For the log and the URL list. */
  label: string;
  /** Data folder under .sandbox/ (made afresh): both stacks share the NocoBase install in .sandbox/app. */
  dataFolder: string;
  publicPath: string;
  steps(stack: Stack): Step[];
}

const STACKS: Record<string, StackRun> = {
  root: {
    label: 'APP_PUBLIC_PATH=/',
    dataFolder: 'e2e-data',
    publicPath: '/',
    steps: (stack) => [
      adminAddsAuthenticator(stack),
      checkSetupStep(stack),
      ...memberSteps(stack),
      ...notifySteps(stack),
      ...linkingSteps(stack),
      syncStep(stack),
    ],
  },
  'public-path': {
    label: 'APP_PUBLIC_PATH=/nocobase/',
    dataFolder: 'e2e-data-public-path',
    publicPath: '/nocobase/',
    steps: (stack) => publicPathSteps(stack),
  },
};

async function e2eSettings(run: StackRun): Promise<SandboxSettings> {
  const dataDir = path.join(SANDBOX_DIR, run.dataFolder);
  fs.rmSync(dataDir, { recursive: true, force: true }); // a fresh app each run
  return {
    appHost: '127.0.0.1',
    appPort: await freePort(),
    sandboxPort: await freePort(),
    publicPath: run.publicPath,
    dataDir,
    db: { DB_DIALECT: 'sqlite' },
    createAuthenticator: true,
  };
}

/** `E2E_STACKS=public-path` (comma-separated names of STACKS) runs only those; default: all, in order. */
function selectedStacks(): StackRun[] {
  const names = (process.env.E2E_STACKS || Object.keys(STACKS).join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !STACKS[name]);
  if (unknown.length)
    throw new Error(`E2E_STACKS: unknown ${unknown.join(', ')}; known: ${Object.keys(STACKS).join(', ')}`);
  return names.map((name) => STACKS[name]);
}

function copyReadmeShots() {
  const target = path.join(ROOT, 'docs', 'screenshots');
  fs.mkdirSync(target, { recursive: true });
  for (const [shot, name] of Object.entries(README_SHOTS)) {
    const from = path.join(SHOTS_DIR, `${shot}.png`);
    if (fs.existsSync(from)) {
      fs.copyFileSync(from, path.join(target, name));
      log(`updated docs/screenshots/${name}`);
    }
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  fs.rmSync(SHOTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const urls = new UrlLog();
  const result = { passed: 0, failed: 0 };
  let browser: Browser | undefined;
  try {
    // One after the other: two NocoBase servers and Chromium at once are too much for this machine.
    for (const run of selectedStacks()) {
      const stackStarted = Date.now();
      let stack: Stack | undefined;
      try {
        log(`--- ${run.label} ---`);
        stack = await startStack(await e2eSettings(run), log);
        log(`NocoBase at ${stack.appUrl}, WeCom sandbox at ${stack.sandboxUrl}`);
        browser ??= await launchChromium();
        const done = await runSteps(browser, run.steps(stack), {
          shotsDir: SHOTS_DIR,
          urls,
          firstNumber: result.passed + result.failed + 1,
          label: run.label,
        });
        result.passed += done.passed;
        result.failed += done.failed;
      } catch (error) {
        result.failed++;
        log(`could not run the browser steps on ${run.label}: ${error instanceof Error ? error.message : error}`);
      } finally {
        await stack?.stop();
        log(`${run.label}: ${Math.round((Date.now() - stackStarted) / 1000)} s with start and stop`);
      }
    }
  } catch (error) {
    result.failed++;
    log(`could not run the e2e test: ${error instanceof Error ? error.message : error}`);
  } finally {
    await browser?.close();
  }
  urls.write(URLS_FILE);
  const leaks = urlsWithToken(urls.all).length;
  log(
    `${urls.all.length} URLs visited by the browser pages, ${leaks} with token= (list: ${path.relative(process.cwd(), URLS_FILE)})`,
  );
  log(
    `screenshots: ${path.relative(process.cwd(), SHOTS_DIR)}/  (${Math.round((Date.now() - started) / 1000)} s in all)`,
  );
  if (process.env.UPDATE_SCREENSHOTS === '1' && result.failed === 0) copyReadmeShots();
  console.log(`${result.passed} passed, ${result.failed} failed`);
  return result.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
