/**
 * Debian's Chromium, headless, driven by playwright-core (no browser download). Each e2e step gets its
 * own context (cookies, storage, User-Agent); console errors and failed requests of its pages are kept,
 * so a failing step can say what the page complained about. Every URL the context's pages visit (main-frame
 * navigations, every request including each hop of a redirect, WebSockets) is recorded: no session token may
 * ever travel in one (see urls.ts).
 */
import fs from 'fs';
import path from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The WeCom in-app browser on a phone (its User-Agent carries `wxwork`). */
export const WXWORK_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Mobile/15E148 wxwork/4.1.20 MicroMessenger/7.0.1 Language/en';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the network switches Chromium keeps calling Google's hosts, which this machine refuses.
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
}

export interface VisitedUrl {
  /** How the page came to it: `main frame`, `navigation request`, `request (xhr)`, `websocket`... */
  kind: string;
  url: string;
}

export interface StepPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
  /** Every URL its pages visited or requested, in order. */
  visited: VisitedUrl[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, shotsDir: string, userAgent?: string): Promise<StepPage> {
  const context = await browser.newContext({
    userAgent,
    viewport: userAgent?.includes('iPhone') ? { width: 420, height: 860 } : { width: 1280, height: 800 },
    locale: 'en-US',
  });
  const visited: VisitedUrl[] = [];
  // On the context, so popups and every frame count too; redirects fire one `request` per hop.
  context.on('request', (request) => {
    visited.push({
      kind: request.isNavigationRequest() ? 'navigation request' : `request (${request.resourceType()})`,
      url: request.url(),
    });
  });
  const watched = new WeakSet<Page>();
  const watch = (p: Page) => {
    if (watched.has(p)) return;
    watched.add(p);
    p.on('framenavigated', (frame) => {
      if (frame === p.mainFrame()) visited.push({ kind: 'main frame', url: frame.url() });
    });
    p.on('websocket', (socket) => visited.push({ kind: 'websocket', url: socket.url() }));
  };
  context.on('page', watch);
  const page = await context.newPage();
  watch(page);
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  return {
    context,
    page,
    problems,
    visited,
    async screenshot(name) {
      const file = path.join(shotsDir, `${name}.png`);
      await page.waitForLoadState('load', { timeout: 10_000 }).catch(() => undefined);
      await page.screenshot({ path: file });
      return file;
    },
    close: () => context.close(),
  };
}
