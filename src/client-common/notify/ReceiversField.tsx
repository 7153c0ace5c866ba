/**
 * The message's receivers as NocoBase users, drawn as the in-app channel draws them: a list of the workflow's user
 * pickers (a user, a variable, or a filter on users) and the notification manager's "add" button. Written under
 * `[...namePrefix, 'receivers']`; the server resolves them (ids, and filters, where an empty one selects nobody).
 */
import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form } from 'antd';
import React from 'react';
import { useWecomTranslation } from '../locale';
import {
  type NamePath,
  RECEIVERS,
  RECEIVERS_DESCRIPTION,
  RECEIVERS_LABEL,
  RECEIVERS_REQUIRED,
  under,
} from './message-fields';
import type { PageModules } from './page-modules';

const noVariables = (): unknown[] | undefined => undefined;

export function ReceiversField({ namePrefix, modules }: { namePrefix?: NamePath; modules: PageModules }) {
  const { t } = useWecomTranslation();
  const form = Form.useFormInstance();
  const name = under(namePrefix, RECEIVERS);
  const receivers = Form.useWatch(name, form);
  const { UsersSelect, UserAddition, isUserKeyField } = modules;
  // The same hook on every render of a form: the modules are loaded once, before the form is drawn.
  const useUserVariables = modules.useWorkflowVariableOptions ?? noVariables;
  const userVariables = useUserVariables(isUserKeyField ? { types: [isUserKeyField] } : {});

  if (!UsersSelect) {
    return (
      <Form.Item label={t(RECEIVERS_LABEL)} required>
        <Alert
          type="warning"
          showIcon
          message={t('The user picker comes with the Workflow plugin: enable it, then reload the page.')}
        />
      </Form.Item>
    );
  }
  const hasReceiver = async (_: unknown, value: unknown) => {
    if (!Array.isArray(value) || !value.some((item) => item !== null && item !== undefined && item !== '')) {
      throw new Error(t(RECEIVERS_REQUIRED));
    }
  };
  return (
    <Form.List name={name} rules={[{ validator: hasReceiver }]}>
      {(fields, { add, remove }, { errors }) => (
        <Form.Item
          label={t(RECEIVERS_LABEL)}
          required
          extra={t(RECEIVERS_DESCRIPTION)}
          validateStatus={errors.length ? 'error' : undefined}
          help={errors.length ? errors[0] : undefined}
        >
          <Flex vertical gap="small" style={{ width: '100%' }}>
            {fields.map((field) => (
              <Flex key={field.key} gap="small" align="center" style={{ width: '100%' }}>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Form.Item name={field.name} noStyle>
                    <UsersSelect variableOptions={userVariables} />
                  </Form.Item>
                </div>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('Remove this receiver')}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            {UserAddition ? (
              <UserAddition
                value={Array.isArray(receivers) ? receivers : []}
                onChange={(next: unknown[]) => form.setFieldValue(name, next)}
              />
            ) : (
              <Button onClick={() => add(null)}>{t('Add a receiver')}</Button>
            )}
          </Flex>
        </Form.Item>
      )}
    </Form.List>
  );
}
