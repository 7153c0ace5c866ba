/**
 * The WeCom notification channel, on the demo `npm start` seeds (sandbox/notify-seed.ts), after the member steps
 * (Zhang Wei is linked to WeCom by then):
 * 1. the admin opens the demo workflow's Notification node: NocoBase draws the channel's message form (the plugin's
 *    loader, with the workflow's and the manager's modules fetched from the page);
 * 2. an order is added with Zhang Wei as its assignee → the workflow's card appears on his sandbox phone → tapping it
 *    in the WeCom browser signs him in (WeCom's silent authorization, the sandbox's picker standing in for it) and
 *    opens the order's page. No URL of the way holds `token=` (run.ts checks every URL of every step).
 */
import { NocoBaseApi } from '../sandbox/nocobase-api';
import { AUTHENTICATOR } from '../sandbox/seed';
import { Stack } from '../sandbox/stack';
import { WXWORK_UA } from './browser';
import { expectEqual, PAGE_LOAD_MS, pickMember, signedInUser, signInWithPassword } from './pages';
import { pickerName, ZHANG_WEI, ZHANG_WEI_USER } from './people';
import { Step } from './step-runner';
import { expectHandoffLanding } from './urls';

/** The workflow runs after the order is saved and NocoBase queues the send: allow for a busy machine. */
const DELIVERY_MS = 60_000;

export function notifySteps(stack: Stack): Step[] {
  const { appUrl, credentials, notifyDemo, phoneUrl } = stack;
  const demo = () => {
    if (!notifyDemo || !phoneUrl) throw new Error('npm start seeded no notification demo (sandbox/notify-seed.ts)');
    return { ...notifyDemo, phoneUrl };
  };
  return [
    {
      name: "The demo workflow's Notification node shows the WeCom channel's message form",
      async run({ open, shot }) {
        const { workflowId } = demo();
        const desktop = await open();
        const { page } = desktop;
        await signInWithPassword(page, appUrl, credentials.admin.username, credentials.admin.password);
        await page.goto(`${appUrl}/admin/settings/workflow/workflows/${workflowId}`);
        // The node's card opens its settings (its title is a text box of its own).
        await page.getByText('Notification', { exact: true }).first().click({ timeout: PAGE_LOAD_MS });
        const drawer = page.locator('.ant-drawer-content').last();
        for (const label of ['Receivers', 'Message type', 'Title', 'Content', 'Page to open', 'Button text']) {
          await drawer.getByText(label, { exact: true }).first().waitFor({ timeout: PAGE_LOAD_MS });
        }
        await drawer.getByText('Text card', { exact: true }).first().waitFor();
        await page.waitForTimeout(1000); // let the variable inputs settle for the picture
        await shot(desktop, '30-notify-node-form');
      },
    },
    {
      name: 'An order for Zhang Wei: the card reaches his sandbox phone, and tapping it opens the order, signed in as him',
      async run({ open, shot }) {
        const { collection, orderPagePath, phoneUrl: phones } = demo();
        const api = await NocoBaseApi.signIn(appUrl, credentials.admin.email, credentials.admin.password);
        const [assignee] = await api.call('users:list', { query: { filter: { username: ZHANG_WEI_USER.username } } });
        const title = `E2E order ${Date.now().toString(36)}`;
        const order = await api.call(`${collection}:create`, {
          values: { title, amount: 1280, assigneeId: assignee.id },
        });

        const phone = await open(WXWORK_UA);
        await phone.page.goto(`${phones}?userid=${encodeURIComponent(ZHANG_WEI.userid)}`);
        const card = phone.page.locator('.card[data-msgtype="textcard"]', { hasText: title });
        await card.waitFor({ timeout: DELIVERY_MS });
        await shot(phone, '31-notify-phone-card');

        await card.click();
        await pickMember(phone.page, pickerName(ZHANG_WEI));
        const user = await signedInUser(phone.page, appUrl);
        expectEqual(user.id, assignee.id, 'signed-in user (the assignee)');
        expectEqual(user.authenticator, AUTHENTICATOR, 'authenticator of the session');
        expectHandoffLanding(phone.visited, orderPagePath, AUTHENTICATOR);
        const landed = new URL(phone.page.url());
        expectEqual(landed.pathname, orderPagePath, 'page the card opened');
        expectEqual(landed.searchParams.get('order'), String(order.id), 'order the card opened');
        await phone.page.getByText(title, { exact: true }).first().waitFor({ timeout: PAGE_LOAD_MS });
        await shot(phone, '32-notify-order-opened');
      },
    },
  ];
}
