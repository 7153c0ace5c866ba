/**
 * Step 1: the admin signs in with the password, opens Settings → Authentication, adds a WeCom
 * authenticator through the plugin's real form (pointed at the sandbox under "Advanced"), and sees the
 * workbench link. The saved record is then checked through the API, and the link from the form is
 * followed: reaching the sandbox's picker and getting NocoBase's answer back proves the saved Corp ID,
 * AgentId, Secret and base URLs work.
 */
import { Locator, Page } from 'playwright-core';
import { SANDBOX_CORP } from '../sandbox/members';
import { NocoBaseApi } from '../sandbox/nocobase-api';
import { Stack } from '../sandbox/stack';
import { WXWORK_UA } from './browser';
import {
  dismissNotifications,
  expectEqual,
  PAGE_LOAD_MS,
  pickMember,
  signInPageAlert,
  signInWithPassword,
  waitForRefusal,
} from './pages';
import { Step } from './step-runner';

export const FORM_AUTHENTICATOR = 'wecom_form';
const FORM_TITLE = 'WeCom (added in the form)';

/** The formily field whose label is `label`, inside `scope`. */
function field(page: Page, scope: Locator, label: string): Locator {
  const text = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[:：]?\\s*$`);
  return scope.locator('.ant-formily-item').filter({ has: page.locator('.ant-formily-item-label').getByText(text) });
}

export function adminAddsAuthenticator(stack: Stack): Step {
  const { appUrl, sandboxUrl, credentials } = stack;
  return {
    name: 'The admin adds a WeCom authenticator through the settings form and sees the workbench link',
    async run({ open, shot }) {
      if (!sandboxUrl) throw new Error('the e2e test needs the WeCom sandbox');
      const desktop = await open();
      const { page } = desktop;
      await page.goto(`${appUrl}/signin`);
      await page.getByRole('button', { name: 'Sign in with WeCom', exact: true }).waitFor({ timeout: PAGE_LOAD_MS });
      await dismissNotifications(page);
      await shot(desktop, '01-sign-in-page');

      await signInWithPassword(page, appUrl, credentials.admin.username, credentials.admin.password);
      await page.goto(`${appUrl}/admin/settings/auth/authenticators`);
      await page.getByRole('button', { name: /Add new/ }).click({ timeout: PAGE_LOAD_MS });
      await page.locator('.ant-dropdown-menu-item', { hasText: /^WeCom$/ }).click();
      const drawer = page.locator('.ant-drawer-content');
      await field(page, drawer, 'Corp ID').waitFor();

      await field(page, drawer, 'Auth UID').locator('input').fill(FORM_AUTHENTICATOR);
      await field(page, drawer, 'Title').locator('input').fill(FORM_TITLE);
      await field(page, drawer, 'Enabled').locator('input[type=checkbox]').check();
      await field(page, drawer, 'Corp ID').locator('input').fill(SANDBOX_CORP.corpId);
      await field(page, drawer, 'AgentId').locator('input').fill(SANDBOX_CORP.agentId);
      await field(page, drawer, 'Secret').locator('input').fill(credentials.wecomSecret);
      await drawer.locator('.ant-collapse-header', { hasText: 'Advanced' }).click();
      for (const label of ['API base URL', 'OAuth base URL', 'SSO base URL']) {
        await field(page, drawer, label).locator('input').fill(sandboxUrl);
      }

      const link = `${appUrl}/api/wecom:workbench?authenticator=${FORM_AUTHENTICATOR}`;
      const shown = drawer.getByText(link, { exact: true });
      await shown.waitFor();
      await shown.scrollIntoViewIfNeeded();
      await shot(desktop, '02-admin-form');

      await drawer.getByRole('button', { name: 'Submit' }).click();
      await drawer.waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: FORM_AUTHENTICATOR, exact: true }).waitFor();

      const api = await NocoBaseApi.signIn(appUrl, credentials.admin.email, credentials.admin.password);
      const [saved] = await api.call('authenticators:list', { query: { filter: { name: FORM_AUTHENTICATOR } } });
      expectEqual(saved?.authType, 'wecom', 'saved authType');
      expectEqual(saved?.enabled, true, 'saved enabled');
      const wecom = saved.options?.wecom ?? {};
      expectEqual(wecom.corpId, SANDBOX_CORP.corpId, 'saved options.wecom.corpId');
      expectEqual(wecom.agentId, SANDBOX_CORP.agentId, 'saved options.wecom.agentId');
      expectEqual(wecom.ssoBaseUrl, sandboxUrl, 'saved options.wecom.ssoBaseUrl');

      // The link from the form, in the WeCom browser: Wang Fang has no user, so nobody gets bound, but
      // NocoBase had to call the sandbox's API with the saved Secret to find that out: the callback answers
      // with the message id `noUserNoSignup`. The page then shows that message, or — when the plugin offers to
      // link WeCom to an account signed in next (`&link=pending`) — a notice that names the member.
      const phone = await open(WXWORK_UA);
      await phone.page.goto(link);
      await pickMember(phone.page, 'Wang Fang');
      const refused = await waitForRefusal(phone.page);
      if (refused.searchParams.get('error') !== 'noUserNoSignup') {
        const alert = await signInPageAlert(phone.page).catch(() => ({ kind: 'none', text: '' }));
        throw new Error(
          `the form's authenticator did not reach the sandbox's API as expected: ${refused} ("${alert.text}")`,
        );
      }
      const alert = await signInPageAlert(phone.page);
      const expected = refused.searchParams.get('link') === 'pending' ? /Wang Fang/ : /No user has your mobile number/;
      if (!expected.test(alert.text)) {
        throw new Error(`after ${refused}, the sign-in page shows ${alert.kind} "${alert.text}", expected ${expected}`);
      }
    },
  };
}
