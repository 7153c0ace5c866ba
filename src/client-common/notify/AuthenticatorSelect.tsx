/**
 * A select of the enabled WeCom authenticators (by name, shown with their titles), for the channel's form. Other
 * authenticator types are never offered: the channel sends through a WeCom app.
 */
import { Select } from 'antd';
import React, { useEffect, useState } from 'react';
import type { ApiClientLike } from '../api';
import { useWecomTranslation } from '../locale';
import { fetchWecomAuthenticators, type WecomAuthenticatorRef } from '../wecom-authenticators';
import { NO_AUTHENTICATOR } from './channel-fields';

export interface AuthenticatorSelectProps {
  api?: ApiClientLike;
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
}

export function AuthenticatorSelect({ api, value, onChange, id }: AuthenticatorSelectProps) {
  const { t } = useWecomTranslation();
  const [authenticators, setAuthenticators] = useState<WecomAuthenticatorRef[] | null>(null);
  useEffect(() => {
    let live = true;
    const load = api ? fetchWecomAuthenticators(api) : Promise.resolve([]);
    void load
      .catch((): WecomAuthenticatorRef[] => [])
      .then((list) => {
        if (live) setAuthenticators(list);
      });
    return () => {
      live = false;
    };
  }, [api]);
  const options = (authenticators ?? []).map(({ name, title }) => ({
    value: name,
    label: title && title !== name ? `${title} (${name})` : name,
  }));
  // A channel saved with an authenticator that was disabled since still shows its name (the send log says why).
  if (value && authenticators && !options.some((option) => option.value === value)) {
    options.push({ value, label: value });
  }
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      loading={authenticators === null}
      notFoundContent={authenticators === null ? null : t(NO_AUTHENTICATOR)}
      placeholder={t('Select a WeCom authenticator')}
      style={{ width: '100%' }}
    />
  );
}
