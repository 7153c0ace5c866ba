/**
 * Linking accounts (README, "Linking accounts") on the `wecom` authenticator, with Wang Fang: a sandbox member
 * no NocoBase user has the mobile of (auto-signup is off), and a NocoBase user made for her with a password:
 * 1. her QR sign-in finds no user: the sign-in page asks her to sign in with her NocoBase account to link WeCom
 *    (naming her); she signs in with the password there, and a confirmation names her WeCom account and her
 *    NocoBase account: nothing is linked until she clicks "Link to my account"; signed out, her next QR sign-in
 *    lands directly in /admin as that user;
 * 2. in the user center (v1), "WeCom account" shows the link, when and how it was made; "Unlink" (confirmed)
 *    removes it; signed out, her next QR sign-in asks again;
 * 3. she walks away from that sign-in page; someone else (root) opens the sign-in page afresh and signs in with
 *    the password: no confirmation, nothing linked, and her next QR sign-in still asks;
 * 4. signed in with her password, "Link" in the user center runs WeCom in link mode and comes back linked.
 */
import { Page } from 'playwright-core';
import { NocoBaseApi } from '../sandbox/nocobase-api';
import { AUTHENTICATOR } from '../sandbox/seed';
import { Stack } from '../sandbox/stack';
import {
  dismissNotifications,
  expectEqual,
  openUserCenter,
  PAGE_LOAD_MS,
  pickMember,
  qrSignIn,
  signedInUser,
  signInPageAlert,
  signInWithPassword,
  signOut,
  submitPasswordForm,
  waitForRefusal,
} from './pages';
import { Step } from './step-runner';
import { WANG_FANG, pickerName } from './people';

/** The NocoBase account she links WeCom to (no phone: nothing could match her automatically). */
const ACCOUNT = { username: 'wangfang', nickname: 'Wang Fang (NocoBase)', password: 'Link-me-2026' };

/** After a QR sign-in of an unlinked member: the sign-in page with the link prompt naming her. */
async function expectLinkPrompt(page: Page) {
  const refused = await waitForRefusal(page);
  expectEqual(refused.searchParams.get('link'), 'pending', `"link" of ${refused}`);
  expectEqual(refused.searchParams.get('authenticator'), AUTHENTICATOR, `"authenticator" of ${refused}`);
  const alert = await signInPageAlert(page);
  const expected = `Sign in with your NocoBase account to link WeCom (${WANG_FANG.name}).`;
  const shown = (await page.locator('.ant-alert').first().locator('.ant-alert-message').innerText()).trim();
  if (shown !== expected) {
    throw new Error(`after ${refused}, the sign-in page shows ${alert.kind} "${alert.text}", expected "${expected}"`);
  }
  await page.locator('.ant-alert').first().getByRole('button', { name: 'Cancel' }).waitFor();
}

/** The user center's "WeCom account" dialog (v1). */
async function openWecomAccount(page: Page) {
  await openUserCenter(page);
  await page.locator('.ant-dropdown:visible').getByText('WeCom account', { exact: true }).click();
  const dialog = page.locator('.ant-modal-content').filter({ hasText: 'WeCom account' });
  await dialog.waitFor();
  return dialog;
}

