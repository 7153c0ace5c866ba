/**
 * The enabled WeCom authenticators, from NocoBase's public list (`authenticators:publicList`: name, title and type
 * of every enabled authenticator, nothing secret). The user center and the notification channel's form list them.
 */
import { AUTH_TYPE } from '../constants';
import type { ApiClientLike } from './api';

export interface WecomAuthenticatorRef {
  name: string;
  title?: string;
}

export async function fetchWecomAuthenticators(api: ApiClientLike): Promise<WecomAuthenticatorRef[]> {
  const response = await api.request({ url: 'authenticators:publicList', method: 'get', skipNotify: true });
  const list: unknown = response?.data?.data;
  return (Array.isArray(list) ? list : [])
    .filter((item) => item?.authType === AUTH_TYPE && typeof item.name === 'string')
    .map((item) => ({ name: item.name, title: typeof item.title === 'string' ? item.title : undefined }));
}
