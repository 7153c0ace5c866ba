/**
 * v2 admin settings of a WeCom authenticator. The v2 Authenticators page renders it with no props
 * inside its antd Form, so every Form.Item is named under `['options', ...]` of the record.
 */
import { Checkbox, Collapse, Form, Input, InputNumber, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import React from 'react';
import { type ApiClientLike, apiBasePathOf, subAppNameOf } from '../client/shared/api';
import { type Translate, useWecomTranslation } from '../client/shared/locale';
import {
  ADVANCED_DESCRIPTION,
  ADVANCED_FIELDS,
  BASIC_FIELDS,
  placeholderOf,
  type SettingField,
} from '../client/shared/settings-fields';
import { CheckSetup } from '../client/shared/CheckSetup';
import { LinkedUsers } from '../client/shared/LinkedUsers';
import { SetupGuide } from '../client/shared/SetupGuide';

export interface AdminSettingsFormProps {
  /** NocoBase's API client; only its base URL and sub-app name are read (for the workbench link). */
  api?: ApiClientLike;
}

export function AdminSettingsForm({ api }: AdminSettingsFormProps) {
  const { t } = useWecomTranslation();
  const form = Form.useFormInstance();
  const name = Form.useWatch('name', form);
  const origin = Form.useWatch(['options', 'wecom', 'origin'], form);

  return (
    <>
      {BASIC_FIELDS.map((field) => (
        <AntdSettingField key={field.path.join('.')} field={field} t={t} />
      ))}
      <SetupGuide origin={origin} name={name} apiBasePath={apiBasePathOf(api)} subApp={subAppNameOf(api)} />
      <Collapse
        style={{ marginBottom: 24 }}
        items={[
          {
            key: 'advanced',
            label: t('Advanced'),
            forceRender: true, // the page saves only the values of mounted Form.Items
            children: (
              <>
                <Typography.Paragraph type="secondary">{t(ADVANCED_DESCRIPTION)}</Typography.Paragraph>
                {ADVANCED_FIELDS.map((field) => (
                  <AntdSettingField key={field.path.join('.')} field={field} t={t} />
                ))}
              </>
            ),
          },
        ]}
      />
      <CheckSetup api={api} getValues={() => form.getFieldsValue(true)} />
      <LinkedUsers api={api} name={name} />
    </>
  );
}

export function AntdSettingField({ field, t }: { field: SettingField; t: Translate }) {
  const placeholder = placeholderOf(field, window.location.origin);
  return (
    <Form.Item
      name={['options', ...field.path]}
      label={t(field.label)}
      extra={field.description ? t(field.description) : undefined}
      valuePropName={field.kind === 'checkbox' ? 'checked' : 'value'}
      rules={rulesOf(field, t)}
    >
      {field.kind === 'checkbox' ? (
        <Checkbox />
      ) : field.kind === 'password' ? (
        <Input.Password placeholder={placeholder} autoComplete="new-password" />
      ) : field.kind === 'number' ? (
        <InputNumber placeholder={placeholder} min={1} precision={0} style={{ width: '100%' }} />
      ) : (
        <Input placeholder={placeholder} />
      )}
    </Form.Item>
  );
}

function rulesOf(field: SettingField, t: Translate): Rule[] {
  const rules: Rule[] = [];
  if (field.required) rules.push({ required: true });
  const { error, warning } = field;
  if (error) {
    rules.push({
      validator: async (_, value) => {
        const key = error(value);
        if (key) throw new Error(t(key));
      },
    });
  }
  if (warning) {
    rules.push({
      warningOnly: true,
      validator: async (_, value) => {
        const key = warning(value);
        if (key) throw new Error(t(key));
      },
    });
  }
  return rules;
}
