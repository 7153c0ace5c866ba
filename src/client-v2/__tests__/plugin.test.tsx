/**
 * The v2 plugin in NocoBase's start-up order (see src/client/__tests__/plugin.test.tsx): the hand-off runs in
 * afterAdd(), and the sign-in button names the v2 admin root when the sign-in page has no redirect.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { WithI18n } from '../../../test/client-setup/i18n';
import { here, startPlugin } from '../../../test/client-setup/plugin-start';
import { answerError, answerToken, realApiClient } from '../../../test/client-setup/real-api-client';

jest.mock('@nocobase/client-v2', () => require('../../../test/client-setup/plugin-base').fakePluginModule(), {
  virtual: true,
});
jest.mock('@nocobase/plugin-auth/client-v2', () => ({ PluginAuthClientV2: class {} }), { virtual: true });

import { PluginAuthWecomClientV2 } from '../plugin';

/** A v2 app as NocoBase's preset leaves it: the router's basename is the v2 public path (or the sub-app's). */
function fakeV2App(apiClient: any, publicPath: string, basename: string | undefined = publicPath) {
  const auth = { registerType: jest.fn() };
  return {
    apiClient,
    auth,
    pm: { get: () => auth },
    router: { getBasename: () => basename },
    getPublicPath: () => publicPath,
  };
}

const start = (app: ReturnType<typeof fakeV2App>) => startPlugin(new PluginAuthWecomClientV2({}, app), app);

async function clickButton(app: ReturnType<typeof fakeV2App>) {
  const { default: SignInButton } = await app.auth.registerType.mock.calls[0][1].signInButtonLoader();
  render(
    <WithI18n>
      <SignInButton authenticator={{ name: 'wecom', title: 'WeCom' }} />
    </WithI18n>,
  );
  fireEvent.click(screen.getByText('WeCom'));
}

beforeEach(() => {
  window.localStorage.clear();
});

it('exchanges the hand-off before anything else, so the first auth:check is signed in', async () => {
  window.history.replaceState({}, '', '/v/admin/abc?authenticator=wecom&handoff=c0de');
  const { apiClient, sent } = realApiClient(answerToken('jwt-v2'));
  await start(fakeV2App(apiClient, '/v/'));
  expect(sent.map((request) => request.url)).toEqual(['wecom:handoff', 'auth:check']);
  expect(sent[1].headers).toMatchObject({ Authorization: 'Bearer jwt-v2', 'X-Authenticator': 'wecom' });
  expect(here()).toBe('/v/admin/abc');
});

it('starts the app on the v2 sign-in page, with the reason, when the code is refused', async () => {
  window.history.replaceState({}, '', '/nocobase/v/admin?authenticator=wecom&handoff=c0de');
  const { apiClient } = realApiClient(answerError('handoffInvalid'));
  await start(fakeV2App(apiClient, '/nocobase/v/', '/nocobase/v'));
  expect(here()).toBe('/nocobase/v/signin?authenticator=wecom&error=handoffInvalid');
});

it.each([
  ['/v/', '/v/', '/v/admin'],
  ['/nocobase/v/', '/nocobase/v/', '/nocobase/v/admin'],
  ['/modern/', '/modern', '/modern/admin'], // APP_MODERN_CLIENT_PREFIX=modern
  ['/v/', '/v/apps/a/', '/v/apps/a/admin'], // a sub-app in the v2 shell
])(
  'sends the v2 admin root as redirect when the sign-in page has none (public path %s, basename %s)',
  async (publicPath, basename, redirect) => {
    window.history.replaceState({}, '', `${basename.replace(/\/$/, '')}/signin`);
    const { apiClient, sent } = realApiClient(answerToken());
    const app = fakeV2App(apiClient, publicPath, basename);
    await start(app);
    await clickButton(app);
    await waitFor(() => expect(sent.some((request) => request.url === 'wecom:getAuthUrl')).toBe(true));
    expect(sent.find((request) => request.url === 'wecom:getAuthUrl')?.params).toEqual({
      authenticator: 'wecom',
      redirect,
    });
  },
);

it("keeps the v2 sign-in page's own redirect", async () => {
  window.history.replaceState({}, '', '/v/signin?redirect=%2Fv%2Fadmin%2Forders');
  const { apiClient, sent } = realApiClient(answerToken());
  const app = fakeV2App(apiClient, '/v/');
  await start(app);
  await clickButton(app);
  await waitFor(() => expect(sent.some((request) => request.url === 'wecom:getAuthUrl')).toBe(true));
  expect(sent.find((request) => request.url === 'wecom:getAuthUrl')?.params).toEqual({
    authenticator: 'wecom',
    redirect: '/v/admin/orders',
  });
});
