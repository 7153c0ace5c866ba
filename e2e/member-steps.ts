/**
 * The steps after the admin's (admin-step.ts, check-setup-step.ts), on the authenticator `npm start` creates (`wecom`, pointed at the sandbox):
 * 1. a member opens the workbench link in the WeCom browser, picks herself in the sandbox and lands in
 *    /admin as the user whose phone matched (the landing URL carries a hand-off code, which the plugin's client
 *    redeems and removes; never a token);
 * 2. the same member uses "Sign in with WeCom" on the sign-in page of a desktop browser (QR flow, no
 *    mobile) and is the same user;
 * 3. a member the sandbox marks disabled is sent back to the sign-in page with a clear message.
 */
import { AUTHENTICATOR } from '../sandbox/seed';
import { Stack } from '../sandbox/stack';
import { WXWORK_UA } from './browser';
import {
  dismissNotifications,
  expectEqual,
  PAGE_LOAD_MS,
  pickMember,
  signedInUser,
  signInPageError,
  storedSession,
} from './pages';
import { Step } from './step-runner';
import { expectHandoffLanding } from './urls';
import { DISABLED, ZHANG_WEI, ZHANG_WEI_USER, pickerName } from './people';

export function memberSteps(stack: Stack): Step[] {
  const { appUrl, workbenchUrl } = stack;
  let userId: number | undefined;

  return [
    {
      name: 'A member opens the workbench link in the WeCom browser, picks herself, lands in /admin as the matched user',
      async run({ open, shot }) {
        const phone = await open(WXWORK_UA);
        await phone.page.goto(workbenchUrl);
        await shot(phone, '03-sandbox-picker');
        await pickMember(phone.page, pickerName(ZHANG_WEI));
        const user = await signedInUser(phone.page, appUrl);
        expectHandoffLanding(phone.visited, '/admin', AUTHENTICATOR);
        expectEqual(user.authenticator, AUTHENTICATOR, 'authenticator of the session');
        expectEqual(user.nickname, ZHANG_WEI_USER.nickname, 'signed-in user');
        expectEqual(user.phone, ZHANG_WEI.mobile, 'phone of the signed-in user');
        userId = user.id;
        await phone.page.waitForTimeout(1000); // let the landing page settle for the picture
        await shot(phone, '04-workbench-landing');
      },
    },
    {
      name: 'The same member signs in with the button on the sign-in page (QR flow) and is the same user',
      async run({ open, shot }) {
        const desktop = await open();
        await desktop.page.goto(`${appUrl}/signin`);
        await desktop.page
          .getByRole('button', { name: 'Sign in with WeCom', exact: true })
          .click({ timeout: PAGE_LOAD_MS });
        // The click only starts the way to the sandbox (getAuthUrl, then the browser leaves): a picture taken
        // meanwhile can hang on the navigation.
        await desktop.page.waitForURL(/\/wwlogin\/sso\/login/, { timeout: PAGE_LOAD_MS });
        await shot(desktop, '05-sandbox-qr-picker');
        await pickMember(desktop.page, pickerName(ZHANG_WEI));
        const user = await signedInUser(desktop.page, appUrl);
        expectHandoffLanding(desktop.visited, '/admin', AUTHENTICATOR);
        expectEqual(user.id, userId, 'user id (the one the workbench step signed in)');
        expectEqual(user.nickname, ZHANG_WEI_USER.nickname, 'signed-in user');
        // The user menu of the admin UI names who is signed in.
        await desktop.page.getByTestId('user-center-button').hover({ timeout: PAGE_LOAD_MS });
        await desktop.page.locator('.ant-dropdown').getByText(ZHANG_WEI_USER.nickname, { exact: true }).waitFor();
        await shot(desktop, '06-signed-in');
      },
    },
    {
      name: 'A member the sandbox marks disabled sees a clear message on the sign-in page',
      async run({ open, shot }) {
        const phone = await open(WXWORK_UA);
        await phone.page.goto(workbenchUrl);
        await pickMember(phone.page, pickerName(DISABLED));
        const message = await signInPageError(phone.page);
        if (!/disabled/i.test(message))
          throw new Error(`expected a message about a disabled account, got "${message}"`);
        const stored = await storedSession(phone.page);
        if (stored.token) throw new Error(`the disabled member holds a NocoBase token (${stored.key})`);
        await dismissNotifications(phone.page);
        await shot(phone, '07-disabled-member');
      },
    },
  ];
}
