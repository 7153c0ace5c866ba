/** The user center's WeCom entry (v1) and its panel, and the landing after "Link" (v1 and v2 share it). */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MSG } from '../../messages';
import type { ApiRequestConfig } from '../../client-common/api';
import { showLinkLanding } from '../../client-common/linking/link-notice';
import { WecomAccountPanel } from '../../client-common/linking/WecomAccountPanel';
import { createTestI18n, WithI18n } from '../../../test/client-setup/i18n';

jest.mock(
  '@nocobase/client',
  () => ({
    SchemaSettingsItem: ({ children }: { children: React.ReactNode }) => <li>{children}</li>,
  }),
  { virtual: true },
);

import { WecomUserCenterItem } from '../WecomUserCenterItem';
import { fakeUserCenterApi, LINK_URL, unlinkAfterConfirmation } from '../../../test/client-setup/user-center-fixtures';

const panel = (api: ReturnType<typeof fakeUserCenterApi>, navigation = { assign: jest.fn(), replace: jest.fn() }) => {
  render(
    <WithI18n>
      <WecomAccountPanel api={api} authenticator={{ name: 'wecom', title: 'WeCom (HQ)' }} navigation={navigation} />
    </WithI18n>,
  );
  return navigation;
};

beforeEach(() => window.history.replaceState({}, '', '/admin/orders?tab=2'));

describe('the WeCom account panel', () => {
  it('"Link" runs the WeCom flow in link mode and comes back to this page', async () => {
    const api = fakeUserCenterApi(false);
    const navigation = panel(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link' }));
    await waitFor(() => expect(navigation.assign).toHaveBeenCalledWith(LINK_URL));
    expect(screen.getByText('Not linked to WeCom')).toBeTruthy();
    expect(api.request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'wecom:getAuthUrl',
        params: { authenticator: 'wecom', redirect: '/admin/orders?tab=2', mode: 'link' },
      }),
    );
  });

  it('shows the WeCom name, and "Unlink" removes the binding only after a confirmation', async () => {
    const api = fakeUserCenterApi(true);
    panel(api);
    await unlinkAfterConfirmation(api);
  });

  it("shows the server's refusal", async () => {
    const api = fakeUserCenterApi(false);
    api.request.mockImplementation(async (config: ApiRequestConfig) => {
      if (config.url === 'wecom:myLink') return { data: { data: { linked: false } } };
      throw Object.assign(new Error('400'), {
        response: { data: { errors: [{ message: 'Sign in first to link your WeCom account.' }] } },
      });
    });
    panel(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Link' }));
    expect((await screen.findByRole('alert')).textContent).toBe(MSG.linkNeedsSignIn);
  });
});

describe('the user-center entry (v1)', () => {
  it('opens the panel of each WeCom authenticator', async () => {
    render(
      <WithI18n>
        <WecomUserCenterItem api={fakeUserCenterApi(true)} />
      </WithI18n>,
    );
    fireEvent.click(await screen.findByText('WeCom account'));
    expect(await screen.findByText('Linked to WeCom (王五)')).toBeTruthy();
    expect(screen.getByText('WeCom (HQ)')).toBeTruthy();
  });

  it('is hidden when there is no WeCom authenticator', async () => {
    const api = fakeUserCenterApi(true, []);
    const { container } = render(
      <WithI18n>
        <WecomUserCenterItem api={api} />
      </WithI18n>,
    );
    await waitFor(() => expect(api.request).toHaveBeenCalled());
    await waitFor(() => expect(container.textContent).toBe(''));
  });

  it("is in the menu before the server answered (NocoBase's menu drops an item that first renders nothing)", () => {
    const api = { request: jest.fn(() => new Promise<never>(() => undefined)) };
    render(
      <WithI18n>
        <WecomUserCenterItem api={api} />
      </WithI18n>,
    );
    expect(screen.getByText('WeCom account')).toBeTruthy();
  });
});

describe('the landing after "Link"', () => {
  const notify = () => ({ success: jest.fn(), warning: jest.fn() });
  const app = { i18n: createTestI18n('zh-CN') };

  it('confirms once and cleans the address bar', () => {
    window.history.replaceState({}, '', '/admin/orders?tab=2&authenticator=wecom&link=linked#top');
    const shown = notify();
    expect(showLinkLanding(app, window, shown as any)).toBe('linked');
    expect(shown.success).toHaveBeenCalledWith({ message: '企业微信已关联到你的账号。' });
    expect(`${window.location.pathname}${window.location.search}${window.location.hash}`).toBe(
      '/admin/orders?tab=2#top',
    );
    expect(showLinkLanding(app, window, shown as any)).toBeNull();
  });

  it('shows a refusal by its id, and ignores anything that is not one of the messages', () => {
    const shown = notify();
    window.history.replaceState({}, '', '/admin?authenticator=wecom&link=memberLinkedToOther');
    showLinkLanding({ i18n: createTestI18n() }, window, shown as any);
    expect(shown.warning).toHaveBeenCalledWith({ message: MSG.memberLinkedToOther });
    for (const search of ['?authenticator=wecom&link=pending', '?authenticator=wecom&link=Call%20me', '?link=linked']) {
      window.history.replaceState({}, '', `/admin${search}`);
      expect(showLinkLanding(app, window, shown as any)).toBeNull();
    }
    expect(shown.success).not.toHaveBeenCalled();
  });
});
