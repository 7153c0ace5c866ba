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
  await page.getByPlaceholder('Username/Email').fill(account, { timeout: PAGE_LOAD_MS });
  await page.getByPlaceholder('Password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/admin/, { timeout: PAGE_LOAD_MS });
}

/** On the sandbox's "pick a member" page, picks the member whose name starts with `name`. */
export async function pickMember(page: Page, name: string) {
  await page.waitForURL(/\/(connect\/oauth2\/authorize|wwlogin\/sso\/login)/);
  const title = await page.title();
  if (!title.includes('pick a member')) {
    throw new Error(`expected the WeCom sandbox's member picker, got "${title}": ${(await page.innerText('body')).slice(0, 300)}`);
  }
  await page.getByRole('link', { name: new RegExp(`^${name}`) }).click();
}

/** Waits for the NocoBase admin UI to take the token off the landing URL, then asks the server who it is. */
export async function signedInUser(page: Page, appUrl: string): Promise<SignedInUser> {
  await page.waitForURL((url) => url.pathname.startsWith('/admin') && !url.searchParams.has('token'), { timeout: PAGE_LOAD_MS });
  const stored = await page.evaluate(() => ({
    token: localStorage.getItem('NOCOBASE_TOKEN'),
    authenticator: localStorage.getItem('NOCOBASE_AUTH'),
  }));
  if (!stored.token || !stored.authenticator) {
    throw new Error(`the page at ${page.url()} holds no NocoBase token: not signed in`);
  }
  const res = await fetch(`${appUrl}/api/auth:check`, {
    headers: { Authorization: `Bearer ${stored.token}`, 'X-Authenticator': stored.authenticator },
  });
  const user = (await res.json())?.data;
  if (!user?.id) throw new Error(`auth:check did not know the token (${res.status})`);
  return { id: user.id, nickname: user.nickname, phone: user.phone ?? undefined, authenticator: stored.authenticator };
}

/** The message the sign-in page shows above the WeCom button after a refused sign-in. */
export async function signInPageError(page: Page): Promise<string> {
  await page.waitForURL((url) => url.pathname.endsWith('/signin') && url.searchParams.has('error'), { timeout: PAGE_LOAD_MS });
  const alert = page.locator('.ant-alert-error');
  await alert.first().waitFor({ timeout: PAGE_LOAD_MS });
  return (await alert.first().innerText()).trim();
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
  await page.locator('.ant-notification-notice').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
}

export function expectEqual<T>(actual: T, expected: T, what: string) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
