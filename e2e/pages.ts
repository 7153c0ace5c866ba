/**
 * What the e2e steps do on NocoBase's pages and the WeCom sandbox's, and how they check who is signed in:
 * the token the NocoBase client keeps in localStorage, asked to `auth:check` on the server.
 */
import { Page } from 'playwright-core';

/** NocoBase's first page load is slow on two cores (large bundles): allow for it. */
export const PAGE_LOAD_MS = 90_000;

export interface SignedInUser {
  id: number;
  nickname: string;
  phone?: string;
  authenticator: string;
}

/** The password sign-in form of /signin. */
export async function signInWithPassword(page: Page, appUrl: string, account: string, password: string) {
  await page.goto(`${appUrl}/signin`);
  await submitPasswordForm(page, account, password);
}

/** Fills and submits the password form of the sign-in page the browser is on; waits for the admin page. */
export async function submitPasswordForm(page: Page, account: string, password: string) {
  await page.getByPlaceholder('Username/Email').fill(account, { timeout: PAGE_LOAD_MS });
  await page.getByPlaceholder('Password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/admin/, { timeout: PAGE_LOAD_MS });
}

/** "Sign in with WeCom" on the v1 sign-in page (QR flow in a desktop browser), then picks `member` in the sandbox. */
export async function qrSignIn(page: Page, appUrl: string, member: string) {
  await page.goto(`${appUrl}/signin`);
  await page.getByRole('button', { name: 'Sign in with WeCom', exact: true }).click({ timeout: PAGE_LOAD_MS });
  await page.waitForURL(/\/wwlogin\/sso\/login/, { timeout: PAGE_LOAD_MS });
  await pickMember(page, member);
}

/** Opens the user center (the profile menu of the admin page, v1 and v2 shells). */
export async function openUserCenter(page: Page) {
  await page.getByTestId('user-center-button').hover({ timeout: PAGE_LOAD_MS });
  await page.locator('.ant-dropdown:visible').first().waitFor();
}

/** User center → "Sign out"; waits for the sign-in page. */
export async function signOut(page: Page) {
  await openUserCenter(page);
  await page.locator('.ant-dropdown:visible').getByText('Sign out', { exact: true }).click();
  await page.waitForURL(/\/signin/, { timeout: PAGE_LOAD_MS });
}

/** On the sandbox's "pick a member" page, picks the member whose name starts with `name`. */
export async function pickMember(page: Page, name: string) {
  await page.waitForURL(/\/(connect\/oauth2\/authorize|wwlogin\/sso\/login)/);
  const title = await page.title();
  if (!title.includes('pick a member')) {
    throw new Error(
      `expected the WeCom sandbox's member picker, got "${title}": ${(await page.innerText('body')).slice(0, 300)}`,
    );
  }
  await page.getByRole('link', { name: new RegExp(`^${name}`) }).click();
}

/** The session NocoBase's client keeps: `NOCOBASE_TOKEN` / `NOCOBASE_AUTH`, or the app-prefixed `NOCOBASE_<APP>_...`. */
export interface StoredSession {
  token: string | null;
  authenticator: string | null;
  /** The localStorage key the token was found under. */
  key: string | null;
}

export async function storedSession(page: Page): Promise<StoredSession> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) || '';
      const match = /^(NOCOBASE_(?:[A-Z0-9_]+_)?)TOKEN$/.exec(key);
      const token = match ? localStorage.getItem(key) : null;
      if (match && token) return { token, authenticator: localStorage.getItem(`${match[1]}AUTH`), key };
    }
    return { token: null, authenticator: null, key: null };
  });
}

/**
 * After a WeCom sign-in: waits for the browser to land on this app's `<shell>/admin` page and for the plugin's
 * client to redeem the hand-off (the landing URL loses `handoff` and `authenticator`, the token appears where
 * NocoBase keeps it), then asks the server who the stored token belongs to (`<appUrl>/api/auth:check`).
 * `shell` is '' for the v1 UI, '/v' for the v2 one. Landing anywhere else says where and what the page shows.
 */
