/** Both client plugins (v1 and v2) act on a pending link reported on any sign-in's answer once they are loaded. */
import { Modal, notification } from 'antd';
import { createTestI18n } from '../../../test/client-setup/i18n';
import {
  answerConfirmation,
  LINK_ID,
  linkServer,
  passwordSignIn,
  SIGN_IN_TOKEN,
} from '../../../test/client-setup/link-fixtures';

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

afterEach(() => {
  Modal.destroyAll();
  document.body.innerHTML = ''; // antd's static dialogs outlive the test otherwise (jsdom never ends their animation)
});

it.each([
  ['v1', PluginAuthWecomClient],
  ['v2', PluginAuthWecomClientV2],
])(
  '%s: a sign-in on the prompt page asks for the confirmation, and "Link" confirms it',
  async (_shell, PluginClass) => {
    const success = jest.spyOn(notification, 'success').mockImplementation(() => undefined);
    try {
      const { apiClient, sent } = linkServer();
      const auth = { registerType: jest.fn() };
      const app = {
        apiClient,
        i18n: createTestI18n('ja-JP'),
        pm: { get: () => auth },
        router: { getBasename: () => '/' },
      };
      await new PluginClass({}, app).load();
      await passwordSignIn(apiClient);
      await answerConfirmation({
        member: /张三 \(zhangsan\)/,
        account: /Alice Liu \(alice\)/,
        button: '私のアカウントに連携',
      });
      const confirm = sent.find((request) => request.url === 'wecom:confirmLink');
      expect(confirm).toMatchObject({ data: { id: LINK_ID }, headers: { Authorization: `Bearer ${SIGN_IN_TOKEN}` } });
      expect(success).toHaveBeenCalledWith({ message: 'WeCom（张三）をあなたのアカウントに連携しました。' });
    } finally {
      success.mockRestore();
    }
  },
);

it('v1: adds the "WeCom account" entry to the user center', async () => {
  const auth = { registerType: jest.fn() };
  const addUserCenterSettingsItem = jest.fn();
  const app = { apiClient: {}, pm: { get: () => auth }, router: { getBasename: () => '/' }, addUserCenterSettingsItem };
  await new PluginAuthWecomClient({}, app).load();
  expect(addUserCenterSettingsItem).toHaveBeenCalledWith(expect.objectContaining({ name: 'wecomAccount' }));
});
