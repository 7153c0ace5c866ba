/**
 * `npm run test:e2e`: starts what `npm start` starts (NocoBase with the current plugin, the WeCom sandbox)
 * on free ports with a fresh data folder, runs the browser steps in Debian's headless Chromium, stops
 * everything, and ends with `N passed, N failed`. Screenshots go to .sandbox/screenshots/; with
 * UPDATE_SCREENSHOTS=1 the README's three are copied to docs/screenshots/.
 */
import fs from 'fs';
import net from 'net';
import path from 'path';
import { SandboxSettings, ROOT, SANDBOX_DIR } from '../sandbox/settings';
import { Stack, startStack } from '../sandbox/stack';
import { adminAddsAuthenticator } from './admin-step';
import { launchChromium } from './browser';
import { memberSteps } from './member-steps';
import { runSteps } from './step-runner';

const SHOTS_DIR = path.join(SANDBOX_DIR, 'screenshots');
/** Screenshot of a step → the README's picture. */
const README_SHOTS: Record<string, string> = {
  '01-sign-in-page': 'sign-in-page.png',
  '02-admin-form': 'admin-form.png',
  '06-signed-in': 'signed-in.png',
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

async function e2eSettings(): Promise<SandboxSettings> {
  const dataDir = path.join(SANDBOX_DIR, 'e2e-data');
  fs.rmSync(dataDir, { recursive: true, force: true }); // a fresh app each run
  return {
    appHost: '127.0.0.1',
    appPort: await freePort(),
    sandboxPort: await freePort(),
    dataDir,
    db: { DB_DIALECT: 'sqlite' },
    createAuthenticator: true,
  };
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
  let stack: Stack | undefined;
  let result = { passed: 0, failed: 1 };
  try {
    stack = await startStack(await e2eSettings(), log);
    log(`NocoBase at ${stack.appUrl}, WeCom sandbox at ${stack.sandboxUrl}`);
    const browser = await launchChromium();
    try {
      result = await runSteps(browser, SHOTS_DIR, [adminAddsAuthenticator(stack), ...memberSteps(stack)]);
    } finally {
      await browser.close();
    }
  } catch (error) {
    log(`could not run the browser steps: ${error instanceof Error ? error.message : error}`);
  } finally {
    await stack?.stop();
  }
  log(`screenshots: ${path.relative(process.cwd(), SHOTS_DIR)}/  (${Math.round((Date.now() - started) / 1000)} s in all)`);
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
