/**
 * Runs the e2e steps in order, each with its own browser pages. A failing step leaves a screenshot of every
 * page it had open and prints what those pages complained about (console errors, failed requests); the
 * next steps still run. Every URL the step's pages visited goes to the run's UrlLog, and a step whose pages
 * visited a URL with `token=` fails, naming it (urls.ts). The caller prints the closing `N passed, N failed`.
 */
import { Browser } from 'playwright-core';
import { openPage, StepPage } from './browser';
import { UrlLog, urlsWithToken } from './urls';

export interface StepTools {
  /** A new browser context and page; `userAgent` makes it, e.g., the WeCom in-app browser. */
  open(userAgent?: string): Promise<StepPage>;
  /** Saves a screenshot of `page` as `<name>.png` in the screenshots folder. */
  shot(page: StepPage, name: string): Promise<void>;
}

export interface Step {
  name: string;
  run(tools: StepTools): Promise<void>;
}

export interface RunOptions {
  shotsDir: string;
  /** Where every visited URL goes. */
  urls: UrlLog;
  /** Number of the first step (steps are numbered across stacks). */
  firstNumber: number;
  /** Which stack the steps run on, for the log: e.g. `APP_PUBLIC_PATH=/nocobase/`. */
  label: string;
}

export async function runSteps(
  browser: Browser,
  steps: Step[],
  options: RunOptions,
): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  for (const [index, step] of steps.entries()) {
    const number = options.firstNumber + index;
    const pages: StepPage[] = [];
    const tools: StepTools = {
      async open(userAgent) {
        const page = await openPage(browser, options.shotsDir, userAgent);
        pages.push(page);
        return page;
      },
      async shot(page, name) {
        await page.screenshot(name);
      },
    };
    const started = Date.now();
    console.log(`[e2e] ${number}. ${step.name}`);
    let failure: unknown;
    try {
      await step.run(tools);
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) await reportPages(pages, `step${number}-failure`);
    await Promise.all(pages.map((page) => page.close().catch(() => undefined)));

    // After the pages closed: nothing the step's pages did is left out.
    const visited = pages.flatMap((page) => page.visited);
    options.urls.add(`${number}. ${options.label}`, visited);
    const leaks = urlsWithToken(visited);
    if (leaks.length) {
      const list = leaks
        .slice(0, 5)
        .map((u) => `${u.kind} ${u.url}`)
        .join('; ');
      const leak = new Error(`${leaks.length} URL(s) of this step carry "token=" (a token in a URL): ${list}`);
      failure = failure === undefined ? leak : new Error(`${message(failure)}; and ${leak.message}`);
    }

    if (failure === undefined) {
      passed++;
      console.log(`[e2e]    ok (${seconds(started)}, ${visited.length} URLs visited, none with token=)`);
    } else {
      failed++;
      console.log(`[e2e]    FAILED (${seconds(started)}): ${message(failure)}`);
    }
  }
  return { passed, failed };
}

async function reportPages(pages: StepPage[], prefix: string) {
  for (const [i, page] of pages.entries()) {
    const file = await page.screenshot(`${prefix}-${i + 1}`).catch(() => undefined);
    console.log(`[e2e]    page ${i + 1}: ${page.page.url()}${file ? `  screenshot: ${file}` : ''}`);
    for (const problem of page.problems.slice(-15)) console.log(`[e2e]      ${problem}`);
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
