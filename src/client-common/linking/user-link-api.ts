/**
 * The user center's WeCom entry asks the server about the signed-in user only: the WeCom authenticators
 * there are, the user's binding, "Unlink", and the URL of the WeCom flow in link mode ("Link").
 */
import { ACTION_MY_LINK, ACTION_UNLINK, LINK_MODE } from '../../constants';
import { askWecom, fetchAuthUrl, type ApiClientLike } from '../api';

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
  const data = await askWecom(api, ACTION_MY_LINK, { params: { authenticator } });
  return data?.linked === true ? data : { linked: false };
}

export async function unlinkMine(api: ApiClientLike, authenticator: string): Promise<void> {
  await askWecom(api, ACTION_UNLINK, { method: 'post', data: { authenticator } });
}

/** The WeCom URL that links the member who signs in there to the signed-in user, then lands on `redirect`. */
export async function fetchLinkUrl(api: ApiClientLike, authenticator: string, redirect: string): Promise<string> {
  return fetchAuthUrl(api, authenticator, redirect, { mode: LINK_MODE });
}
