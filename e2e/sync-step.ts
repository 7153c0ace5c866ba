/**
 * The contacts sync in the real UI: the admin opens Settings → Users & permissions → Synchronize, clicks "Sync" on
 * `npm start`'s WeCom source (`wecom_sandbox`), sees its task succeed under "Tasks", then finds the sandbox's four
 * departments under Users & permissions → Departments, with Zhang Wei (bound by the earlier steps' sign-ins) a
 * member of his department.
 */
import { Locator, Page } from 'playwright-core';
import { DEPARTMENTS } from '../sandbox/members';
import { SYNC_SOURCE } from '../sandbox/seed';
import { Stack } from '../sandbox/stack';
import { dismissNotifications, expectEqual, PAGE_LOAD_MS, signInWithPassword } from './pages';
import { Step } from './step-runner';
import { ZHANG_WEI, ZHANG_WEI_USER } from './people';

/** How long the sandbox's pull may take (four departments, five members: a few seconds). */
const TASK_MS = 60_000;

/** Opens the source's "Tasks" drawer until its newest task is no longer running; returns its status and message. */
async function finishedTask(page: Page, row: Locator): Promise<{ status: string; message: string }> {
  const deadline = Date.now() + TASK_MS;
  for (;;) {
    await row.getByText('Tasks', { exact: true }).click();
    const drawer = page.locator('.ant-drawer-content').filter({ hasText: 'Tasks' });
    const newest = drawer.locator('.ant-table-tbody tr.ant-table-row').first();
    await newest.waitFor({ timeout: PAGE_LOAD_MS });
    const cells = await newest.locator('td').allInnerTexts();
    const status = cells.find((text) => /^(Init|Processing|Success|Failed)$/.test(text.trim()))?.trim() ?? '';
    if (!['Init', 'Processing'].includes(status) || Date.now() > deadline) {
      return { status, message: cells.join(' | ') };
    }
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    await page.waitForTimeout(1000);
  }
}

/** Expands every collapsed node of the department tree (its children load on demand). */
async function expandTree(page: Page) {
  for (let round = 0; round < DEPARTMENTS.length; round++) {
    const closed = page.locator('.ant-tree .ant-tree-switcher_close');
    if ((await closed.count()) === 0) return;
    await closed.first().click();
    await page.waitForTimeout(500);
  }
}

export function syncStep(stack: Stack): Step {
  const { appUrl, credentials } = stack;
  return {
    name: `The admin clicks "Sync" on the sandbox's WeCom source (${SYNC_SOURCE}): the task succeeds, Departments shows its ${DEPARTMENTS.length} departments and their members`,
    async run({ open, shot }) {
      const desktop = await open();
      const { page } = desktop;
      await signInWithPassword(page, appUrl, credentials.admin.username, credentials.admin.password);
      await page.goto(`${appUrl}/admin/settings/users-permissions/sync`);
      const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: SYNC_SOURCE, exact: true }) });
      try {
        await row.waitFor({ timeout: PAGE_LOAD_MS });
      } catch {
        throw new Error(`Settings → Synchronize lists no source ${SYNC_SOURCE} (did npm start create it?)`);
      }
      await dismissNotifications(page);

      const [pull] = await Promise.all([
        page.waitForResponse((response) => response.url().includes('/api/userData:pull')),
        row.getByText('Sync', { exact: true }).click(),
      ]);
      expectEqual(pull.status(), 200, 'status of userData:pull after the click on "Sync"');
      await page.getByText('The synchronization has started', { exact: false }).first().waitFor();
      const task = await finishedTask(page, row);
      expectEqual(task.status, 'Success', `status of the sync task (its row: ${task.message})`);
      await page.waitForTimeout(500); // the drawer's opening animation, for the picture
      await shot(desktop, '17-sync-task-success');

      await page.goto(`${appUrl}/admin/settings/users-permissions/departments`);
      const tree = page.locator('.ant-tree');
      await tree.getByText(DEPARTMENTS[0].name, { exact: true }).waitFor({ timeout: PAGE_LOAD_MS });
      await expandTree(page);
      for (const department of DEPARTMENTS) {
        await tree
          .getByText(department.name, { exact: true })
          .waitFor({ timeout: 10_000 })
          .catch(() => {
            throw new Error(`Departments does not show "${department.name}" after the sync`);
          });
      }
      const shown = await tree.locator('.ant-tree-title').allInnerTexts();
      expectEqual(shown.length, DEPARTMENTS.length, `departments in the tree (${shown.join(', ')})`);

      // Zhang Wei's department lists him (the sync gave the bound member his department).
      const his = DEPARTMENTS.find((department) => department.id === ZHANG_WEI.department?.[0])!;
      await tree.getByText(his.name, { exact: true }).click();
      // By username: the sync keeps the nickname in step with WeCom's name.
      await page
        .locator('.ant-table-tbody')
        .getByRole('cell', { name: ZHANG_WEI_USER.username, exact: true })
        .waitFor({ timeout: PAGE_LOAD_MS })
        .catch(() => {
          throw new Error(`the members of "${his.name}" do not include ${ZHANG_WEI_USER.username} after the sync`);
        });
      await shot(desktop, '18-departments-after-sync');
    },
  };
}
