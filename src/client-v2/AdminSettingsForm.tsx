/**
 * v2 admin settings of a WeCom authenticator. The v2 Authenticators page renders it with no props
 * inside its antd Form, so every Form.Item is named under `['options', ...]` of the record. The layout is
 * shared with v1.
 */
import { Checkbox, Form, Input, InputNumber } from 'antd';
import type { Rule } from 'antd/es/form';
import React from 'react';
import { type ApiClientLike } from '../client-common/api';
import { AdminFormLayout } from '../client-common/admin-form/AdminFormLayout';
import { type Translate, useWecomTranslation } from '../client-common/locale';
import { placeholderOf, type SettingField } from '../client-common/admin-form/settings-fields';
import { WriteOnlyInput } from '../client-common/admin-form/WriteOnlyInput';
import { isStoredSecret, STORED_SECRETS } from '../write-only';

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
    <AdminFormLayout
      api={api}
      name={name}
      origin={origin}
      getValues={() => form.getFieldsValue(true)}
      renderField={(field) => <AntdSettingField field={field} t={t} />}
    />
  );
}

export function AntdSettingField({ field, t }: { field: SettingField; t: Translate }) {
  const placeholder = placeholderOf(field, window.location.origin);
  const form = Form.useFormInstance();
  // Not a field of the form: kept in its store from the record it was opened with.
  const storedSecrets = Form.useWatch(['options', STORED_SECRETS], { form, preserve: true });
  const stored = Boolean(field.writeOnly) && isStoredSecret(storedSecrets, field.path);
  return (
    <Form.Item
      name={['options', ...field.path]}
      label={t(field.label)}
      extra={field.description ? t(field.description) : undefined}
      valuePropName={field.kind === 'checkbox' ? 'checked' : 'value'}
      initialValue={field.defaultValue}
      rules={rulesOf(field, t, stored)}
    >
      {field.writeOnly ? (
        <WriteOnlyInput stored={stored} clearable={!field.required} placeholder={placeholder} />
      ) : field.kind === 'checkbox' ? (
        <Checkbox />
      ) : field.kind === 'choices' ? (
        <Checkbox.Group options={field.choices?.map((choice) => ({ value: choice.value, label: t(choice.label) }))} />
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

function rulesOf(field: SettingField, t: Translate, stored: boolean): Rule[] {
  const rules: Rule[] = [];
  if (field.required && !stored) rules.push({ required: true });
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
