/**
 * v1 settings of a WeCom notification channel (Settings → Notification manager → Channels → Add new → WeCom).
 * NocoBase's v1 channel drawer renders it with no props inside the `options` object field, so the fields land
 * under `options.*` of the channel record, as the v2 form's do.
 */
import { FormItem } from '@formily/antd-v5';
import { Field } from '@formily/react';
import React from 'react';
import type { ApiClientLike } from '../client-common/api';
import { useWecomTranslation } from '../client-common/locale';
import { AuthenticatorSelect } from '../client-common/notify/AuthenticatorSelect';
import { CHANNEL_AUTHENTICATOR, CHANNEL_ORIGIN } from '../client-common/notify/channel-fields';
import { FormilySettingField } from './AdminSettingsForm';

export function NotifyChannelForm({ api }: { api?: ApiClientLike }) {
  const { t } = useWecomTranslation();
  return (
    <>
      <Field
        name={CHANNEL_AUTHENTICATOR.path.join('.')}
        title={t(CHANNEL_AUTHENTICATOR.label)}
        description={t(CHANNEL_AUTHENTICATOR.description)}
        required
        decorator={[FormItem]}
        component={[AuthenticatorSelect, { api }]}
      />
      <FormilySettingField field={CHANNEL_ORIGIN} t={t} />
    </>
  );
}
