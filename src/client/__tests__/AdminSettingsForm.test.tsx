import { createForm, type Form } from '@formily/core';
import { FormProvider, ObjectField } from '@formily/react';
import { act, render, screen } from '@testing-library/react';
import React from 'react';
import { AdminSettingsForm } from '../AdminSettingsForm';
import { WithI18n } from '../../../test/client-setup/i18n';
import {
  expectSavedBoxesShown,
  SAVED_BOXES,
  tickUsernameNicknameEmail,
} from '../../../test/client-setup/admin-form-fixtures';

/** Stands for NocoBase's API client; the form only reads its base URL. */
const api = { request: jest.fn(), axios: { defaults: { baseURL: '/api/' } } };

/** Mounts the form like NocoBase's drawer does: a formily form, the settings inside the `options` object field. */
function renderForm(values: Record<string, any>, client: typeof api & { appName?: string } = api) {
  const form = createForm({ values });
  const view = render(
    <WithI18n>
      <FormProvider form={form}>
        <ObjectField name="options" component={[AdminSettingsForm, { api: client }]} />
      </FormProvider>
    </WithI18n>,
  );
  return { form, ...view };
}

async function submit(form: Form) {
  let outcome: 'saved' | 'refused' = 'saved';
  await act(async () => {
    await form.submit().catch(() => {
      outcome = 'refused';
    });
  });
  return outcome;
}

const complete = {
  name: 'wecom',
  authType: 'wecom',
  options: { wecom: { corpId: 'ww0123456789abcdef', agentId: '1000002', secret: 'app-secret-value' } },
};

describe('v1 admin settings form', () => {
  it('refuses to save without Corp ID, AgentId and Secret', async () => {
    const { form } = renderForm({ name: 'wecom', authType: 'wecom', options: {} });
    expect(await submit(form)).toBe('refused');
    const failed = form.errors.map((feedback) => feedback.path).sort();
    expect(failed).toEqual(['options.wecom.agentId', 'options.wecom.corpId', 'options.wecom.secret']);
    expect(screen.getAllByText('The field value is required')).toHaveLength(3);
  });

  it('saves a complete setting under options.*', async () => {
    const { form } = renderForm(complete);
    act(() => {
      form.setValuesIn('options.public.autoLogin', true);
      form.setValuesIn('options.wecom.timeoutMs', 8000);
    });
    expect(await submit(form)).toBe('saved');
    expect(form.values.options).toMatchObject({
      public: { autoLogin: true },
      wecom: { corpId: 'ww0123456789abcdef', agentId: '1000002', secret: 'app-secret-value', timeoutMs: 8000 },
    });
  });

  it('only warns about a Corp ID of an unusual shape', async () => {
    const { form } = renderForm({ ...complete, options: { wecom: { ...complete.options.wecom, corpId: 'corp-123' } } });
    expect(await submit(form)).toBe('saved');
    expect(screen.getByText(/does not look like a WeCom Corp ID/)).toBeTruthy();
  });

  it('refuses an Origin with a path and a redirect path that is not a path', async () => {
    const wecom = { ...complete.options.wecom, origin: 'https://nb.example.com/admin', redirectPath: 'admin' };
    const { form } = renderForm({ ...complete, options: { wecom } });
    expect(await submit(form)).toBe('refused');
    expect(screen.getByText('Enter only the scheme and host, e.g. https://nocobase.example.com')).toBeTruthy();
    expect(screen.getByText('Enter a path that starts with /, e.g. /admin')).toBeTruthy();
  });

  it('hides the secret in a password input', () => {
    const { container } = renderForm(complete);
    const secret = container.querySelector<HTMLInputElement>('input[type="password"]');
    expect(secret?.value).toBe('app-secret-value');
    expect(screen.queryByText('app-secret-value')).toBeNull();
    expect(container.querySelectorAll('input[type="password"]')).toHaveLength(1);
  });

  it('shows the workbench link and the trusted domain for the Origin and name, each with a copy button', () => {
    const { container } = renderForm({
      ...complete,
      options: { wecom: { ...complete.options.wecom, origin: 'https://nb.example.com:443' } },
    });
    expect(screen.getByText('https://nb.example.com/api/wecom:workbench?authenticator=wecom')).toBeTruthy();
    expect(screen.getByText('nb.example.com')).toBeTruthy();
    // (role queries trip over antd's injected CSS in jsdom, so look the buttons up by class)
    const copyButtons = container.querySelectorAll('button.ant-typography-copy');
    expect(copyButtons).toHaveLength(2);
  });

  it('follows the Origin and name as they are typed, using this site while Origin is empty', () => {
    const { form } = renderForm(complete);
    expect(screen.getByText('http://localhost/api/wecom:workbench?authenticator=wecom')).toBeTruthy();
    expect(screen.getByPlaceholderText('http://localhost')).toBeTruthy();
    act(() => {
      form.setValuesIn('options.wecom.origin', 'http://10.0.0.5:13000');
      form.setValuesIn('name', 'wecom-hq');
    });
    expect(screen.getByText('http://10.0.0.5:13000/api/wecom:workbench?authenticator=wecom-hq')).toBeTruthy();
    expect(screen.getByText('10.0.0.5:13000')).toBeTruthy();
  });

  it("follows the app's public path and, in a sub-app, points at that sub-app", () => {
    renderForm(complete, { request: jest.fn(), axios: { defaults: { baseURL: '/nocobase/api/' } }, appName: 'a' });
    expect(screen.getByText('http://localhost/nocobase/api/__app/a/wecom:workbench?authenticator=wecom')).toBeTruthy();
  });

  it('says where each value goes in the WeCom admin console', () => {
    renderForm(complete);
    expect(screen.getByText(/"Web authorization and JS-SDK"/)).toBeTruthy();
    expect(screen.getByText(/"Application homepage"/)).toBeTruthy();
    expect(screen.getByText(/"Enterprise trusted IP"/)).toBeTruthy();
  });

  it('folds the advanced settings by default, yet keeps them in the form', () => {
    const { form } = renderForm({
      ...complete,
      options: { wecom: { ...complete.options.wecom, apiBaseUrl: 'https://relay.example.com' } },
    });
    const header = screen.getByText('Advanced').closest('[aria-expanded]');
    expect(header?.getAttribute('aria-expanded')).toBe('false');
    expect(form.query('options.wecom.apiBaseUrl').take()).toBeTruthy();
    expect(screen.getByDisplayValue('https://relay.example.com')).toBeTruthy();
  });

  it('matches by mobile for a new authenticator, and saves the keys and profile fields ticked', async () => {
    const { form, container } = renderForm(complete);
    tickUsernameNicknameEmail(container);
    expect(await submit(form)).toBe('saved');
    expect(form.values.options.wecom.matchBy).toEqual(['mobile', 'username']);
    expect([...form.values.options.wecom.syncProfile].sort()).toEqual(['email', 'nickname']);
  });

  it('shows the saved match keys, mobile left out included', () => {
    const { container } = renderForm({
      ...complete,
      options: { wecom: { ...complete.options.wecom, ...SAVED_BOXES } },
    });
    expectSavedBoxesShown(container);
  });
});
