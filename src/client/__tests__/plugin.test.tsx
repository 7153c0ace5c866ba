/**
 * The v1 plugin in NocoBase's start-up order (PluginManager: every `afterAdd()` while plugins are added, then
 * every `beforeLoad()`, every `load()`, then the router renders and its provider runs `auth:check`).
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { WithI18n } from '../../../test/client-setup/i18n';
import { here, startPlugin } from '../../../test/client-setup/plugin-start';
import { type Answer, answerError, answerToken, realApiClient } from '../../../test/client-setup/real-api-client';

jest.mock('@nocobase/client', () => require('../../../test/client-setup/plugin-base').fakePluginModule(), {
  virtual: true,
});
jest.mock('@nocobase/plugin-auth/client', () => ({ PluginAuthClient: class {} }), { virtual: true });

import { PluginAuthWecomClient } from '../plugin';

function fakeApp(apiClient: any, basename = '/') {
  const auth = { registerType: jest.fn() };
  return {
    apiClient,
    auth,
    pm: { get: () => auth },
    router: { getBasename: () => basename },
    getPublicPath: () => '/',
  };
}

const start = (app: ReturnType<typeof fakeApp>) => startPlugin(new PluginAuthWecomClient({}, app), app);

beforeEach(() => {
  window.localStorage.clear();
});

it('exchanges the hand-off before anything else, so the first auth:check is signed in', async () => {
  window.history.replaceState({}, '', '/admin?authenticator=wecom&handoff=c0de');
  const { apiClient, sent } = realApiClient(answerToken('jwt-1'));
  await start(fakeApp(apiClient));
  expect(sent.map((request) => request.url)).toEqual(['wecom:handoff', 'auth:check']);
  expect(sent[1].headers).toMatchObject({ Authorization: 'Bearer jwt-1', 'X-Authenticator': 'wecom' });
  expect(here()).toBe('/admin');
});

it('holds the start-up in afterAdd() until the server has answered', async () => {
  window.history.replaceState({}, '', '/admin?authenticator=wecom&handoff=c0de');
  let answer!: (value: Answer) => void;
  const { apiClient } = realApiClient(() => new Promise<Answer>((resolve) => (answer = resolve)));
  const plugin = new PluginAuthWecomClient({}, fakeApp(apiClient));
  let added = false;
  const adding = plugin.afterAdd().then(() => (added = true));
  await waitFor(() => expect(answer).toBeDefined()); // the hand-off request has reached the server
  expect(added).toBe(false);
  answer({ status: 200, data: { data: { token: 'jwt-2' } } });
  await adding;
  expect(apiClient.auth.token).toBe('jwt-2');
});

it('starts the app on the v1 sign-in page, with the reason, when the code is refused', async () => {
  window.history.replaceState({}, '', '/apps/a/admin?authenticator=wecom&handoff=c0de');
  const { apiClient } = realApiClient(answerError('handoffInvalid'), { appName: 'a' });
  const app = fakeApp(apiClient, '/apps/a/');
  await start(app);
  expect(here()).toBe('/apps/a/signin?authenticator=wecom&error=handoffInvalid');
  expect(apiClient.auth.token).toBeFalsy();
});

it("registers a button that sends the sign-in page's redirect as it is (no default)", async () => {
  window.history.replaceState({}, '', '/signin');
  const { apiClient, sent } = realApiClient(answerToken());
  const app = fakeApp(apiClient);
  await start(app);
  const { SignInButton } = app.auth.registerType.mock.calls[0][1].components;
  render(
    <WithI18n>
      <SignInButton authenticator={{ name: 'wecom', title: 'WeCom' }} />
    </WithI18n>,
  );
  fireEvent.click(screen.getByText('WeCom'));
  await waitFor(() => expect(sent.some((request) => request.url === 'wecom:getAuthUrl')).toBe(true));
  expect(sent.find((request) => request.url === 'wecom:getAuthUrl')?.params).toEqual({ authenticator: 'wecom' });
  await screen.findByRole('alert'); // the fake server sends no URL
});
