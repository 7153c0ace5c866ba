/**
 * v2 settings of a WeCom contacts sync source. The v2 user data sync page renders it with no props inside its
 * antd Form, so every Form.Item is named under `['options', ...]` of the record.
 */
import { Form } from 'antd';
import React from 'react';
import { type ApiClientLike, apiBasePathOf, subAppNameOf } from '../client-common/api';
import { useWecomTranslation } from '../client-common/locale';
import { SYNC_FIELDS } from '../client-common/sync/sync-fields';
import { SyncCallbackUrl } from '../client-common/sync/SyncCallbackUrl';
import { SyncPreview } from '../client-common/sync/SyncPreview';
import { AntdSettingField } from './AdminSettingsForm';

export interface SyncSourceFormProps {
  api?: ApiClientLike;
}

export function SyncSourceForm({ api }: SyncSourceFormProps) {
  const { t } = useWecomTranslation();
  const form = Form.useFormInstance();
  const name = Form.useWatch('name', form);
  return (
    <>
      {SYNC_FIELDS.map((field) => (
        <AntdSettingField key={field.path.join('.')} field={field} t={t} />
      ))}
      <SyncPreview api={api} name={name} />
      <SyncCallbackUrl name={name} apiBasePath={apiBasePathOf(api)} subApp={subAppNameOf(api)} />
    </>
  );
}
