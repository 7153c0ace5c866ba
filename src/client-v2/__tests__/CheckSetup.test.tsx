import { act, fireEvent, render, screen } from '@testing-library/react';
import { Form, Input } from 'antd';
import React from 'react';
import { ANSWER, fakeApi, shownLines } from '../../../test/client-setup/check-setup-fixtures';
import { WithI18n } from '../../../test/client-setup/i18n';
import { AdminSettingsForm } from '../AdminSettingsForm';

function renderForm(api: ReturnType<typeof fakeApi>) {
  const initialValues = { name: 'wecom-hq', options: { wecom: { corpId: 'ww0123456789abcdef', agentId: '1000002' } } };
  return render(
    <WithI18n>
      <Form layout="vertical" initialValues={initialValues}>
        <Form.Item name="name" label="Auth UID">
          <Input />
        </Form.Item>
        <AdminSettingsForm api={api} />
      </Form>
    </WithI18n>,
  );
}

describe('v2 admin form: Check setup', () => {
  it('posts the form values and shows ✓ / ✗ lines, a skipped one and a missing field by its label', async () => {
    const lines = [
      { check: 'credentials', status: 'fail', message: 'badSecret', params: {} },
      { check: 'agent', status: 'skipped' },
      ...ANSWER.lines.slice(3, 4),
    ];
    const api = fakeApi({ data: { lines } });
    const { container } = renderForm(api);
    await act(async () => void fireEvent.click(screen.getByText('Check setup').closest('button')!));
    const sent = (api.request.mock.calls[0] as any)[0];
    expect(sent).toMatchObject({ url: 'wecom:checkSetup', method: 'post' });
    expect(sent.data).toMatchObject({
      name: 'wecom-hq',
      options: { wecom: { corpId: 'ww0123456789abcdef', agentId: '1000002' } },
    });
    expect(shownLines(container)).toEqual([
      '✗ Corp ID and Secret WeCom rejected the Secret. Check the Secret of this app in the authenticator settings.',
      '– AgentId, app enabled Not checked: fix the lines above first.',
      expect.stringMatching(/^✗ Trusted domain The trusted domain of the WeCom app is "nb\.example\.com:443"/),
    ]);
  });

  it('names the missing fields of a form that cannot be checked', async () => {
    const lines = [{ check: 'settings', status: 'fail', message: 'notSetUp', params: { fields: 'Secret' } }];
    const { container } = renderForm(fakeApi({ data: { lines } }));
    await act(async () => void fireEvent.click(screen.getByText('Check setup').closest('button')!));
    expect(shownLines(container)).toEqual([
      '✗ Settings in this form WeCom sign-in is not set up: Secret missing. Ask the administrator to complete the authenticator settings.',
    ]);
  });
});
