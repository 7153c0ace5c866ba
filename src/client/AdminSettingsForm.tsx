/**
 * v1 admin settings of a WeCom authenticator (Settings → Authentication → Add new → WeCom).
 * NocoBase renders it with no props inside the drawer's formily form, within the `options` object
 * field, so every field here lands under `options.*` of the record.
 */
import { Checkbox, FormItem, Input, NumberPicker, Password } from '@formily/antd-v5';
import { Field, observer, useField, useForm } from '@formily/react';
import { Collapse, Typography } from 'antd';
import React from 'react';
import { type ApiClientLike, apiBasePathOf, subAppNameOf } from './shared/api';
import { type Translate, useWecomTranslation } from './shared/locale';
import {
  ADVANCED_DESCRIPTION,
  ADVANCED_FIELDS,
  BASIC_FIELDS,
  placeholderOf,
  type SettingField,
} from './shared/settings-fields';
import { CheckSetup } from './shared/CheckSetup';
import { LinkedUsers } from './shared/LinkedUsers';
import { SetupGuide } from './shared/SetupGuide';

const COMPONENTS = { checkbox: Checkbox, text: Input, password: Password, number: NumberPicker } as const;

export interface AdminSettingsFormProps {
  /** NocoBase's API client; only its base URL and sub-app name are read (for the workbench link). */
  api?: ApiClientLike;
}

export const AdminSettingsForm = observer(function AdminSettingsForm({ api }: AdminSettingsFormProps) {
  const { t } = useWecomTranslation();
  const form = useForm();
  const optionsField = useField<any>();
  const options = optionsField?.value ?? form.values?.options;

  return (
    <>
      {BASIC_FIELDS.map((field) => (
        <FormilySettingField key={field.path.join('.')} field={field} t={t} />
      ))}
      <SetupGuide
        origin={options?.wecom?.origin}
        name={form.values?.name}
        apiBasePath={apiBasePathOf(api)}
        subApp={subAppNameOf(api)}
      />
      <Collapse
        style={{ marginBottom: 24 }}
        items={[
          {
            key: 'advanced',
            label: t('Advanced'),
            forceRender: true, // keep the fields mounted while folded, so they are validated and saved
            children: (
              <>
                <Typography.Paragraph type="secondary">{t(ADVANCED_DESCRIPTION)}</Typography.Paragraph>
                {ADVANCED_FIELDS.map((field) => (
                  <FormilySettingField key={field.path.join('.')} field={field} t={t} />
                ))}
              </>
            ),
          },
        ]}
      />
      <CheckSetup api={api} getValues={() => ({ name: form.values?.name, options: form.values?.options })} />
      <LinkedUsers api={api} name={form.values?.name} />
    </>
  );
});

export function FormilySettingField({ field, t }: { field: SettingField; t: Translate }) {
  const props: Record<string, unknown> = {};
  if (field.kind !== 'checkbox') props.placeholder = placeholderOf(field, window.location.origin);
  if (field.kind === 'password') props.autoComplete = 'new-password'; // keep the browser's saved password out
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
      required={field.required}
      decorator={[FormItem]}
      component={[COMPONENTS[field.kind], props]}
      validator={validator}
    />
  );
}
