import { createForm } from '@formily/core';
import { FormProvider, ObjectField } from '@formily/react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Form, Input } from 'antd';
import React from 'react';
import { SyncSourceForm } from '../../../client/SyncSourceForm';
import { SyncSourceForm as SyncSourceFormV2 } from '../../../client-v2/SyncSourceForm';
import type { SyncPreview } from '../../../sync-preview';
import { fakeApi } from '../../../../test/client-setup/check-setup-fixtures';
import { tolerateFormilyStyles } from '../../../../test/client-setup/formily-styles';
import { type TestLanguage, WithI18n } from '../../../../test/client-setup/i18n';

/** Preview in the sync source's form (v1, v2): asks the server, shows its answer in a modal. */
const none = { count: 0, sample: [] };
const ANSWER: SyncPreview = {
  departments: 4,
  members: 120,
  bound: 100,
  linked: { count: 2, sample: ['Dan', 'Fay'], byKey: { mobile: 1, email: 1 } },
  created: { count: 7, sample: ['Cat', 'Eve', 'Gus', 'Hal', 'Ida'] },
  unbound: [{ reason: 'privileged', count: 1, sample: ['The Boss'] }],
  leavers: { unbind: { count: 1, sample: ['Bob'] }, remove: none, rootKept: none },
  departmentChanges: { created: { count: 1, sample: ['Beijing'] }, moved: none, updated: none, deleted: none },
};

/** The modal's lines as the admin reads them. */
const shownLines = () =>
  Array.from(document.body.querySelectorAll('li[data-preview-line]')).map((li) =>
    Array.from(li.children)
      .map((part) => part.textContent)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

/** Clicks its button, once it says `label` (antd spaces out a two-character one: 预 览). */
async function clickPreview(label: string) {
  const button = screen.getByTestId('wecom-sync-preview').querySelector('button') as HTMLButtonElement;
  expect(button.textContent?.replace(/\s+/g, '')).toBe(label);
  await act(async () => void fireEvent.click(button));
}

function renderV1(api: ReturnType<typeof fakeApi>, lng: TestLanguage) {
  const form = createForm({ values: { name: 'wecom_contacts', sourceType: 'wecom', options: {} } });
  render(
    <WithI18n lng={lng}>
      <FormProvider form={form}>
        <ObjectField name="options" component={[SyncSourceForm, { api }]} />
      </FormProvider>
    </WithI18n>,
  );
}

tolerateFormilyStyles();

describe('Preview of a WeCom sync source', () => {
  afterEach(() => document.body.replaceChildren());

  it('v2: posts the source name and shows each kind of change with its count and names', async () => {
    const api = fakeApi({ data: ANSWER });
    render(
      <WithI18n>
        <Form initialValues={{ name: 'wecom_contacts', options: {} }}>
          <Form.Item name="name">
            <Input />
          </Form.Item>
          <SyncSourceFormV2 api={api} />
        </Form>
      </WithI18n>,
    );
    await clickPreview('Preview');
    expect(api.request).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'wecom:previewSync', method: 'post', data: { name: 'wecom_contacts' } }),
    );
    expect(screen.getByText('WeCom lists 120 members in 4 departments. Nothing has been written.')).toBeTruthy();
    expect(shownLines()).toEqual([
      'Already bound (kept in step): 100',
      'To link to existing users: 2 (by mobile: 1, by email: 1) Dan, Fay',
      'To create as new users: 7 Cat, Eve, Gus, Hal, Ida, …',
      'To leave unbound: administrator accounts are never linked automatically: 1 The Boss',
      'Leavers to unbind (their users are kept): 1 Bob',
      'Departments to create: 1 Beijing',
    ]);
  });

  it("v1: in the admin's language, with the warning of a sync the removal limit would stop", async () => {
    renderV1(fakeApi({ data: { ...ANSWER, stop: '未写入任何内容：……' } }), 'zh-CN');
    await clickPreview('预览');
    expect(screen.getByText('下次同步预览')).toBeTruthy();
    expect(screen.getByText('未写入任何内容：……')).toBeTruthy();
    expect(shownLines()).toContain('将创建为新用户: 7 Cat, Eve, Gus, Hal, Ida, …');
  });

  it("shows the server's message when Preview cannot run", async () => {
    const error = { response: { status: 400, data: { errors: [{ message: 'This Secret may not read contacts.' }] } } };
    renderV1(fakeApi({ error }), 'en-US');
    await clickPreview('Preview');
    expect(screen.getByText('This Secret may not read contacts.')).toBeTruthy();
    expect(shownLines()).toEqual([]);
  });
});
