/**
 * v2: the WeCom channel of NocoBase's notification manager. The v2 manager takes loaders only; its channel page
 * renders the form inside its antd Form, every field named under `['options', ...]`.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Form, type FormInstance, Input } from 'antd';
import React from 'react';
import { WithI18n } from '../../../test/client-setup/i18n';
import { optionLabels, publicListApi } from '../../../test/client-setup/notify-channel-fixtures';

jest.mock('@nocobase/client-v2', () => require('../../../test/client-setup/plugin-base').fakePluginModule(), {
  virtual: true,
});
jest.mock('@nocobase/plugin-auth/client-v2', () => ({ PluginAuthClientV2: class {} }), { virtual: true });

import { PluginAuthWecomClientV2 } from '../plugin';

function fakeApp(plugins: Record<string, unknown>, apiClient: unknown = publicListApi()) {
  return {
    apiClient,
    pm: { get: (name: unknown) => plugins[String(name)] },
    router: { getBasename: () => '/v/' },
    getPublicPath: () => '/v/',
  };
}

async function registeredChannel() {
  const manager = { registerChannelType: jest.fn(), channelTypes: {} };
  const auth = { registerType: jest.fn() };
  const api = publicListApi();
  await new PluginAuthWecomClientV2(
    {},
    fakeApp({ '@nocobase/plugin-notification-manager': manager, '@nocobase/plugin-auth': auth }, api),
  ).load();
  expect(manager.registerChannelType).toHaveBeenCalledTimes(1);
  return { options: manager.registerChannelType.mock.calls[0][0], api };
}

it('registers the wecom channel type with loaders only', async () => {
  const { options } = await registeredChannel();
  expect(options).toMatchObject({ type: 'wecom', meta: { creatable: true, editable: true, deletable: true } });
  expect(Object.keys(options.components).sort()).toEqual([
    'ChannelConfigFormLoader',
    'ContentConfigFormLoader',
    'MessageConfigFormLoader',
  ]);
});

it('registers nothing, and still loads, without the notification manager', async () => {
  const auth = { registerType: jest.fn() };
  await new PluginAuthWecomClientV2({}, fakeApp({ '@nocobase/plugin-auth': auth })).load();
  expect(auth.registerType).toHaveBeenCalledWith('wecom', expect.anything());
});

it('the channel form picks among the WeCom authenticators only and saves under ["options", ...]', async () => {
  const { options } = await registeredChannel();
  const { default: ChannelForm } = await options.components.ChannelConfigFormLoader();
  let form!: FormInstance;
  function Drawer() {
    const [instance] = Form.useForm();
    form = instance;
    return (
      <Form form={instance} layout="vertical" initialValues={{ notificationType: 'wecom' }}>
        <Form.Item name="name" label="Channel name">
          <Input />
        </Form.Item>
        <ChannelForm />
      </Form>
    );
  }
  render(
    <WithI18n>
      <Drawer />
    </WithI18n>,
  );
  const validate = async () => {
    let outcome: any;
    await act(async () => {
      outcome = await form.validateFields().catch((error) => error);
    });
    return outcome;
  };
  expect((await validate()).errorFields.map((field: any) => field.name)).toEqual([['options', 'authenticator']]);

  fireEvent.mouseDown(document.querySelector('.ant-select-selector')!);
  await screen.findByText('Branch office (wecom_branch)');
  expect(optionLabels()).toEqual(['WeCom (wecom)', 'Branch office (wecom_branch)']);
  fireEvent.click(screen.getByText('WeCom (wecom)'));
  const origin = screen.getByPlaceholderText(window.location.origin);
  fireEvent.change(origin, { target: { value: 'nb.example.com' } });
  expect((await validate()).errorFields.map((field: any) => field.name)).toEqual([['options', 'origin']]);
  fireEvent.change(origin, { target: { value: 'https://nb.example.com:8443' } });
  expect((await validate()).options).toEqual({ authenticator: 'wecom', origin: 'https://nb.example.com:8443' });
});
