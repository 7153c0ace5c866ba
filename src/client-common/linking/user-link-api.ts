/**
 * The user center's WeCom entry asks the server about the signed-in user only: the WeCom authenticators
 * there are, the user's binding, "Unlink", and the URL of the WeCom flow in link mode ("Link").
 */
import { ACTION_GET_AUTH_URL, ACTION_MY_LINK, ACTION_UNLINK, LINK_MODE, RESOURCE } from '../../constants';
import type { ApiClientLike } from '../api';

export { fetchWecomAuthenticators, type WecomAuthenticatorRef } from '../wecom-authenticators';

export interface MyLink {
  linked: boolean;
  userid?: string;
  name?: string;
  /** When and how the binding was made (`createdAt`, `meta.linkedBy`); unknown for very old bindings. */
  linkedAt?: string | null;
  linkedBy?: string | null;
}

export async function fetchMyLink(api: ApiClientLike, authenticator: string): Promise<MyLink> {
  const response = await api.request({
    url: `${RESOURCE}:${ACTION_MY_LINK}`,
    method: 'get',
    params: { authenticator },
    skipNotify: true,
  });
  const data = response?.data?.data;
  return data?.linked === true ? data : { linked: false };
}

export async function unlinkMine(api: ApiClientLike, authenticator: string): Promise<void> {
  await api.request({ url: `${RESOURCE}:${ACTION_UNLINK}`, method: 'post', data: { authenticator }, skipNotify: true });
}

/** The WeCom URL that links the member who signs in there to the signed-in user, then lands on `redirect`. */
export async function fetchLinkUrl(api: ApiClientLike, authenticator: string, redirect: string): Promise<string> {
  const response = await api.request({
    url: `${RESOURCE}:${ACTION_GET_AUTH_URL}`,
    method: 'get',
    params: { authenticator, redirect, mode: LINK_MODE },
    skipNotify: true,
  });
  const url = response?.data?.data?.url;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new Error('The server sent no usable sign-in URL.');
  }
  return url;
}
