/**
 * Linking accounts, as the client sees it: the pending link of this browser (after a WeCom sign-in that found no
 * user), its Cancel, and the outcome the server reports on the answer of the next sign-in (README, "Linking
 * accounts"). The member's name always comes from the server, never from the page's URL.
 */
import {
  ACTION_CANCEL_LINK,
  ACTION_PENDING_LINK,
  LINK_NAME_HEADER,
  LINK_OUTCOME_HEADER,
  LINK_PARAM,
  RESOURCE,
} from '../../constants';
import type { ApiClientLike } from '../api';
import { isMessageId, type MessageId } from '../callback-error';

/** True when the sign-in page's query says the callback left a pending link for the authenticator `name`. */
export function linkPendingIn(search: string, name: string): boolean {
  const query = new URLSearchParams(search);
  return query.get(LINK_PARAM) === 'pending' && query.get('authenticator') === name;
}

/** The WeCom name of this browser's pending link for `authenticator`, or null when there is none (any more). */
export async function fetchPendingLink(api: ApiClientLike, authenticator: string): Promise<string | null> {
  const response = await api.request({
    url: `${RESOURCE}:${ACTION_PENDING_LINK}`,
    method: 'get',
    params: { authenticator },
    skipNotify: true,
    skipAuth: true,
  });
  const data = response?.data?.data;
  return data?.pending === true && typeof data.name === 'string' ? data.name : null;
}

/** Drops this browser's pending link. */
export async function cancelPendingLink(api: ApiClientLike): Promise<void> {
  await api.request({
    url: `${RESOURCE}:${ACTION_CANCEL_LINK}`,
    method: 'post',
    data: {},
    skipNotify: true,
    skipAuth: true,
  });
}

/** What the answer of a sign-in says about a pending link it took: `linked`, or the refusal's message id. */
export interface LinkOutcome {
  id: MessageId;
  name: string;
}

type HeadersLike = Record<string, unknown> & { get?: (name: string) => unknown };

/** The outcome the response headers carry, if any (an unknown id or an odd name is ignored). */
export function linkOutcomeOf(headers: HeadersLike | undefined): LinkOutcome | null {
  const read = (name: string) => {
    const value = typeof headers?.get === 'function' ? headers.get(name) : headers?.[name];
    return typeof value === 'string' ? value : '';
  };
  const id = read(LINK_OUTCOME_HEADER);
  if (!isMessageId(id)) return null;
  let name = '';
  try {
    name = decodeURIComponent(read(LINK_NAME_HEADER)).slice(0, 64);
  } catch {
    name = '';
  }
  return { id, name };
}

interface InterceptableApi {
  axios?: {
    interceptors?: { response?: { use(onFulfilled: <R extends { headers?: unknown }>(response: R) => R): unknown } };
  };
}

/** Calls `notify` for every answer that reports a link outcome (the sign-in of any authenticator). */
export function watchLinkOutcomes(api: InterceptableApi, notify: (outcome: LinkOutcome) => void): boolean {
  const interceptors = api.axios?.interceptors?.response;
  if (!interceptors) return false;
  interceptors.use((response) => {
    const outcome = linkOutcomeOf(response?.headers as HeadersLike | undefined);
    if (outcome) notify(outcome);
    return response;
  });
  return true;
}
