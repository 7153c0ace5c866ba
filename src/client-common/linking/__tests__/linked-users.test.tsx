/** "Linked users" in the admin form (v1 and v2): the list of an authenticator's bindings, and unlinking one. */
import { createForm } from '@formily/core';
import { FormProvider, ObjectField } from '@formily/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Form, Input } from 'antd';
import React from 'react';
import { AdminSettingsForm as AdminSettingsFormV2 } from '../../../client-v2/AdminSettingsForm';
import { AdminSettingsForm } from '../../../client/AdminSettingsForm';
import type { ApiRequestConfig } from '../../api';
import { WithI18n } from '../../../../test/client-setup/i18n';

// jsdom's selector engine cannot parse some of the CSS antd's Modal adds: where a computed style fails on it
// (the Modal's scroll lock, the Popconfirm's alignment), answer an empty style instead.
const computedStyle = window.getComputedStyle.bind(window);
beforeAll(() => {
  jest.spyOn(window, 'getComputedStyle').mockImplementation((element, pseudo) => {
    try {
      return pseudo ? document.createElement('div').style : computedStyle(element);
    } catch {
      return document.createElement('div').style;
    }
  });
});
afterAll(() => jest.restoreAllMocks());

const ROWS = [
  {
    userId: 7,
    nickname: 'Linked One',
    username: 'linked1',
    userid: 'Linked-A',
    name: '赵六',
    linkedAt: '2026-01-02T03:04:05.000Z',
    linkedBy: 'phone',
    stale: false,
  },
  {
    userId: 9,
    nickname: null,
    username: 'old',
    userid: 'old-corp',
    name: 'Old',
    linkedAt: null,
    linkedBy: null,
    stale: true,
  },
  {
    userId: 11,
    nickname: 'Mail Match',
    username: 'mail',
    userid: 'mail-m',
    name: '孙七',
    linkedAt: '2026-01-03T03:04:05.000Z',
    linkedBy: 'email',
    stale: false,
  },
];

/** Answers like the server: the bindings of `rows` still linked, one page at a time. */
function fakeApi(rows = ROWS) {
  let linked = [...rows];
  return {
    axios: { defaults: { baseURL: '/api/' } },
    request: jest.fn(async (config: ApiRequestConfig) => {
      if (config.url === 'wecom:linkedUsers') {
        const page = Number(config.params?.page);
        const pageSize = Number(config.params?.pageSize);
        const users = linked.slice((page - 1) * pageSize, page * pageSize);
        return { data: { data: { users, count: linked.length, page, pageSize } } };
      }
      if (config.url === 'wecom:unlinkUser') {
        linked = linked.filter((row) => row.userId !== (config.data as { userId: number }).userId);
        return { data: { data: { unlinked: true } } };
      }
      throw new Error(`unexpected ${config.url}`);
    }),
  };
}

// By selector: *ByRole reads the computed styles of antd's CSS, which jsdom's selector engine cannot parse.
const dialogRows = () => Array.from(document.querySelectorAll('.ant-modal tbody tr')).map((row) => row.textContent);

async function openAndUnlink(api: ReturnType<typeof fakeApi>, name: string) {
  await act(async () => void fireEvent.click(screen.getByText('Linked users').closest('button')!));
  await waitFor(() => expect(dialogRows()).toHaveLength(3));
  expect(api.request).toHaveBeenCalledWith(
    expect.objectContaining({
      url: 'wecom:linkedUsers',
      method: 'get',
      params: { authenticator: name, page: '1', pageSize: '20' },
    }),
  );
  expect(dialogRows()[0]).toContain('Linked One');
  expect(dialogRows()[0]).toContain('Linked-A');
  expect(dialogRows()[0]).toContain('赵六');
  expect(dialogRows()[0]).toContain('Mobile number match');
  expect(dialogRows()[1]).toContain('old');
  expect(dialogRows()[1]).toContain('another Corp ID');
  expect(dialogRows()[2]).toContain('Email match');
  await act(async () => void fireEvent.click(screen.getByTestId('wecom-unlink-7')));
  const confirm = await screen.findByText('Unlink this user from WeCom?');
  const popover = confirm.closest('.ant-popover') as HTMLElement;
  await act(async () => void fireEvent.click(within(popover).getByText('Unlink').closest('button')!));
  expect(api.request).toHaveBeenCalledWith(
    expect.objectContaining({ url: 'wecom:unlinkUser', method: 'post', data: { authenticator: name, userId: 7 } }),
  );
  await waitFor(() => expect(dialogRows()).toHaveLength(2));
  expect(dialogRows()[0]).toContain('old-corp');
}

describe('Linked users in the admin form', () => {
  it('v1: lists the bindings and unlinks one after a confirmation', async () => {
    const api = fakeApi();
    const form = createForm({ values: { name: 'wecom', options: { wecom: {} } } });
    render(
      <WithI18n>
        <FormProvider form={form}>
          <ObjectField name="options" component={[AdminSettingsForm, { api }]} />
        </FormProvider>
      </WithI18n>,
    );
    await openAndUnlink(api, 'wecom');
  });

  it('v2: lists the bindings and unlinks one after a confirmation', async () => {
    const api = fakeApi();
    render(
      <WithI18n>
        <Form initialValues={{ name: 'wecom-hq', options: { wecom: {} } }}>
          <Form.Item name="name">
            <Input />
          </Form.Item>
          <AdminSettingsFormV2 api={api} />
        </Form>
      </WithI18n>,
    );
    await openAndUnlink(api, 'wecom-hq');
  });

  it('pages through thousands of bindings, one page from the server at a time', async () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ ...ROWS[0], userId: 100 + i, userid: `member-${i}` }));
    const api = fakeApi(many);
    const form = createForm({ values: { name: 'wecom', options: { wecom: {} } } });
    render(
      <WithI18n lng="zh-CN">
        <FormProvider form={form}>
          <ObjectField name="options" component={[AdminSettingsForm, { api }]} />
        </FormProvider>
      </WithI18n>,
    );
    await act(async () => void fireEvent.click(screen.getByText('已关联用户').closest('button')!));
    await waitFor(() => expect(dialogRows()).toHaveLength(20));
    expect(screen.getByText('共 45 个已关联用户')).toBeTruthy();
    await act(async () => void fireEvent.click(document.querySelector('.ant-pagination-item-3')!));
    await waitFor(() => expect(dialogRows()).toHaveLength(5));
    expect(dialogRows()[0]).toContain('member-40');
    expect(api.request).toHaveBeenLastCalledWith(
      expect.objectContaining({ params: { authenticator: 'wecom', page: '3', pageSize: '20' } }),
    );
  });

  it('shows nothing before the authenticator has a name', () => {
    const form = createForm({ values: { options: { wecom: {} } } });
    render(
      <WithI18n>
        <FormProvider form={form}>
          <ObjectField name="options" component={[AdminSettingsForm, { api: fakeApi() }]} />
        </FormProvider>
      </WithI18n>,
    );
    expect(screen.queryByText('Linked users')).toBeNull();
  });
});