export async function signedInUser(page: Page, appUrl: string, shell: '' | '/v' = ''): Promise<SignedInUser> {
  const app = new URL(appUrl);
  const base = app.pathname.replace(/\/+$/, '');
  const landing = `${base}${shell}/admin`;
  // The callback (`<api>/wecom:redirect`) is a 302: the first page of this app the browser shows is the landing
  // page (or, when the hand-off fails, the sign-in page the plugin's client moves to).
  await page.waitForURL(
    (url) => url.origin === app.origin && !url.pathname.startsWith(`${base}/api/`) && !url.searchParams.has('handoff'),
    { timeout: PAGE_LOAD_MS },
  );
  let url = new URL(page.url());
  if (url.pathname.endsWith('/signin')) {
    throw new Error(
      `the sign-in ended on the sign-in page, not on ${landing}: ${page.url()} — ${await signInPageText(page)}`,
    );
  }
  if (url.pathname !== landing && !url.pathname.startsWith(`${landing}/`)) {
    throw new Error(`landed on ${page.url()}, expected a page under ${landing}`);
  }
  try {
    await page.waitForFunction(
      () =>
        Object.keys(localStorage).some(
          (key) => /^NOCOBASE_(?:[A-Z0-9_]+_)?TOKEN$/.test(key) && !!localStorage.getItem(key),
        ),
      undefined,
      { timeout: 30_000 },
    );
  } catch {
    throw new Error(
      `the page at ${page.url()} holds no NocoBase token 30 s after the hand-off (keys: ${JSON.stringify(
        await page.evaluate(() => Object.keys(localStorage)),
      )}): not signed in — ${await signInPageText(page)}`,
    );
  }
  url = new URL(page.url());
  for (const param of ['handoff', 'authenticator', 'token']) {
    if (url.searchParams.has(param)) throw new Error(`the address bar still holds "${param}": ${page.url()}`);
  }
  const stored = await storedSession(page);
  if (!stored.token || !stored.authenticator) {
    throw new Error(
      `the page at ${page.url()} holds no NocoBase token and authenticator (${stored.key}): not signed in`,
    );
  }
  const res = await fetch(`${appUrl}/api/auth:check`, {
    headers: { Authorization: `Bearer ${stored.token}`, 'X-Authenticator': stored.authenticator },
  });
  const user = (await res.json().catch(() => undefined))?.data;
  if (!user?.id)
    throw new Error(`${appUrl}/api/auth:check did not know the token stored under ${stored.key} (${res.status})`);
  return { id: user.id, nickname: user.nickname, phone: user.phone ?? undefined, authenticator: stored.authenticator };
}

/** What a page shows, for failure messages: its error alerts, else the start of its text. */
async function signInPageText(page: Page): Promise<string> {
  await page
    .locator('.ant-alert-error')
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  const alerts = await page
    .locator('.ant-alert-error')
    .allInnerTexts()
    .catch(() => [] as string[]);
  if (alerts.length) return `alert: "${alerts.join(' | ').trim()}"`;
  const text = await page.innerText('body').catch(() => '');
  return `page text: "${text.replace(/\s+/g, ' ').trim().slice(0, 300)}"`;
}

/** The message the sign-in page shows above the WeCom button after a refused sign-in. */
export async function signInPageError(page: Page): Promise<string> {
  await waitForRefusal(page);
  const alert = page.locator('.ant-alert-error');
  await alert.first().waitFor({ timeout: PAGE_LOAD_MS });
  return (await alert.first().innerText()).trim();
}

/** Waits for the sign-in page a refused WeCom sign-in lands on (`…/signin?…&error=<message id>`). */
export async function waitForRefusal(page: Page): Promise<URL> {
  await page.waitForURL((url) => url.pathname.endsWith('/signin') && url.searchParams.has('error'), {
    timeout: PAGE_LOAD_MS,
  });
  return new URL(page.url());
}

/** The first alert (error, warning or info) the sign-in page shows, with its kind. */
export async function signInPageAlert(page: Page): Promise<{ kind: string; text: string }> {
  const alert = page.locator('.ant-alert').first();
  await alert.waitFor({ timeout: PAGE_LOAD_MS });
  const classes = (await alert.getAttribute('class')) || '';
  const kind = /ant-alert-(error|warning|info|success)/.exec(classes)?.[1] ?? 'unknown';
  return { kind, text: (await alert.innerText()).trim() };
}

/**
 * Closes NocoBase's own toasts before a picture: a signed-out page always gets "Unauthenticated. Please
 * sign in to continue." from its first `auth:check` (NocoBase core, with or without this plugin).
 */
export async function dismissNotifications(page: Page) {
  await page.waitForTimeout(1500);
  for (const close of await page.locator('.ant-notification-notice-close').all()) {
    await close.click().catch(() => undefined);
  }
  await page
    .locator('.ant-notification-notice')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined);
}

export function expectEqual<T>(actual: T, expected: T, what: string) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
