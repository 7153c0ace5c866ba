/**
 * Write-only settings in the forms (v1 formily, v2 antd; the authenticator and the sync source): the server answers a
 * saved Secret, Token or EncodingAESKey only as "set" (`options.storedSecrets`), so the field starts empty, says so,
 * is not required, and is saved empty (the server keeps the value). "Clear" sends null, "Undo" takes it back.
 */
import { createForm, type Form as FormilyForm } from '@formily/core';
import { FormProvider, ObjectField } from '@formily/react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Form, type FormInstance, Input } from 'antd';
import React from 'react';
import { AdminSettingsForm } from '../../../client/AdminSettingsForm';
import { SyncSourceForm } from '../../../client/SyncSourceForm';
import { AdminSettingsForm as AdminSettingsFormV2 } from '../../../client-v2/AdminSettingsForm';
import { SyncSourceForm as SyncSourceFormV2 } from '../../../client-v2/SyncSourceForm';
import { type TestLanguage, WithI18n } from '../../../../test/client-setup/i18n';

const api = { request: jest.fn(), axios: { defaults: { baseURL: '/api/' } } };

/** A saved authenticator as `authenticators:get` answers it: the Secret withheld, the proxy password masked. */
const savedAuthenticator = {
  id: 7,
  name: 'wecom',
  authType: 'wecom',
  options: {
    wecom: { corpId: 'ww0123456789abcdef', agentId: '1000002', proxy: 'http://me:********@10.0.0.9:3128' },
    storedSecrets: ['wecom.secret'],
  },
};
/** A saved sync source as `userDataSyncSources:get` answers it. */
const savedSource = {
  id: 3,
  name: 'wecom_contacts',
  sourceType: 'wecom',
  options: {
    corpId: 'ww0123456789abcdef',
    authenticator: 'wecom',
    storedSecrets: ['secret', 'token', 'encodingAESKey'],
  },
};

function v1(Component: React.ComponentType<any>, values: object, lng?: TestLanguage) {
  const form = createForm({ values: JSON.parse(JSON.stringify(values)) });
  const view = render(
    <WithI18n lng={lng}>
      <FormProvider form={form}>
        <ObjectField name="options" component={[Component, { api }]} />
      </FormProvider>
    </WithI18n>,
  );
  const save = async () => {
    let refused = false;
    await act(async () => {
      await form.submit().catch(() => {
        refused = true;
      });
    });
    return refused ? undefined : JSON.parse(JSON.stringify(form.values));
  };
  return { ...view, save, form: form as FormilyForm };
}

function v2(Component: React.ComponentType<any>, values: object, lng?: TestLanguage) {
  let form!: FormInstance;
  function Drawer() {
    const [instance] = Form.useForm();
    form = instance;
    return (
      <Form form={instance} layout="vertical" initialValues={JSON.parse(JSON.stringify(values))}>
        <Form.Item name="name" label="Name">
          <Input />
        </Form.Item>
        <Component api={api} />
      </Form>
    );
  }
  const view = render(
    <WithI18n lng={lng}>
      <Drawer />
    </WithI18n>,
  );
  const save = async () => {
    let saved: any;
    await act(async () => {
      saved = await form.validateFields().catch(() => undefined);
    });
    return saved;
  };
  return { ...view, save };
}

// v2 first: the v1 (formily) styles left in the page hold selectors that jsdom cannot match when antd measures an error.
const mounts = [
  ['v2', v2],
  ['v1', v1],
] as const;
const admin = { v1: AdminSettingsForm, v2: AdminSettingsFormV2 };
const sync = { v1: SyncSourceForm, v2: SyncSourceFormV2 };

describe.each(mounts)('%s: write-only settings', (ui, mount) => {
  it('an authenticator with a saved Secret: the field is empty, says it is set, and saves without it', async () => {
    const { save, container } = mount(admin[ui], savedAuthenticator);
    const secret = screen.getByPlaceholderText('Set — leave empty to keep') as HTMLInputElement;
    expect(secret.value).toBe('');
    expect(secret.type).toBe('password');
    // The Secret is required: it can be replaced, not cleared.
    expect(screen.queryByText('Clear')).toBeNull();
    expect(screen.getByDisplayValue('http://me:********@10.0.0.9:3128')).toBeTruthy();
    const saved = await save();
    expect(saved).toBeDefined();
    expect(['', undefined]).toContain(saved.options.wecom.secret);
    expect(container.textContent).toContain('it appears as ********');
  });

  it('a new authenticator still needs its Secret', async () => {
    const { save } = mount(admin[ui], { name: 'wecom', options: { wecom: savedAuthenticator.options.wecom } });
    expect(screen.queryByPlaceholderText('Set — leave empty to keep')).toBeNull();
    expect(await save()).toBeUndefined();
  });

  it('a sync source: each saved secret says so; Clear sends null for the Token, Undo takes it back', async () => {
    const { save } = mount(sync[ui], savedSource);
    expect(screen.getAllByPlaceholderText('Set — leave empty to keep')).toHaveLength(3);
    // The Secret is required (no Clear); the Token and the EncodingAESKey may be cleared.
    const clears = screen.getAllByText('Clear');
    expect(clears).toHaveLength(2);
    act(() => void fireEvent.click(clears[0]));
    expect(screen.getByText('Cleared when you save')).toBeTruthy();
    expect((await save()).options).toMatchObject({ token: null });
    act(() => void fireEvent.click(screen.getByText('Undo')));
    expect(screen.getAllByPlaceholderText('Set — leave empty to keep')).toHaveLength(3);
    const typed = screen.getAllByPlaceholderText('Set — leave empty to keep')[1];
    act(() => void fireEvent.change(typed, { target: { value: 'NewToken1' } }));
    expect((await save()).options).toMatchObject({ token: 'NewToken1' });
  });

  it('says it in Chinese and Japanese too', () => {
    const zh = mount(sync[ui], savedSource, 'zh-CN');
    expect(zh.getAllByPlaceholderText('已设置 — 留空则保留')).toHaveLength(3);
    zh.unmount();
    mount(sync[ui], savedSource, 'ja-JP');
    expect(screen.getAllByPlaceholderText('設定済み — 空欄のままで保持')).toHaveLength(3);
  });
});
