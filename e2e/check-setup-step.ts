/**
 * "Check setup" against the sandbox's WeCom app: the admin opens the `wecom` authenticator `npm start` creates
 * (Configure, the plugin's v1 form), clicks "Check setup" and sees every line ✓ (the sandbox app is set up for
 * this NocoBase). Then the trusted domain is broken in the sandbox's WeCom console page (a real sign-in is
 * then refused by the sandbox with 50001, as WeCom does), "Check setup" shows the trusted-domain line ✗ with
 * its fix, and once restored in the console, all ✓ again. The check runs at most once per authenticator per
 * 3 s (wecom:checkSetup answers 429 sooner), so the runs are spaced.
 */
import { Locator, Page } from 'playwright-core';
import { AUTHENTICATOR } from '../sandbox/seed';
import { Stack } from '../sandbox/stack';
import { BROKEN_TRUSTED_DOMAIN } from '../sandbox/wecom-console';
import { dismissNotifications, expectEqual, PAGE_LOAD_MS, signInWithPassword } from './pages';
import { Step } from './step-runner';

/** The check's rate limit is 3 s per authenticator; a little more, for the clocks of two processes. */
const CHECK_SPACING_MS = 3500;
/** The lines of a form that could be read, in order (src/client-common/setup-check/CheckSetup.tsx labels). */
const LABELS = [
  'Corp ID and Secret',
  'Trusted IP',
  'AgentId, app enabled',
  'Trusted domain',
  'Application homepage',
  'Visible range',
];

interface ShownLine {
  label: string;
  status: string;
  text: string;
}

export function checkSetupStep(stack: Stack): Step {
  const { appUrl, consoleUrl, credentials, workbenchUrl } = stack;
  return {
    name: 'The admin runs "Check setup" on the sandbox authenticator: all ✓; with the trusted domain broken in the sandbox\'s WeCom console, that line is ✗ with its fix',
    async run({ open, shot }) {
      if (!consoleUrl) throw new Error('the e2e test needs the WeCom sandbox and its console');
      const siteHost = new URL(appUrl).host;
      try {
        const desktop = await open();
        const { page } = desktop;
        await signInWithPassword(page, appUrl, credentials.admin.username, credentials.admin.password);
        await page.goto(`${appUrl}/admin/settings/auth/authenticators`);
        const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: AUTHENTICATOR, exact: true }) });
        await row.getByText('Configure', { exact: true }).click({ timeout: PAGE_LOAD_MS });
        const checkSetup = page.locator('.ant-drawer-content').getByTestId('wecom-check-setup');
        await checkSetup.getByRole('button', { name: 'Check setup' }).waitFor();

        // 1. As set up: every line ✓.
        let lastRun = 0;
        const run = async (done: (lines: ShownLine[]) => boolean, what: string) => {
          await page.waitForTimeout(Math.max(0, lastRun + CHECK_SPACING_MS - Date.now()));
          lastRun = Date.now();
          return runCheck(page, checkSetup, done, what);
        };
        const first = await run((lines) => lines.length > 0, 'the first run');
        expectLines(first, {}, 'as set up');
        await dismissNotifications(page);
        await checkSetup.scrollIntoViewIfNeeded();
        await shot(desktop, '02a-check-setup-all-ok');

        // 2. The trusted domain broken in the sandbox's WeCom console.
        const wecomConsole = await open();
        await wecomConsole.page.goto(consoleUrl);
        const domainRow = wecomConsole.page.locator('tr[data-setting="trustedDomain"]');
        await domainRow.getByRole('button', { name: /^Break/ }).click();
        await wecomConsole.page.locator('tr[data-setting="trustedDomain"][data-state="broken"]').waitFor();
        expectEqual(
          (await domainRow.locator('code').innerText()).trim(),
          BROKEN_TRUSTED_DOMAIN,
          'trusted domain the console shows',
        );
        await shot(wecomConsole, '02b-wecom-console-trusted-domain-broken');
        await expectSignInRefused(workbenchUrl);

        const trustedDomainFails = (lines: ShownLine[]) =>
          lines.some((l) => l.label === 'Trusted domain' && l.status === 'fail');
        const broken = await run(trustedDomainFails, 'the run with the trusted domain broken');
        const fix =
          `The trusted domain of the WeCom app is "${BROKEN_TRUSTED_DOMAIN}", but this site is "${siteHost}". ` +
          `In App Management → this app → "Web authorization and JS-SDK", set it to ${siteHost} (no scheme, no :443).`;
        expectLines(broken, { 'Trusted domain': fix }, 'with the trusted domain broken');
        await checkSetup.scrollIntoViewIfNeeded();
        await shot(desktop, '02c-check-setup-trusted-domain-broken');

        // 3. Restored in the console: all ✓ again.
        await wecomConsole.page.getByRole('button', { name: 'Restore all' }).click();
        await wecomConsole.page.locator('tr[data-setting="trustedDomain"][data-state="ok"]').waitFor();
        const restored = await run((lines) => !trustedDomainFails(lines), 'the run after the restore');
        expectLines(restored, {}, 'after the restore');
      } finally {
        // Whatever happened above, the next steps sign in through a well set-up sandbox.
        const res = await fetch(`${consoleUrl}?restore=all`, { method: 'POST', redirect: 'manual' });
        if (res.status !== 303) throw new Error(`restoring the sandbox's WeCom console answered ${res.status}`);
      }
    },
  };
}

