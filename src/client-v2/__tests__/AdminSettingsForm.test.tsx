import { act, render, screen } from '@testing-library/react';
import { Form, type FormInstance, Input } from 'antd';
import React from 'react';
import { WithI18n } from '../../../test/client-setup/i18n';
import { AdminSettingsForm } from '../AdminSettingsForm';
import {
  expectSavedBoxesShown,
  SAVED_BOXES,
  tickUsernameNicknameEmail,
} from '../../../test/client-setup/admin-form-fixtures';

/** Stands for NocoBase's API client; the form only reads its base URL. */
const api = { request: jest.fn(), axios: { defaults: { baseURL: '/api/' } } };

/** Mounts the form like the v2 Authenticators drawer: an antd Form with `name` and the settings under `options`. */
function renderForm(initialValues: Record<string, any>, client: typeof api & { appName?: string } = api) {
  let form!: FormInstance;
  function Drawer() {
    const [instance] = Form.useForm();
    form = instance;
    return (
      <Form form={instance} layout="vertical" initialValues={initialValues}>
        <Form.Item name="name" label="Auth UID">
          <Input />
        </Form.Item>
        <AdminSettingsForm api={client} />
      </Form>
    );
  }
  const view = render(
    <WithI18n>
      <Drawer />
    </WithI18n>,
  );
  return { form, ...view };
}

async function validate(form: FormInstance) {
  let outcome: { values?: any; errorFields?: { name: (string | number)[]; errors: string[] }[] } = {};
  await act(async () => {
    outcome = await form.validateFields().then(
      (values) => ({ values }),
      (error) => ({ errorFields: error.errorFields }),
    );
  });
  return outcome;
}

const complete = {
  name: 'wecom',
  options: { wecom: { corpId: 'ww0123456789abcdef', agentId: '1000002', secret: 'app-secret-value' } },
};

describe('v2 admin settings form', () => {
  it('refuses to save without Corp ID, AgentId and Secret', async () => {
    const { form } = renderForm({ name: 'wecom', options: {} });
    const { errorFields } = await validate(form);
    expect(errorFields?.map((field) => field.name.join('.')).sort()).toEqual([
      'options.wecom.agentId',
      'options.wecom.corpId',
      'options.wecom.secret',
    ]);
  });

  it('saves every setting under options.*, the folded advanced ones included', async () => {
    const { form } = renderForm({
      ...complete,
      options: {
        public: { autoLogin: true },
        wecom: { ...complete.options.wecom, ssoBaseUrl: 'https://sso.relay.example.com', timeoutMs: 8000 },
      },
    });
    const { values } = await validate(form);
    expect(values.options).toMatchObject({
      public: { autoLogin: true },
      wecom: {
        corpId: 'ww0123456789abcdef',
        agentId: '1000002',
        secret: 'app-secret-value',
        ssoBaseUrl: 'https://sso.relay.example.com',
        timeoutMs: 8000,
      },
    });
    const header = screen.getByText('Advanced').closest('[aria-expanded]');
    expect(header?.getAttribute('aria-expanded')).toBe('false');
  });

  it('only warns about a Corp ID of an unusual shape', async () => {
    const { form } = renderForm({ ...complete, options: { wecom: { ...complete.options.wecom, corpId: 'corp-123' } } });
    const { values } = await validate(form);
    expect(values?.options.wecom.corpId).toBe('corp-123');
    expect(await screen.findByText(/does not look like a WeCom Corp ID/)).toBeTruthy();
  });

  it('refuses an Origin with a path', async () => {
    const { form } = renderForm({
      ...complete,
      options: { wecom: { ...complete.options.wecom, origin: 'https://nb.example.com/x' } },
    });
    const { errorFields } = await validate(form);
    expect(errorFields?.[0].errors).toEqual(['Enter only the scheme and host, e.g. https://nocobase.example.com']);
  });

  it('hides the secret in a password input', () => {
    const { container } = renderForm(complete);
    const secret = container.querySelector<HTMLInputElement>('input[type="password"]');
    expect(secret?.value).toBe('app-secret-value');
    expect(screen.queryByText('app-secret-value')).toBeNull();
  });

  it('shows the workbench link and the trusted domain for the Origin and name, each with a copy button', async () => {
    const { form, container } = renderForm({
      ...complete,
      options: { wecom: { ...complete.options.wecom, origin: 'https://nb.example.com:8443' } },
    });
    expect(await screen.findByText('https://nb.example.com:8443/api/wecom:workbench?authenticator=wecom')).toBeTruthy();
    expect(screen.getByText('nb.example.com:8443')).toBeTruthy();
    expect(container.querySelectorAll('button.ant-typography-copy')).toHaveLength(2);

    act(() => form.setFieldsValue({ name: 'wecom-hq', options: { wecom: { origin: '' } } }));
    expect(await screen.findByText('http://localhost/api/wecom:workbench?authenticator=wecom-hq')).toBeTruthy();
    expect(screen.getByText('localhost')).toBeTruthy();
  });

  it("follows the app's public path and, in a sub-app, points at that sub-app", async () => {
    renderForm(complete, { request: jest.fn(), axios: { defaults: { baseURL: '/nocobase/api/' } }, appName: 'a' });
    expect(
      await screen.findByText('http://localhost/nocobase/api/__app/a/wecom:workbench?authenticator=wecom'),
    ).toBeTruthy();
  });

  it('matches by mobile for a new authenticator, and saves the keys and profile fields ticked', async () => {
    const { form, container } = renderForm(complete);
    tickUsernameNicknameEmail(container);
    const { values } = await validate(form);
    expect(values.options.wecom.matchBy).toEqual(['mobile', 'username']);
    expect([...values.options.wecom.syncProfile].sort()).toEqual(['email', 'nickname']);
  });

  it('shows the saved match keys, mobile left out included', () => {
    const { container } = renderForm({
      ...complete,
      options: { wecom: { ...complete.options.wecom, ...SAVED_BOXES } },
    });
    expectSavedBoxesShown(container);
  });
});
