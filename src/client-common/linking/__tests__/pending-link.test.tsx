/**
 * Linking accounts on the sign-in page (v1 and v2 share the button): the banner with the member's WeCom name from
 * the server, its Cancel, and the prompt this page's sign-ins carry while it shows (link-confirmation.test.tsx has
 * what follows the sign-in).
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MSG } from '../../../messages';
import type { ApiRequestConfig } from '../../api';
import { WecomSignInButton } from '../../sign-in/WecomSignInButton';
import { type TestLanguage, WithI18n } from '../../../../test/client-setup/i18n';
import { LINK_ID, linkServer, passwordSignIn } from '../../../../test/client-setup/link-fixtures';
import { carryLinkPrompt } from '../link-prompt';

const AUTH_URL = 'https://login.work.weixin.qq.com/wwlogin/sso/login?appid=ww0123456789abcdef&state=s1';

/** NocoBase's HTTP client, faked: `wecom:pendingLink` answers `pending`, everything else succeeds. */
function fakeApi(
  pending: { pending: boolean; name?: string; id?: string } = { pending: true, name: '张三', id: LINK_ID },
) {
  return {
    request: jest.fn(async (config: ApiRequestConfig) => {
      if (config.url === 'wecom:pendingLink') return { data: { data: pending } };
      if (config.url === 'wecom:getAuthUrl') return { data: { data: { url: AUTH_URL } } };
      return { data: { data: { cancelled: true } } };
    }),
  };
}

function renderButton(api: any = fakeApi(), lng?: TestLanguage) {
  return render(
    <WithI18n lng={lng}>
      <WecomSignInButton
        authenticator={{ name: 'wecom', title: 'WeCom' }}
        api={api}
        navigation={{ assign: jest.fn(), replace: jest.fn() }}
      />
    </WithI18n>,
  );
}

const alerts = () => screen.queryAllByRole('alert').map((alert) => alert.textContent);
const linkQuery = '?authenticator=wecom&error=notLinkedYet&link=pending';
const PROMPT_TEXT = 'Sign in with your NocoBase account to link WeCom (张三).';

beforeEach(() => window.history.replaceState({}, '', '/signin'));

describe('the pending-link banner', () => {
  it("shows the member's name from the server (never the URL's) instead of the callback's reason", async () => {
    window.history.replaceState({}, '', `/signin${linkQuery}&name=Mallory&error_name=Mallory`);
    const api = fakeApi();
    renderButton(api);
    await waitFor(() =>
      expect(alerts()).toEqual([`${PROMPT_TEXT}After you sign in, you will be asked to confirm the link.Cancel`]),
    );
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
      const api = fakeApi();
      renderButton(api);
      expect(api.request).not.toHaveBeenCalled();
    }
  });

  it('Cancel drops the pending link on the server and takes the banner away', async () => {
    window.history.replaceState({}, '', `/signin${linkQuery}`);
    const api = fakeApi();
    renderButton(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(alerts()).toEqual([MSG.notLinkedYet]));
    expect(api.request).toHaveBeenCalledWith(expect.objectContaining({ url: 'wecom:cancelLink', method: 'post' }));
  });
});

describe('the prompt a sign-in on this page carries', () => {
  const prompts = (sent: { url: string; headers: Record<string, string> }[]) =>
    sent.filter((request) => request.url === 'auth:signIn').map((request) => request.headers['x-wecom-link-prompt']);

  it('only while the banner shows the pending link: not before, not after Cancel or leaving the page', async () => {
    const { apiClient, sent } = linkServer();
    await passwordSignIn(apiClient); // a sign-in page without the banner
    window.history.replaceState({}, '', `/signin${linkQuery}`);
    const page = renderButton(apiClient);
    await screen.findByText(PROMPT_TEXT);
    await passwordSignIn(apiClient);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(alerts()).toEqual([MSG.notLinkedYet]));
    await passwordSignIn(apiClient);
    expect(prompts(sent)).toEqual([undefined, LINK_ID, undefined]);

    page.unmount();
    const again = renderButton(apiClient);
    await screen.findByText(PROMPT_TEXT);
    await passwordSignIn(apiClient);
    again.unmount(); // the page is left
    await passwordSignIn(apiClient);
    expect(prompts(sent).slice(3)).toEqual([LINK_ID, undefined]);
    // Another tab is another page: its client never saw the banner.
    const otherTab = linkServer();
    await passwordSignIn(otherTab.apiClient);
    expect(prompts(otherTab.sent)).toEqual([undefined]);
  });

  it('goes with sign-ins only, and stops when asked', async () => {
    const { apiClient, sent } = linkServer();
    const stop = carryLinkPrompt(apiClient, LINK_ID);
    await apiClient.request({ url: 'wecom:linkConfirmation' });
    await apiClient.request({ url: '/auth:signIn', method: 'post' });
    stop();
    await passwordSignIn(apiClient);
    expect(sent.map((request) => [request.url, request.headers['x-wecom-link-prompt']])).toEqual([
      ['wecom:linkConfirmation', undefined],
      ['/auth:signIn', LINK_ID],
      ['auth:signIn', undefined],
    ]);
    expect(carryLinkPrompt({ request: jest.fn() }, LINK_ID)()).toBeUndefined();
  });
});
