/**
 * The body of the user center's "WeCom account" (v1 dialog, v2 drawer): one panel per enabled WeCom
 * authenticator, each linked or not with Link / Unlink (WecomAccountPanel).
 */
import { Space } from 'antd';
import React from 'react';
import type { ApiClientLike } from '../api';
import type { WecomAuthenticatorRef } from './user-link-api';
import { WecomAccountPanel } from './WecomAccountPanel';

export interface WecomAccountsProps {
  api: ApiClientLike;
  authenticators: WecomAuthenticatorRef[];
}

export function WecomAccounts({ api, authenticators }: WecomAccountsProps) {
  return (
    <Space direction="vertical" size="large" style={{ display: 'flex' }} data-testid="wecom-accounts">
      {authenticators.map((authenticator) => (
        <WecomAccountPanel key={authenticator.name} api={api} authenticator={authenticator} />
      ))}
    </Space>
  );
}
