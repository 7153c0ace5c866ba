/**
 * After a sign-in on the page that showed the pending link (v1 and v2 share it): the sign-in's answer asks for the
 * confirmation, a dialog names both sides, and only "Link to my account" binds; "Not me" drops the link.
 */
import { screen, waitFor } from '@testing-library/react';
import { Modal, notification } from 'antd';
import { MSG } from '../../../messages';
import { createTestI18n, type TestLanguage } from '../../../../test/client-setup/i18n';
import {
  answerConfirmation,
  confirmationDialog,
  LINK_ID,
  linkServer,
  type LinkServerOptions,
  passwordSignIn,
  SIGN_IN_TOKEN,
} from '../../../../test/client-setup/link-fixtures';
import { linkOutcomeOf } from '../link-api';
import { openLinkConfirmation } from '../link-confirmation-dialog';
import { showLinkOutcomes } from '../link-notice';

const notify = () => ({ success: jest.fn(), info: jest.fn(), warning: jest.fn() });

/** A page with the plugin's watcher on NocoBase's real client; the dialog is antd's, the notifications recorded. */
function page(options: LinkServerOptions = {}, lng: TestLanguage = 'en-US') {
  const server = linkServer(options);
  const shown = notify();
  const app = { apiClient: server.apiClient, i18n: createTestI18n(lng) };
  showLinkOutcomes(app, shown as any, (target, session) =>
    openLinkConfirmation(target, session, { modal: Modal, notify: shown as any }),
  );
  const requests = (url: string) => server.sent.filter((request) => request.url === url);
  return { ...server, shown, requests };
}

afterEach(() => {
  // antd's static dialogs live outside any rendered tree, and jsdom never ends their closing animation.
  Modal.destroyAll();
  document.body.innerHTML = '';
});

describe('the confirmation after a sign-in', () => {
  it('names both sides; "Link to my account" confirms the link shown, in the session of that sign-in', async () => {
    const { apiClient, shown, requests } = page();
    await passwordSignIn(apiClient);
    expect(requests('wecom:confirmLink')).toEqual([]); // the sign-in alone binds nothing
    await answerConfirmation({
      member: /张三 \(zhangsan\)/,
      account: /Alice Liu \(alice\)/,
      button: 'Link to my account',
    });
    const [confirm] = requests('wecom:confirmLink');
    expect(confirm).toMatchObject({ method: 'post', data: { id: LINK_ID } });
    expect(confirm.headers).toMatchObject({ Authorization: `Bearer ${SIGN_IN_TOKEN}`, 'X-Authenticator': 'basic' });
    expect(requests('wecom:linkConfirmation')[0].headers.Authorization).toBe(`Bearer ${SIGN_IN_TOKEN}`);
    expect(shown.success).toHaveBeenCalledWith({ message: 'WeCom (张三) is now linked to your account.' });
    expect(requests('wecom:cancelLink')).toEqual([]);
  });

  it('"Not me" drops the pending link and links nothing', async () => {
    const { apiClient, shown, requests } = page();
    await passwordSignIn(apiClient);
    await answerConfirmation({ member: /张三/, account: /alice/, button: 'Not me' });
    expect(requests('wecom:cancelLink')).toHaveLength(1);
    expect(requests('wecom:confirmLink')).toEqual([]);
    expect(shown.info).toHaveBeenCalledWith({ message: 'Nothing was linked to your account.' });
    expect(shown.success).not.toHaveBeenCalled();
  });

  it("warns an account with administrator rights, in the page's language", async () => {
    const { apiClient } = page({ privileged: true }, 'zh-CN');
    await passwordSignIn(apiClient);
    const dialog = await confirmationDialog();
    expect(dialog.textContent).toContain('你的账号拥有管理员权限');
    expect(dialog.textContent).toContain('将企业微信关联到你的账号？');
    expect(screen.getByRole('button', { name: '不是我' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '关联到我的账号' })).toBeTruthy();
  });

  it("shows the server's refusal and claims nothing", async () => {
    const refusal = { errors: [{ message: MSG.linkTaken, code: 'linkTaken' }] };
    const { apiClient, shown } = page({ confirm: { status: 400, data: refusal } });
    await passwordSignIn(apiClient);
    await confirmationDialog();
    screen.getByRole('button', { name: 'Link to my account' }).click();
    expect(await screen.findByText(MSG.linkTaken)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Link to my account' })).toBeNull();
    (await screen.findByRole('button', { name: 'Close' })).click();
    await waitFor(() => expect(screen.queryByText(MSG.linkTaken)).toBeNull());
    expect(shown.success).not.toHaveBeenCalled();
  });

  it('says so when nothing waits any more (expired, used, another session)', async () => {
    const server = linkServer();
    const shown = notify();
    server.apiClient.axios.interceptors.request.use((config: any) => {
      if (config.url === 'wecom:linkConfirmation') config.url = 'nothing-pending';
      return config;
    });
    openLinkConfirmation({ apiClient: server.apiClient, i18n: createTestI18n() }, undefined, {
      modal: Modal,
      notify: shown as any,
    });
    expect(await screen.findByText(MSG.linkExpired, {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Link to my account' })).toBeNull();
  });
});

describe('what a sign-in answer says', () => {
  it('shows a refusal (root) as a warning, and ignores answers without an outcome or with an unknown one', async () => {
    const answers: Record<string, string>[] = [
      { 'x-wecom-link': 'linkRootRefused' },
      {},
      { 'x-wecom-link': '<b>hi</b>' },
    ];
    const warned: unknown[] = [];
    for (const signInHeaders of answers) {
      const { apiClient, shown, requests } = page({ signInHeaders });
      await passwordSignIn(apiClient);
      warned.push(...shown.warning.mock.calls);
      expect(requests('wecom:linkConfirmation')).toEqual([]);
    }
    expect(warned).toEqual([[{ message: MSG.linkRootRefused }]]);
  });

  it('reads odd answers safely', () => {
    expect(linkOutcomeOf(undefined)).toBeNull();
    expect(linkOutcomeOf({ headers: { 'x-wecom-link': 'linkTaken', 'x-wecom-link-name': '%E0%A4%A' } })).toEqual({
      id: 'linkTaken',
      name: '',
    });
    expect(linkOutcomeOf({ headers: { 'x-wecom-link': 'constructor' } })).toBeNull();
    // "confirm" without a token in the answer: the page's own session is asked.
    expect(linkOutcomeOf({ headers: { 'x-wecom-link': 'confirm' } })).toEqual({
      id: 'confirm',
      name: '',
      session: undefined,
    });
  });

  it('uses antd notifications by default', async () => {
    const warning = jest.spyOn(notification, 'warning').mockImplementation(() => undefined);
    try {
      const { apiClient } = linkServer({ signInHeaders: { 'x-wecom-link': 'linkRootRefused' } });
      showLinkOutcomes({ apiClient });
      await passwordSignIn(apiClient);
      expect(warning).toHaveBeenCalledWith({ message: MSG.linkRootRefused });
    } finally {
      warning.mockRestore();
    }
  });
});
