/**
 * The WeCom channel's settings as antd fields under `['options', ...]` of the channel record: the v2 channel page
 * renders it from `ChannelConfigFormLoader` (registered in v1 as well, as NocoBase's own channels do).
 */
import { Form, Input } from 'antd';
import React from 'react';
import type { ApiClientLike } from '../api';
import { placeholderOf } from '../admin-form/settings-fields';
import { useWecomTranslation } from '../locale';
import { AuthenticatorSelect } from './AuthenticatorSelect';
import { CHANNEL_AUTHENTICATOR, CHANNEL_ORIGIN } from './channel-fields';

export function ChannelForm({ api }: { api?: ApiClientLike }) {
  const { t } = useWecomTranslation();
  return (
    <>
      <Form.Item
        name={['options', ...CHANNEL_AUTHENTICATOR.path]}
        label={t(CHANNEL_AUTHENTICATOR.label)}
        extra={t(CHANNEL_AUTHENTICATOR.description)}
        rules={[{ required: true, message: t('Select a WeCom authenticator') }]}
      >
        <AuthenticatorSelect api={api} />
      </Form.Item>
      <Form.Item
        name={['options', ...CHANNEL_ORIGIN.path]}
        label={t(CHANNEL_ORIGIN.label)}
        extra={t(CHANNEL_ORIGIN.description!)}
        rules={[
          {
            validator: async (_, value) => {
              const key = CHANNEL_ORIGIN.error?.(value);
              if (key) throw new Error(t(key));
            },
          },
        ]}
      >
        <Input placeholder={placeholderOf(CHANNEL_ORIGIN, window.location.origin)} />
      </Form.Item>
    </>
  );
}
