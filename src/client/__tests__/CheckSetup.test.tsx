import { createForm } from '@formily/core';
import { FormProvider, ObjectField } from '@formily/react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import React from 'react';
import { AdminSettingsForm } from '../AdminSettingsForm';
import { ANSWER, fakeApi, shownLines } from '../../../test/client-setup/check-setup-fixtures';
import { WithI18n } from '../../../test/client-setup/i18n';

function renderForm(api: ReturnType<typeof fakeApi>) {
  const form = createForm({
    values: { name: 'wecom', options: { wecom: { corpId: 'ww0123456789abcdef', agentId: '1000002', secret: '' } } },
  });
  return render(
    <WithI18n>
      <FormProvider form={form}>
        <ObjectField name="options" component={[AdminSettingsForm, { api }]} />
      </FormProvider>
    </WithI18n>,
  );
}

const clickCheck = () => act(async () => void fireEvent.click(screen.getByText('Check setup').closest('button')!));

describe('v1 admin form: Check setup', () => {
  it('posts the form values and shows one line per check, each ✗ with its fix', async () => {
    const api = fakeApi({ data: ANSWER });
    const { container } = renderForm(api);
    await clickCheck();
    expect(api.request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'wecom:checkSetup',
        method: 'post',
        data: {
          name: 'wecom',
          options: {
            wecom: expect.objectContaining({ corpId: 'ww0123456789abcdef', agentId: '1000002', secret: '' }),
          },
        },
      }),
    );
    expect(shownLines(container)).toEqual([
      '✓ Corp ID and Secret',
      '✓ Trusted IP',
      '✓ AgentId, app enabled',
      '✗ Trusted domain The trusted domain of the WeCom app is "nb.example.com:443", but this site is "nb.example.com". In App Management → this app → "Web authorization and JS-SDK", set it to nb.example.com (no scheme, no :443).',
      '✓ Application homepage',
      '✗ Visible range Nobody can sign in: the visible range of the WeCom app is empty. In App Management → this app → "Visible range", add the members or departments who sign in.',
    ]);
  });

  it("shows the server's message when the check is refused (429)", async () => {
    const error = {
      response: { status: 429, data: { errors: [{ message: 'Check setup has just run for this authenticator.' }] } },
    };
    const { container } = renderForm(fakeApi({ error }));
    await clickCheck();
    expect(screen.getByText('Check setup has just run for this authenticator.')).toBeTruthy();
    expect(shownLines(container)).toEqual([]);
  });
});
