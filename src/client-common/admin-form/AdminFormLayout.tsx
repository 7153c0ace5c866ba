/**
 * The layout of the WeCom authenticator settings, shared by the v1 (formily) and v2 (antd) admin forms: the basic
 * fields, the setup guide, the "Advanced" fields folded, "Check setup" and "Linked users". Each form passes its
 * own field renderer and what it reads from its form (name, Origin, the values to check).
 */
import { Collapse, Typography } from 'antd';
import React from 'react';
import { type ApiClientLike, apiBasePathOf, subAppNameOf } from '../api';
import { CheckSetup } from '../setup-check/CheckSetup';
import { LinkedUsers } from '../linking/LinkedUsers';
import { useWecomTranslation } from '../locale';
import { ADVANCED_DESCRIPTION, ADVANCED_FIELDS, BASIC_FIELDS, type SettingField } from './settings-fields';
import { SetupGuide } from './SetupGuide';

export interface AdminFormLayoutProps {
  api?: ApiClientLike;
  /** The authenticator's name as typed (the workbench link, Linked users). */
  name?: string;
  /** `options.wecom.origin` as typed. */
  origin?: string;
  /** The record's values as "Check setup" sends them (`{ id, name, options }`; `id` once saved). */
  getValues: () => { id?: unknown; name?: string; options?: unknown };
  /** Renders one field of the layout with the UI's own form components. */
  renderField: (field: SettingField) => React.ReactNode;
}

export function AdminFormLayout({ api, name, origin, getValues, renderField }: AdminFormLayoutProps) {
  const { t } = useWecomTranslation();
  const fields = (list: SettingField[]) =>
    list.map((field) => <React.Fragment key={field.path.join('.')}>{renderField(field)}</React.Fragment>);
  return (
    <>
      {fields(BASIC_FIELDS)}
      <SetupGuide origin={origin} name={name} apiBasePath={apiBasePathOf(api)} subApp={subAppNameOf(api)} />
      <Collapse
        style={{ marginBottom: 24 }}
        items={[
          {
            key: 'advanced',
            label: t('Advanced'),
            // Keep the fields mounted while folded: both forms validate and save only mounted fields.
            forceRender: true,
            children: (
              <>
                <Typography.Paragraph type="secondary">{t(ADVANCED_DESCRIPTION)}</Typography.Paragraph>
                {fields(ADVANCED_FIELDS)}
              </>
            ),
          },
        ]}
      />
      <CheckSetup api={api} getValues={getValues} />
      <LinkedUsers api={api} name={name} />
    </>
  );
}
