/** Both client plugins (v1 and v2) confirm a link outcome on any sign-in's answer once they are loaded. */
import { APIClient } from '@nocobase/sdk';
import { notification } from 'antd';
import { createTestI18n } from '../../../test/client-setup/i18n';

jest.mock('@nocobase/client', () => require('../../../test/client-setup/plugin-base').fakePluginModule(), {
  virtual: true,
});
jest.mock('@nocobase/client-v2', () => require('../../../test/client-setup/plugin-base').fakePluginModule(), {
  virtual: true,
});
jest.mock('@nocobase/plugin-auth/client', () => ({ PluginAuthClient: class {} }), { virtual: true });
jest.mock('@nocobase/plugin-auth/client-v2', () => ({ PluginAuthClientV2: class {} }), { virtual: true });

import { PluginAuthWecomClient } from '../plugin';
import { PluginAuthWecomClientV2 } from '../../client-v2/plugin';

it.each([
  ['v1', PluginAuthWecomClient],
  ['v2', PluginAuthWecomClientV2],
])('%s: a password sign-in that took the pending link shows the confirmation', async (_shell, PluginClass) => {
  const success = jest.spyOn(notification, 'success').mockImplementation(() => undefined);
  try {
    const headers = { 'x-wecom-link': 'linked', 'x-wecom-link-name': encodeURIComponent('李四') };
    const adapter = async (config: any) => ({ data: { data: {} }, status: 200, statusText: '', headers, config });
    const apiClient = new APIClient({ baseURL: '/api/', adapter } as any);
    const auth = { registerType: jest.fn() };
    const app = {
      apiClient,
      i18n: createTestI18n('ja-JP'),
      pm: { get: () => auth },
      router: { getBasename: () => '/' },
    };
    await new PluginClass({}, app).load();
    await apiClient.request({ url: 'auth:signIn', method: 'post', data: { account: 'a', password: 'b' } });
    expect(success).toHaveBeenCalledWith({ message: 'WeCom（李四）をあなたのアカウントに連携しました。' });
  } finally {
    success.mockRestore();
  }
});

it('v1: adds the "WeCom account" entry to the user center', async () => {
  const auth = { registerType: jest.fn() };
  const addUserCenterSettingsItem = jest.fn();
  const app = { apiClient: {}, pm: { get: () => auth }, router: { getBasename: () => '/' }, addUserCenterSettingsItem };
  await new PluginAuthWecomClient({}, app).load();
  expect(addUserCenterSettingsItem).toHaveBeenCalledWith(expect.objectContaining({ name: 'wecomAccount' }));
});
