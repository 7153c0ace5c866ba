/**
 * The user center's "WeCom account" in the v2 UI: the plugin registers a user-center flow model, made from the base
 * class the flow engine holds. It shows only when a WeCom authenticator is enabled, and its drawer holds the same
 * panels as v1's dialog (Link in link mode back to the v2 page, Unlink after a confirmation).
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import React, { type ReactNode } from 'react';
import { createTestI18n, WithI18n } from '../../../test/client-setup/i18n';

jest.mock('@nocobase/client-v2', () => require('../../../test/client-setup/plugin-base').fakePluginModule(), {
  virtual: true,
});
jest.mock('@nocobase/plugin-auth/client-v2', () => ({ PluginAuthClientV2: class {} }), { virtual: true });

import { PluginAuthWecomClientV2 } from '../plugin';
import { fakeUserCenterApi, unlinkAfterConfirmation } from '../../../test/client-setup/user-center-fixtures';

/** The part of NocoBase's UserCenterActionItemModel the topbar relies on; the test sets the flow context. */
class UserCenterActionItemModel {
  context: any;
  section = 'system';
  sort = 0;
  ready = true;
  async prepare() {}
  async onClick() {}
}

/** A v2 app of NocoBase 2.2: its flow engine registered the user center's base models by name. */
function fakeApp(api: ReturnType<typeof fakeUserCenterApi>) {
  const registerModels = jest.fn();
  const getModelClass = (name: string) =>
    name === 'UserCenterActionItemModel' ? UserCenterActionItemModel : undefined;
  return {
    apiClient: api,
    pm: { get: () => undefined },
    router: { getBasename: () => '/' },
    flowEngine: { registerModels, getModelClass } as {
      registerModels: jest.Mock;
      getModelClass: (name: string) => unknown;
    },
  };
}

/** Starts the plugin and makes its user-center item as the topbar does, with a flow context. */
async function userCenterItem(api: ReturnType<typeof fakeUserCenterApi>) {
  const app = fakeApp(api);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined); // no auth plugin in this fake app
  await new PluginAuthWecomClientV2({}, app).load();
  expect(app.flowEngine.registerModels).toHaveBeenCalledTimes(1);
  const [[models]] = app.flowEngine.registerModels.mock.calls;
  const ModelClass = Object.values(models)[0] as any;
  const item = new ModelClass();
  const i18n = createTestI18n();
  const drawer = jest.fn();
  item.context = {
    api,
    t: (key: string, options: Record<string, unknown> = {}) => i18n.t(key, options),
    viewer: { drawer },
  };
  return { ModelClass, item, drawer };
}

function openDrawer(drawer: jest.Mock): { title: string } {
  expect(drawer).toHaveBeenCalledTimes(1);
  const [[options]] = drawer.mock.calls;
  render(<WithI18n>{(options.content as () => ReactNode)()}</WithI18n>);
  return options;
}

beforeEach(() => window.history.replaceState({}, '', '/v/admin/orders'));
afterEach(() => jest.restoreAllMocks());

it('is a user-center entry of the profile section, labelled "WeCom account"', async () => {
  const { ModelClass, item } = await userCenterItem(fakeUserCenterApi(false));
  expect(ModelClass.itemId).toBe('wecom-account');
  expect(item).toBeInstanceOf(UserCenterActionItemModel);
  expect(item.section).toBe('profile');
  expect(item.getLabelNode()).toBe('WeCom account');
});

it('is not registered where the flow engine has no user-center model to extend', async () => {
  const app = fakeApp(fakeUserCenterApi(true));
  app.flowEngine.getModelClass = () => undefined;
  await new PluginAuthWecomClientV2({}, app).load();
  expect(app.flowEngine.registerModels).not.toHaveBeenCalled();
});

it('is hidden when no WeCom authenticator is enabled, or when the list cannot be read', async () => {
  const none = await userCenterItem(fakeUserCenterApi(true, []));
  await none.item.prepare();
  expect(none.item.ready).toBe(false);

  const api = fakeUserCenterApi(true);
  api.request.mockRejectedValue(new Error('network down'));
  const failing = await userCenterItem(api);
  await failing.item.prepare();
  expect(failing.item.ready).toBe(false);

  const one = await userCenterItem(fakeUserCenterApi(true));
  await one.item.prepare();
  expect(one.item.ready).toBe(true);
});

it('opens a drawer with the WeCom name; "Unlink" removes the binding only after a confirmation', async () => {
  const api = fakeUserCenterApi(true);
  const { item, drawer } = await userCenterItem(api);
  await item.prepare();
  await item.onClick();
  expect(openDrawer(drawer).title).toBe('WeCom account');
  expect(await screen.findByText('WeCom (HQ)')).toBeTruthy();
  await unlinkAfterConfirmation(api);
});

it('"Link" asks for the WeCom flow in link mode, coming back to the v2 page', async () => {
  const api = fakeUserCenterApi(false);
  const { item, drawer } = await userCenterItem(api);
  await item.prepare();
  await item.onClick();
  openDrawer(drawer);
  jest.spyOn(console, 'error').mockImplementation(() => undefined); // jsdom cannot navigate to WeCom
  fireEvent.click(await screen.findByRole('button', { name: 'Link' }));
  await waitFor(() =>
    expect(api.request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'wecom:getAuthUrl',
        params: { authenticator: 'wecom', redirect: '/v/admin/orders', mode: 'link' },
      }),
    ),
  );
});
