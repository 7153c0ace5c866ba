/**
 * v1: the WeCom channel of NocoBase's notification manager. The plugin registers it only when the manager is
 * there; the channel drawer renders `ChannelConfigForm` inside the `options` object field of the record.
 */
import { createForm } from '@formily/core';
import { FormProvider, ObjectField } from '@formily/react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import React from 'react';
import { WithI18n } from '../../../test/client-setup/i18n';
import { optionLabels, publicListApi } from '../../../test/client-setup/notify-channel-fixtures';

jest.mock('@nocobase/client', () => require('../../../test/client-setup/plugin-base').fakePluginModule(), {
  virtual: true,
});
jest.mock('@nocobase/plugin-auth/client', () => ({ PluginAuthClient: class {} }), { virtual: true });

import { PluginAuthWecomClient } from '../plugin';
import { tolerateFormilyStyles } from '../../../test/client-setup/formily-styles';

tolerateFormilyStyles();

function fakeApp(plugins: Record<string, unknown>, apiClient: unknown = publicListApi()) {
  return { apiClient, pm: { get: (name: unknown) => plugins[String(name)] }, router: { getBasename: () => '/' } };
}

async function registeredChannel() {
  const manager = { registerChannelType: jest.fn(), channelTypes: {} };
  const auth = { registerType: jest.fn() };
  const api = publicListApi();
  await new PluginAuthWecomClient(
    {},
    fakeApp({ 'notification-manager': manager, '@nocobase/plugin-auth': auth }, api),
  ).load();
  expect(manager.registerChannelType).toHaveBeenCalledTimes(1);
  return { options: manager.registerChannelType.mock.calls[0][0], api };
}

it('registers the wecom channel type with a v1 channel form and the loaders of the v2 forms', async () => {
  const { options } = await registeredChannel();
  expect(options).toMatchObject({ type: 'wecom', title: expect.stringContaining('WeCom') });
  expect(Object.keys(options.components).sort()).toEqual([
    'ChannelConfigForm',
    'ChannelConfigFormLoader',
    'ContentConfigFormLoader',
    'MessageConfigFormLoader',
  ]);
});

it('registers nothing, and still loads, without the notification manager', async () => {
  const auth = { registerType: jest.fn() };
  await new PluginAuthWecomClient({}, fakeApp({ '@nocobase/plugin-auth': auth })).load();
  expect(auth.registerType).toHaveBeenCalledWith('wecom', expect.anything());
});

it('the channel form picks among the WeCom authenticators only and saves under options.*', async () => {
  const { options, api } = await registeredChannel();
  const { ChannelConfigForm } = options.components;
  const form = createForm({ values: { name: 'wecom_notices', notificationType: 'wecom', options: {} } });
  render(
    <WithI18n>
      <FormProvider form={form}>
        <ObjectField name="options" component={[ChannelConfigForm]} />
      </FormProvider>
    </WithI18n>,
  );
  await act(async () => {
    await form.submit().catch(() => undefined);
  });
  expect(form.errors.map((error) => error.path)).toEqual(['options.authenticator']);

  fireEvent.mouseDown(document.querySelector('.ant-select-selector')!);
  await screen.findByText('Branch office (wecom_branch)');
  expect(api.urls).toContain('authenticators:publicList');
  expect(optionLabels()).toEqual(['WeCom (wecom)', 'Branch office (wecom_branch)']);
  fireEvent.click(screen.getByText('Branch office (wecom_branch)'));

  const origin = screen.getByPlaceholderText(window.location.origin);
  fireEvent.change(origin, { target: { value: 'https://nb.example.com/admin' } });
  await act(async () => {
    await form.submit().catch(() => undefined);
  });
  expect(form.errors.map((error) => error.path)).toEqual(['options.origin']);
  fireEvent.change(origin, { target: { value: 'https://nb.example.com' } });
  await act(async () => {
    await form.submit();
  });
  expect(form.values.options).toEqual({ authenticator: 'wecom_branch', origin: 'https://nb.example.com' });
});
