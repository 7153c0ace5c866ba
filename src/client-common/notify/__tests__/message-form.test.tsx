/**
 * The WeCom channel's message forms as NocoBase's Notification node draws them (the v2 fieldset, in the v1 admin
 * too): loaded through the registered loaders, inside an antd Form with `namePrefix={['config']}`.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Form, type FormInstance } from 'antd';
import React, { type ComponentType } from 'react';
import { WithI18n } from '../../../../test/client-setup/i18n';
import { optionLabels } from '../../../../test/client-setup/notify-channel-fixtures';
import { fakeRequireJs, USER_VARIABLES } from '../../../../test/client-setup/notify-fixtures';
import { registerNotifyChannel } from '../notify-registration';

const NODE_VARIABLES = [
  { name: '$context', title: 'Trigger' },
  { name: '$jobsMapByNodeKey', title: 'Node result' },
];
const api = { request: jest.fn(async () => ({ data: { data: [] } })) };

async function loadersOf(app: Record<string, unknown>) {
  const manager = { registerChannelType: jest.fn() };
  expect(
    registerNotifyChannel(
      { ...app, pm: { get: (name: string) => (name === 'notification-manager' ? manager : undefined) } },
      api,
    ),
  ).toBe(true);
  return manager.registerChannelType.mock.calls[0][0].components;
}

/** Renders a loaded form the way the Notification node does; resolves to the antd form. */
async function renderNodeForm(Loaded: ComponentType<any>, initial: Record<string, unknown> = {}) {
  let form!: FormInstance;
  function Node() {
    const [instance] = Form.useForm();
    form = instance;
    return (
      <Form form={instance} layout="vertical" initialValues={{ config: initial }}>
        <Loaded namePrefix={['config']} variableOptions={NODE_VARIABLES} />
      </Form>
    );
  }
  render(
    <WithI18n>
      <Node />
    </WithI18n>,
  );
  return form;
}

async function validate(form: FormInstance): Promise<{ values?: any; errors?: string[] }> {
  let outcome: { values?: any; errors?: string[] } = {};
  await act(async () => {
    outcome = await form.validateFields().then(
      (values) => ({ values }),
      (error) => ({ errors: error.errorFields.flatMap((field: { errors: string[] }) => field.errors) }),
    );
  });
  return outcome;
}

const type = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } });

describe('message form (Notification node)', () => {
  it("writes receivers, msgType and the texts under content, below the node's config", async () => {
    const { requirejs, asked } = fakeRequireJs();
    const { MessageConfigFormLoader } = await loadersOf({ requirejs: { requirejs } });
    const { default: MessageForm } = await MessageConfigFormLoader();
    expect(asked.flat().sort()).toEqual([
      '@nocobase/plugin-notification-manager/client-v2',
      '@nocobase/plugin-workflow/client-v2',
    ]);
    const form = await renderNodeForm(MessageForm);

    fireEvent.click(screen.getByText('Add user'));
    fireEvent.click(screen.getByText('Add query'));
    const users = await screen.findAllByLabelText('user');
    type(users[0], '7');
    // The user pickers offer the workflow's variables that hold a user id.
    expect(users[0].getAttribute('data-user-variables')).toBe(String(USER_VARIABLES.length));

    const title = document.getElementById('config_content_title')!;
    const body = document.getElementById('config_content_body')!;
    expect(body.tagName).toBe('TEXTAREA');
    // The texts offer the node's variables.
    expect(title.getAttribute('data-variables')).toBe(String(NODE_VARIABLES.length));
    type(title, 'Order {{$context.data.id}}');
    type(body, 'Amount: {{$context.data.amount}}');
    type(document.getElementById('config_content_link')!, '/admin/orders/{{$context.data.id}}');
    type(document.getElementById('config_content_buttonText')!, 'Open');

    const { values } = await validate(form);
    expect(values).toEqual({
      config: {
        receivers: [7, { filter: {} }],
        msgType: 'textcard',
        content: {
          title: 'Order {{$context.data.id}}',
          body: 'Amount: {{$context.data.amount}}',
          link: '/admin/orders/{{$context.data.id}}',
          buttonText: 'Open',
        },
      },
    });
  });

  it('offers the four message types, text card first, and keeps a saved one', async () => {
    const { requirejs } = fakeRequireJs();
    const { MessageConfigFormLoader } = await loadersOf({ requirejs: { requirejs } });
    const { default: MessageForm } = await MessageConfigFormLoader();
    const form = await renderNodeForm(MessageForm, { msgType: 'markdown', receivers: [3], content: { body: 'x' } });
    expect((await validate(form)).values.config.msgType).toBe('markdown');

    fireEvent.mouseDown(document.getElementById('config_msgType')!);
    const list = await screen.findByRole('listbox');
    expect(list).toBeTruthy();
    expect(optionLabels()).toEqual(['Text card', 'Markdown', 'Text', 'Template card (text notice)']);
    fireEvent.click(within(document.body).getByText('Template card (text notice)'));
    expect((await validate(form)).values.config.msgType).toBe('template_card');
  });

  it('refuses a message with no receiver or no content', async () => {
    const { requirejs } = fakeRequireJs();
    const { MessageConfigFormLoader } = await loadersOf({ requirejs: { requirejs } });
    const { default: MessageForm } = await MessageConfigFormLoader();
    const form = await renderNodeForm(MessageForm);
    const { errors } = await validate(form);
    expect(errors).toEqual(expect.arrayContaining(['Add at least one receiver', 'Enter the content']));
  });

  it('the content form (sendToUsers callers) has the same texts and no receivers', async () => {
    const { requirejs } = fakeRequireJs();
    const { ContentConfigFormLoader } = await loadersOf({ requirejs: { requirejs } });
    const { default: ContentForm } = await ContentConfigFormLoader();
    const form = await renderNodeForm(ContentForm);
    expect(screen.queryByText('Receivers')).toBeNull();
    type(document.getElementById('config_content_body')!, 'Hello');
    expect((await validate(form)).values).toEqual({
      config: {
        msgType: 'textcard',
        content: { title: undefined, body: 'Hello', link: undefined, buttonText: undefined },
      },
    });
  });

  it('without the workflow module (the page cannot load it): plain inputs, and the receivers say why', async () => {
    const { requirejs } = fakeRequireJs({});
    const { MessageConfigFormLoader } = await loadersOf({ requirejs: { requirejs } });
    const { default: MessageForm } = await MessageConfigFormLoader();
    const form = await renderNodeForm(MessageForm);
    expect(
      screen.getByText('The user picker comes with the Workflow plugin: enable it, then reload the page.'),
    ).toBeTruthy();
    type(document.getElementById('config_content_body')!, 'Plain {{$context.data.id}}');
    expect((await validate(form)).values.config.content.body).toBe('Plain {{$context.data.id}}');
  });
});
