/**
 * Linking accounts on the sign-in page (v1 and v2 share the button): the banner with the member's WeCom name
 * from the server, its Cancel, and the confirmation the next sign-in's answer carries.
 */
import { APIClient } from '@nocobase/sdk';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { notification } from 'antd';
import React from 'react';
import { MSG } from '../../../messages';
import type { ApiRequestConfig } from '../../api';
import { linkOutcomeOf } from '../link-api';
import { showLinkOutcomes } from '../link-notice';
import { WecomSignInButton } from '../../sign-in/WecomSignInButton';
import { createTestI18n, type TestLanguage, WithI18n } from '../../../../test/client-setup/i18n';

const AUTH_URL = 'https://login.work.weixin.qq.com/wwlogin/sso/login?appid=ww0123456789abcdef&state=s1';

/** NocoBase's HTTP client, faked: `wecom:pendingLink` answers `pending`, everything else succeeds. */
function fakeApi(pending: { pending: boolean; name?: string } = { pending: true, name: '张三' }) {
  return {
    request: jest.fn(async (config: ApiRequestConfig) => {
      if (config.url === 'wecom:pendingLink') return { data: { data: pending } };
      if (config.url === 'wecom:getAuthUrl') return { data: { data: { url: AUTH_URL } } };
      return { data: { data: { cancelled: true } } };
    }),
  };
}

function renderButton(api = fakeApi(), lng?: TestLanguage) {
  render(
    <WithI18n lng={lng}>
      <WecomSignInButton
        authenticator={{ name: 'wecom', title: 'WeCom' }}
        api={api}
        navigation={{ assign: jest.fn(), replace: jest.fn() }}
      />
    </WithI18n>,
  );
  return api;
}

const alerts = () => screen.queryAllByRole('alert').map((alert) => alert.textContent);
const linkQuery = '?authenticator=wecom&error=notLinkedYet&link=pending';

beforeEach(() => window.history.replaceState({}, '', '/signin'));

describe('the pending-link banner', () => {
  it("shows the member's name from the server (never the URL's) instead of the callback's reason", async () => {
    window.history.replaceState({}, '', `/signin${linkQuery}&name=Mallory&error_name=Mallory`);
    const api = renderButton();
    await waitFor(() => expect(alerts()).toEqual(['Sign in with your NocoBase account to link WeCom (张三).Cancel']));
    expect(api.request).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'wecom:pendingLink', method: 'get', params: { authenticator: 'wecom' } }),
    );
    expect(document.body.textContent).not.toContain('Mallory');
  });

  it("speaks the page's language", async () => {
    window.history.replaceState({}, '', `/signin${linkQuery}`);
    renderButton(fakeApi(), 'zh-CN');
    await waitFor(() => expect(alerts()[0]).toContain('请使用 NocoBase 账号登录，以关联企业微信（张三）。'));
  });

  it('shows the reason when the server has no pending link (expired, used, another browser)', async () => {
    window.history.replaceState({}, '', `/signin${linkQuery}`);
    renderButton(fakeApi({ pending: false }));
    await waitFor(() => expect(alerts()).toEqual([MSG.notLinkedYet]));
  });

  it('asks nothing without `link=pending` for this authenticator', async () => {
    for (const query of [
      '?authenticator=wecom&error=notLinkedYet',
      '?authenticator=other&error=notLinkedYet&link=pending',
    ]) {
      window.history.replaceState({}, '', `/signin${query}`);
      const api = renderButton();
      expect(api.request).not.toHaveBeenCalled();
    }
  });

  it('Cancel drops the pending link on the server and takes the banner away', async () => {
    window.history.replaceState({}, '', `/signin${linkQuery}`);
    const api = renderButton();
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(alerts()).toEqual([MSG.notLinkedYet]));
    expect(api.request).toHaveBeenCalledWith(expect.objectContaining({ url: 'wecom:cancelLink', method: 'post' }));
  });
});

describe('the confirmation after a sign-in', () => {
  /** NocoBase's real API client whose every answer carries `headers`. */
  function apiAnswering(headers: Record<string, string>) {
    const adapter = async (config: any) => ({ data: { data: {} }, status: 200, statusText: '', headers, config });
    return new APIClient({ baseURL: '/api/', adapter } as any);
  }
  const notify = () => ({ success: jest.fn(), warning: jest.fn() });

  it('shows "linked" with the name, in the page language, for a sign-in of any authenticator', async () => {
    const apiClient = apiAnswering({ 'x-wecom-link': 'linked', 'x-wecom-link-name': encodeURIComponent('张三') });
    const shown = notify();
    expect(showLinkOutcomes({ apiClient, i18n: createTestI18n('zh-CN') }, shown as any)).toBe(true);
    await apiClient.request({ url: 'auth:signIn', method: 'post', data: { account: 'a', password: 'b' } });
    expect(shown.success).toHaveBeenCalledWith({ message: '企业微信（张三）已关联到你的账号。' });
  });

  it('shows a refusal as a warning, and ignores answers without an outcome or with an unknown one', async () => {
    const shown = notify();
    const answers: Record<string, string>[] = [{ 'x-wecom-link': 'linkTaken' }, {}, { 'x-wecom-link': '<b>hi</b>' }];
    for (const headers of answers) {
      const apiClient = apiAnswering(headers);
      showLinkOutcomes({ apiClient, i18n: createTestI18n() }, shown as any);
      await apiClient.request({ url: 'auth:signIn', method: 'post' });
    }
    expect(shown.warning.mock.calls).toEqual([[{ message: MSG.linkTaken }]]);
    expect(shown.success).not.toHaveBeenCalled();
  });

  it('reads odd headers safely', () => {
    expect(linkOutcomeOf(undefined)).toBeNull();
    expect(linkOutcomeOf({ 'x-wecom-link': 'linked', 'x-wecom-link-name': '%E0%A4%A' })).toEqual({
      id: 'linked',
      name: '',
    });
    expect(linkOutcomeOf({ 'x-wecom-link': 'constructor' })).toBeNull();
  });

  it('uses antd notifications by default', async () => {
    const success = jest.spyOn(notification, 'success').mockImplementation(() => undefined);
    try {
      const apiClient = apiAnswering({ 'x-wecom-link': 'linked', 'x-wecom-link-name': 'Ann' });
      showLinkOutcomes({ apiClient });
      await apiClient.request({ url: 'auth:signIn', method: 'post' });
      expect(success).toHaveBeenCalledWith({ message: 'WeCom (Ann) is now linked to your account.' });
    } finally {
      success.mockRestore();
    }
  });
});
