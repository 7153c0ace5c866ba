import { createForm, type Form as FormilyForm } from '@formily/core';
import { FormProvider, ObjectField } from '@formily/react';
import { act, render, screen } from '@testing-library/react';
import { Form, type FormInstance, Input } from 'antd';
import React from 'react';
import { SyncSourceForm as SyncSourceFormV2 } from '../../../client-v2/SyncSourceForm';
import { registerSyncSourceForm } from '../sync-registration';
import { SyncSourceForm } from '../../../client/SyncSourceForm';
import { WithI18n } from '../../../../test/client-setup/i18n';

/** The WeCom contacts sync source's settings (v1 and v2) and their registration with NocoBase's user data sync. */
const api = { request: jest.fn(), axios: { defaults: { baseURL: '/api/' } } };
const CALLBACK = 'http://localhost/api/wecom:contactsCallback?source=wecom_contacts';

async function submitV1(form: FormilyForm) {
  let outcome: 'saved' | 'refused' = 'saved';
  await act(async () => {
    await form.submit().catch(() => {
      outcome = 'refused';
    });
  });
  return outcome;
}

describe('WeCom sync source settings', () => {
  it('v1: needs Corp ID, Secret and the authenticator, saves under options.*, shows the callback URL', async () => {
    const form = createForm({ values: { name: 'wecom_contacts', sourceType: 'wecom', options: {} } });
    render(
      <WithI18n>
        <FormProvider form={form}>
          <ObjectField name="options" component={[SyncSourceForm, { api }]} />
        </FormProvider>
      </WithI18n>,
    );
    expect(await submitV1(form)).toBe('refused');
    expect(form.errors.map((feedback) => feedback.path).sort()).toEqual([
      'options.authenticator',
      'options.corpId',
      'options.secret',
    ]);
    act(() => {
      form.setValuesIn('options', { corpId: 'ww0123456789abcdef', secret: 's', authenticator: 'wecom' });
      form.setValuesIn('options.removeLeavers', true);
      form.setValuesIn('options.maxRemovals', 50);
      form.setValuesIn('options.confirmRemovals', true);
    });
    expect(await submitV1(form)).toBe('saved');
    expect(form.values.options).toMatchObject({
      authenticator: 'wecom',
      removeLeavers: true,
      maxRemovals: 50,
      confirmRemovals: true,
    });
    expect(screen.getByText(CALLBACK)).toBeTruthy();
    // The limit of removals and its one-time confirmation are there; where WeCom is comes from the authenticator.
    expect(screen.getByText('Most unbinds at once')).toBeTruthy();
    expect(screen.getByText('Allow the next sync to go over the limit')).toBeTruthy();
    expect(screen.queryByText('API base URL')).toBeNull();
    expect(screen.queryByText('Outbound proxy')).toBeNull();
  });

  it('v2: the same fields under ["options", ...], and the callback URL of the name typed', async () => {
    let form!: FormInstance;
    const options = {
      corpId: 'ww0123456789abcdef',
      secret: 's',
      authenticator: 'wecom',
      createUnmatched: true,
      maxRemovals: 50,
      confirmRemovals: true,
    };
    function Drawer() {
      const [instance] = Form.useForm();
      form = instance;
      return (
        <Form form={instance} layout="vertical" initialValues={{ name: 'wecom_contacts', options }}>
          <Form.Item name="name" label="Source name">
            <Input />
          </Form.Item>
          <SyncSourceFormV2 api={api} />
        </Form>
      );
    }
    render(
      <WithI18n>
        <Drawer />
      </WithI18n>,
    );
    let values: { options?: Record<string, unknown> } = {};
    await act(async () => {
      values = await form.validateFields();
    });
    expect(values.options).toMatchObject(options);
    expect(screen.getByText(CALLBACK)).toBeTruthy();
    expect(screen.getByText('Most unbinds at once')).toBeTruthy();
    expect(screen.queryByText('API base URL')).toBeNull();
  });

  it('registers with the user data sync client only when that plugin is there', () => {
    const sync = { registerType: jest.fn(), sourceTypes: {} };
    const AdminSettingsForm = () => null;
    const app = { pm: { get: (name: string) => (name === '@nocobase/plugin-user-data-sync' ? sync : undefined) } };
    expect(registerSyncSourceForm(app, { AdminSettingsForm })).toBe(true);
    expect(sync.registerType).toHaveBeenCalledWith('wecom', { components: { AdminSettingsForm } });
    expect(registerSyncSourceForm({ pm: { get: () => undefined } }, { AdminSettingsForm })).toBe(false);
    // Another plugin answering to the name (no registry of source types) is left alone.
    const other = { registerType: jest.fn() };
    expect(registerSyncSourceForm({ pm: { get: () => other } }, { AdminSettingsForm })).toBe(false);
    expect(other.registerType).not.toHaveBeenCalled();
  });
});
