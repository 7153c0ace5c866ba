/**
 * Runs the e2e steps in order, each with its own browser pages. A failing step leaves a screenshot of every
 * page it had open and prints what those pages complained about (console errors, failed requests); the
 * next steps still run. The closing line is `N passed, N failed`.
 */
import { Browser } from 'playwright-core';
import { openPage, StepPage } from './browser';

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

export async function runSteps(browser: Browser, shotsDir: string, steps: Step[]): Promise<{ passed: number; failed: number }> {
  let passed = 0;
  let failed = 0;
  for (const [index, step] of steps.entries()) {
    const pages: StepPage[] = [];
    const tools: StepTools = {
      async open(userAgent) {
        const page = await openPage(browser, shotsDir, userAgent);
        pages.push(page);
        return page;
      },
      async shot(page, name) {
        await page.screenshot(name);
      },
    };
    const started = Date.now();
    console.log(`[e2e] ${index + 1}. ${step.name}`);
    try {
      await step.run(tools);
      passed++;
      console.log(`[e2e]    ok (${seconds(started)})`);
    } catch (error) {
      failed++;
      console.log(`[e2e]    FAILED (${seconds(started)}): ${error instanceof Error ? error.message : error}`);
      await reportPages(pages, `step${index + 1}-failure`);
    } finally {
      await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
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

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
