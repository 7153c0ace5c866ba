/**
 * v1 admin settings of a WeCom authenticator (Settings → Authentication → Add new → WeCom).
 * NocoBase renders it with no props inside the drawer's formily form, within the `options` object
 * field, so every field here lands under `options.*` of the record. The layout is shared with v2.
 */
import { Checkbox, FormItem, Input, NumberPicker, Password } from '@formily/antd-v5';
import type { ObjectField } from '@formily/core';
import { Field, observer, useField, useForm } from '@formily/react';
import React from 'react';
import { type ApiClientLike } from '../client-common/api';
import { AdminFormLayout } from '../client-common/admin-form/AdminFormLayout';
import { type Translate, useWecomTranslation } from '../client-common/locale';
import { placeholderOf, type SettingField } from '../client-common/admin-form/settings-fields';
import { WriteOnlyInput } from '../client-common/admin-form/WriteOnlyInput';
import { isStoredSecret, STORED_SECRETS } from '../write-only';

const COMPONENTS = {
  checkbox: Checkbox,
  choices: Checkbox.Group,
  text: Input,
  password: Password,
  number: NumberPicker,
} as const;

export interface AdminSettingsFormProps {
  /** NocoBase's API client; only its base URL and sub-app name are read (for the workbench link). */
  api?: ApiClientLike;
}

export const AdminSettingsForm = observer(function AdminSettingsForm({ api }: AdminSettingsFormProps) {
  const { t } = useWecomTranslation();
  const form = useForm();
  const optionsField = useField<ObjectField>();
  const options = optionsField?.value ?? form.values?.options;

  return (
    <AdminFormLayout
      api={api}
      name={form.values?.name}
      origin={options?.wecom?.origin}
      getValues={() => ({ id: form.values?.id, name: form.values?.name, options: form.values?.options })}
      renderField={(field) => <FormilySettingField field={field} t={t} />}
    />
  );
});

export function FormilySettingField({ field, t }: { field: SettingField; t: Translate }) {
  const form = useForm();
  const stored = Boolean(field.writeOnly) && isStoredSecret(form.values?.options?.[STORED_SECRETS], field.path);
  const props: Record<string, unknown> = {};
  if (field.kind !== 'checkbox' && field.kind !== 'choices') {
    props.placeholder = placeholderOf(field, window.location.origin);
  }
  if (field.kind === 'password') props.autoComplete = 'new-password'; // keep the browser's saved password out
  if (field.writeOnly) Object.assign(props, { stored, clearable: !field.required });
  if (field.kind === 'number') Object.assign(props, { min: 1, precision: 0, style: { width: '100%' } });

  const validator = (value: unknown) => {
    const error = field.error?.(value);
    if (error) return t(error);
    const warning = field.warning?.(value);
    if (warning) return { type: 'warning' as const, message: t(warning) };
    return '';
  };

  return (
    <Field
      name={field.path.join('.')}
      title={t(field.label)}
      description={field.description ? t(field.description) : undefined}
      required={field.required && !stored}
      initialValue={field.defaultValue}
      dataSource={field.choices?.map((choice) => ({ value: choice.value, label: t(choice.label) }))}
      decorator={[FormItem]}
      component={[field.writeOnly ? WriteOnlyInput : COMPONENTS[field.kind], props]}
      validator={validator}
    />
  );
}
