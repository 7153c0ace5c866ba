/** The callback URL a WeCom contacts sync source gives WeCom for change events, with a copy button. */
import { Card, Typography } from 'antd';
import React from 'react';
import { useWecomTranslation } from '../locale';
import { contactsCallbackUrlOf } from './sync-fields';

export interface SyncCallbackUrlProps {
  /** The source's name. */
  name: string | undefined;
  /** Path prefix of NocoBase's API, e.g. `/api/`. */
  apiBasePath: string;
  subApp?: string;
}

export function SyncCallbackUrl({ name, apiBasePath, subApp }: SyncCallbackUrlProps) {
  const { t } = useWecomTranslation();
  const url = contactsCallbackUrlOf(window.location.origin, apiBasePath, name, subApp);
  return (
    <Card size="small" title={t('Change events')} style={{ marginBottom: 24 }}>
      <Typography.Text strong>{t('Callback URL')}</Typography.Text>
      <div>
        {url ? (
          <Typography.Text code copyable={{ text: url }}>
            {url}
          </Typography.Text>
        ) : (
          <Typography.Text type="warning">{t('Fill in the source name to see this URL.')}</Typography.Text>
        )}
      </div>
      <Typography.Text type="secondary">
        {t(
          'In the WeCom admin console, open Contacts Sync → "Set the server to receive events", paste this URL, and copy its Token and EncodingAESKey into this form. Without them, changes arrive only with the next sync.',
        )}
      </Typography.Text>
    </Card>
  );
}