/** Clicks "Check setup", waits for wecom:checkSetup's answer (200) and for the list to show it. */
async function runCheck(
  page: Page,
  scope: Locator,
  done: (lines: ShownLine[]) => boolean,
  what: string,
): Promise<ShownLine[]> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('wecom:checkSetup') && r.request().method() === 'POST', {
      timeout: 30_000,
    }),
    scope.getByRole('button', { name: 'Check setup' }).click(),
  ]);
  if (response.status() !== 200) {
    throw new Error(
      `wecom:checkSetup answered ${response.status()} on ${what}: ${(await response.text().catch(() => '')).slice(0, 300)}`,
    );
  }
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = await shownLines(scope);
    if (done(lines)) return lines;
    if (Date.now() > deadline) {
      const alert = await scope.locator('.ant-alert').allInnerTexts();
      throw new Error(
        `"Check setup" shows no expected result on ${what}: ${JSON.stringify(lines)} ${alert.join(' | ')}`,
      );
    }
    await page.waitForTimeout(200);
  }
}

async function shownLines(scope: Locator): Promise<ShownLine[]> {
  return scope.locator('ul[aria-label="Setup check results"] > li').evaluateAll((items) =>
    items.map((li) => {
      const [head, ...rest] = (li as HTMLElement).innerText
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
      return {
        label: (head ?? '').replace(/^[✓✗–]\s*/, ''),
        status: li.getAttribute('data-status') ?? '',
        text: rest.join(' '),
      };
    }),
  );
}

/** Every line of LABELS, in order; those named in `failing` ✗ with exactly that text, the others ✓. */
function expectLines(lines: ShownLine[], failing: Record<string, string>, when: string) {
  const shown = lines.map(
    (l) => `${l.status === 'ok' ? '✓' : l.status === 'fail' ? '✗' : '–'} ${l.label}${l.text ? `: ${l.text}` : ''}`,
  );
  expectEqual(lines.map((l) => l.label).join(' | '), LABELS.join(' | '), `lines of "Check setup" ${when}`);
  for (const line of lines) {
    const fix = failing[line.label];
    if (fix === undefined ? line.status !== 'ok' : line.status !== 'fail' || line.text !== fix) {
      throw new Error(
        `"Check setup" ${when}: expected ${fix === undefined ? `✓ ${line.label}` : `✗ ${line.label}: ${fix}`}; shown: ${shown.join(' / ')}`,
      );
    }
  }
}

/**
 * While the trusted domain is broken, the sandbox refuses NocoBase's redirect_uri as WeCom does: the workbench
 * link leads to its error page with errcode 50001 (checked over HTTP, no browser page needed).
 */
async function expectSignInRefused(workbenchUrl: string) {
  const start = await fetch(workbenchUrl, { redirect: 'manual' });
  const location = start.headers.get('location');
  if (start.status !== 302 || !location)
    throw new Error(`${workbenchUrl} answered ${start.status}, not a redirect to WeCom`);
  const page = await (await fetch(location, { redirect: 'manual' })).text();
  if (!page.includes('<code id="errcode">50001</code>')) {
    throw new Error(
      `with the trusted domain broken, the sandbox's sign-in page did not refuse with 50001: ${page.slice(0, 300)}`,
    );
  }
}
