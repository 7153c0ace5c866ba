/**
 * v1 settings of a WeCom contacts sync source (Settings → Synchronize user data → Add new → WeCom). NocoBase's
 * user data sync renders it with no props inside the drawer's formily form, within the `options` object field.
 */
import { observer, useForm } from '@formily/react';
import React from 'react';
import { FormilySettingField } from './AdminSettingsForm';
import { type ApiClientLike, apiBasePathOf, subAppNameOf } from '../client-common/api';
import { useWecomTranslation } from '../client-common/locale';
import { SYNC_FIELDS } from '../client-common/sync/sync-fields';
import { SyncCallbackUrl } from '../client-common/sync/SyncCallbackUrl';
import { SyncPreview } from '../client-common/sync/SyncPreview';

export interface SyncSourceFormProps {
  /** NocoBase's API client; only its base URL and sub-app name are read (for the callback URL). */
  api?: ApiClientLike;
}

export const SyncSourceForm = observer(function SyncSourceForm({ api }: SyncSourceFormProps) {
  const { t } = useWecomTranslation();
  const form = useForm();
  return (
    <>
      {SYNC_FIELDS.map((field) => (
        <FormilySettingField key={field.path.join('.')} field={field} t={t} />
      ))}
      <SyncPreview api={api} name={form.values?.name} />
      <SyncCallbackUrl name={form.values?.name} apiBasePath={apiBasePathOf(api)} subApp={subAppNameOf(api)} />
    </>
  );
});