export function linkingSteps(stack: Stack): Step[] {
  const { appUrl, credentials } = stack;
  let userId: number | undefined;

  return [
    {
      name: 'A member NocoBase does not know scans the QR code, is asked to link, signs in with a password, confirms on a dialog naming both accounts: linked; her next QR sign-in lands in /admin',
      async run({ open, shot }) {
        const admin = await NocoBaseApi.signIn(appUrl, credentials.admin.email, credentials.admin.password);
        const [existing] = await admin.call('users:list', { query: { filter: { username: ACCOUNT.username } } });
        const user = existing ?? (await admin.call('users:create', { values: { ...ACCOUNT, roles: ['member'] } }));
        userId = user.id;

        const desktop = await open();
        const { page } = desktop;
        await qrSignIn(page, appUrl, pickerName(WANG_FANG));
        await expectLinkPrompt(page);
        await dismissNotifications(page);
        await shot(desktop, '13-link-prompt');

        await submitPasswordForm(page, ACCOUNT.username, ACCOUNT.password);
        const dialog = page.getByTestId('wecom-link-confirmation');
        await dialog.waitFor({ timeout: PAGE_LOAD_MS });
        await dialog.getByText(`${WANG_FANG.name} (${WANG_FANG.userid})`, { exact: true }).waitFor();
        await dialog.getByText(`${ACCOUNT.nickname} (${ACCOUNT.username})`, { exact: true }).waitFor();
        const mine = await NocoBaseApi.signIn(appUrl, ACCOUNT.username, ACCOUNT.password);
        const before = await mine.call('wecom:myLink', { query: { authenticator: AUTHENTICATOR } });
        expectEqual(before?.linked, false, 'wecom:myLink after the password sign-in, before the confirmation');
        await dismissNotifications(page);
        await shot(desktop, '14-link-confirmation');

        await dialog.getByRole('button', { name: 'Link to my account' }).click();
        await page
          .locator('.ant-notification-notice')
          .getByText(`WeCom (${WANG_FANG.name}) is now linked to your account.`, { exact: true })
          .waitFor({ timeout: PAGE_LOAD_MS });
        await shot(desktop, '14a-linked-confirmation');
        const link = await mine.call('wecom:myLink', { query: { authenticator: AUTHENTICATOR } });
        expectEqual(link?.linked, true, 'wecom:myLink of the user after the confirmation');
        expectEqual(link?.linkedBy, 'confirmed', 'how the link was made');

        await dismissNotifications(page);
        await signOut(page);
        await qrSignIn(page, appUrl, pickerName(WANG_FANG));
        const signedIn = await signedInUser(page, appUrl);
        expectEqual(signedIn.id, userId, 'user of the QR sign-in after the link');
        expectEqual(signedIn.authenticator, AUTHENTICATOR, 'authenticator of the session');
      },
    },
    {
      name: 'She unlinks WeCom in the user center (after a confirmation); her next QR sign-in asks to link again',
      async run({ open, shot }) {
        const desktop = await open();
        const { page } = desktop;
        await qrSignIn(page, appUrl, pickerName(WANG_FANG));
        expectEqual((await signedInUser(page, appUrl)).id, userId, 'user of the QR sign-in');
        await dismissNotifications(page);

        const dialog = await openWecomAccount(page);
        await dialog.getByText(`Linked to WeCom (${WANG_FANG.name})`, { exact: true }).waitFor();
        await dialog.getByText('(Confirmed by the user after signing in)', { exact: false }).waitFor();
        await shot(desktop, '15-user-center-linked');
        await dialog.getByRole('button', { name: 'Unlink' }).click();
        const confirm = page.locator('.ant-popconfirm:visible');
        await confirm.getByText('Unlink WeCom from your account?').waitFor();
        await confirm.getByRole('button', { name: 'Unlink' }).click();
        await dialog.getByText(`WeCom (${WANG_FANG.name}) is no longer linked to your account.`).waitFor();
        // Both panels (`npm start`'s authenticator and the admin's) now say so.
        await dialog.getByText('Not linked to WeCom', { exact: true }).nth(1).waitFor();
        await dialog.getByText(`Linked to WeCom (${WANG_FANG.name})`, { exact: true }).waitFor({ state: 'detached' });
        await shot(desktop, '16-user-center-unlinked');
        await dialog.locator('.ant-modal-close').click();

        await signOut(page);
        await qrSignIn(page, appUrl, pickerName(WANG_FANG));
        await expectLinkPrompt(page);
      },
    },
    {
      name: 'She walks away from the link prompt; root opens the sign-in page afresh and signs in: no confirmation, nothing linked',
      async run({ open, shot }) {
        const desktop = await open();
        const { page } = desktop;
        await qrSignIn(page, appUrl, pickerName(WANG_FANG));
        await expectLinkPrompt(page);
        // The next person in that browser: a fresh sign-in page (no prompt on it), root's password.
        const signInAnswer = page.waitForResponse(
          (res) => res.url().includes('/auth:signIn') && res.request().method() === 'POST',
          { timeout: PAGE_LOAD_MS },
        );
        await signInWithPassword(page, appUrl, credentials.admin.email, credentials.admin.password);
        const answer = await signInAnswer;
        expectEqual(answer.status(), 200, 'status of the password sign-in');
        expectEqual(answer.headers()['x-wecom-link'], undefined, 'the link outcome of a sign-in without the prompt');
        await dismissNotifications(page);
        const confirmations = await page.getByTestId('wecom-link-confirmation').count();
        expectEqual(confirmations, 0, 'confirmations shown after a sign-in without the prompt');
        await shot(desktop, '16b-no-link-for-someone-else');
        const root = await NocoBaseApi.signIn(appUrl, credentials.admin.email, credentials.admin.password);
        const link = await root.call('wecom:myLink', { query: { authenticator: AUTHENTICATOR } });
        expectEqual(link?.linked, false, "root's wecom:myLink after signing in where her QR scan left a link");

        await signOut(page);
        await qrSignIn(page, appUrl, pickerName(WANG_FANG));
        await expectLinkPrompt(page);
      },
    },
    {
      name: 'Signed in with her password, she links WeCom again from the user center ("Link": WeCom in link mode, back to the page, confirmed)',
      async run({ open, shot }) {
        const desktop = await open();
        const { page } = desktop;
        await signInWithPassword(page, appUrl, ACCOUNT.username, ACCOUNT.password);
        await dismissNotifications(page);
        const dialog = await openWecomAccount(page);
        // The first panel is `npm start`'s authenticator (the admin's form added the second).
        await dialog.getByText('Not linked to WeCom', { exact: true }).first().waitFor();
        await dialog.getByRole('button', { name: 'Link' }).first().click();
        await page.waitForURL(/\/wwlogin\/sso\/login/, { timeout: PAGE_LOAD_MS });
        await pickMember(page, pickerName(WANG_FANG));
        await page.waitForURL((url) => url.pathname.startsWith('/admin') && !url.searchParams.has('link'), {
          timeout: PAGE_LOAD_MS,
        });
        await page
          .locator('.ant-notification-notice')
          .getByText('WeCom is now linked to your account.', { exact: true })
          .waitFor({ timeout: PAGE_LOAD_MS });
        await shot(desktop, '16c-linked-from-user-center');
        const mine = await NocoBaseApi.signIn(appUrl, ACCOUNT.username, ACCOUNT.password);
        const link = await mine.call('wecom:myLink', { query: { authenticator: AUTHENTICATOR } });
        expectEqual(link?.linked, true, 'wecom:myLink after "Link" in the user center');
        expectEqual(link?.userid, WANG_FANG.userid, 'WeCom userid of the link');
      },
    },
  ];
}
