/**
 * Linking accounts, as the client sees it: the pending link of this browser (after a WeCom sign-in that found no
 * user), its Cancel / "Not me", the outcome the server reports on the answer of the next sign-in, and the signed-in
 * user's confirmation, the only thing that binds (README, "Linking accounts"). Names always come from the server,
 * never from the page's URL.
 */
import {
  ACTION_CANCEL_LINK,
  ACTION_CONFIRM_LINK,
  ACTION_LINK_CONFIRMATION,
  ACTION_PENDING_LINK,
  LINK_CONFIRM,
  LINK_NAME_HEADER,
  LINK_OUTCOME_HEADER,
  LINK_PARAM,
} from '../../constants';
import { askWecom, type ApiClientLike } from '../api';
import { isMessageId, type MessageId } from '../callback-error';

/** True when the sign-in page's query says the callback left a pending link for the authenticator `name`. */
export function linkPendingIn(search: string, name: string): boolean {
  const query = new URLSearchParams(search);
  return query.get(LINK_PARAM) === 'pending' && query.get('authenticator') === name;
}

/** This browser's pending link for `authenticator`: the member's WeCom name and the link's id. */
export interface PendingLink {
  name: string;
  id: string;
}

/** This browser's pending link for `authenticator`, or null when there is none (any more). */
export async function fetchPendingLink(api: ApiClientLike, authenticator: string): Promise<PendingLink | null> {
  const data = await askWecom(api, ACTION_PENDING_LINK, { params: { authenticator }, skipAuth: true });
  return data?.pending === true && typeof data.name === 'string' && typeof data.id === 'string'
    ? { name: data.name, id: data.id }
    : null;
}

/** Drops this browser's pending link (Cancel on the sign-in page, "Not me" after the sign-in). */
export async function cancelPendingLink(api: ApiClientLike): Promise<void> {
  await askWecom(api, ACTION_CANCEL_LINK, { method: 'post', data: {}, skipAuth: true });
}

/** The session a sign-in just began, before the page stored it: its token and authenticator. */
export interface LinkSession {
  token: string;
  authenticator: string;
}

const sessionHeaders = (session?: LinkSession) =>
  session ? { Authorization: `Bearer ${session.token}`, 'X-Authenticator': session.authenticator } : undefined;

/** What the signed-in user is asked to confirm: the member, the account, whether it has administrator rights. */
export interface LinkConfirmation {
  id: string;
  member: { userid: string; name: string };
  account: { nickname: string | null; username: string | null };
  privileged: boolean;
}

/** The pending link waiting for this session's confirmation, or null. */
export async function fetchLinkConfirmation(api: ApiClientLike, session?: LinkSession) {
  const data = await askWecom(api, ACTION_LINK_CONFIRMATION, { headers: sessionHeaders(session) });
  return data?.pending === true && typeof data.id === 'string' && data.member ? (data as LinkConfirmation) : null;
}

/** "Link to my account": binds the member the confirmation named to the signed-in user (rejects on a refusal). */
export async function confirmPendingLink(api: ApiClientLike, id: string, session?: LinkSession) {
  await askWecom(api, ACTION_CONFIRM_LINK, { method: 'post', data: { id }, headers: sessionHeaders(session) });
}

/** What the answer of a sign-in says about the pending link: `confirm` (ask the user) or a refusal's id. */
export interface LinkOutcome {
  id: MessageId | typeof LINK_CONFIRM;
  name: string;
  /** With `confirm`: the session the sign-in began, which the confirmation is for. */
  session?: LinkSession;
}

type HeadersLike = Record<string, unknown> & { get?: (name: string) => unknown };

interface ResponseLike {
  headers?: unknown;
  data?: any;
  config?: { headers?: unknown };
}

/** The outcome a sign-in's answer carries, if any (an unknown id or an odd name is ignored). */
export function linkOutcomeOf(response: ResponseLike | undefined): LinkOutcome | null {
  const read = (headers: unknown, name: string) => {
    const all = headers as HeadersLike | undefined;
    const value = typeof all?.get === 'function' ? all.get(name) : (all?.[name] ?? all?.[name.toLowerCase()]);
    return typeof value === 'string' ? value : '';
  };
  const id = read(response?.headers, LINK_OUTCOME_HEADER);
  if (id !== LINK_CONFIRM && !isMessageId(id)) return null;
  let name = '';
  try {
    name = decodeURIComponent(read(response?.headers, LINK_NAME_HEADER)).slice(0, 64);
  } catch {
    name = '';
  }
  const token = response?.data?.data?.token;
  const authenticator = read(response?.config?.headers, 'X-Authenticator');
  const session = typeof token === 'string' && token && authenticator ? { token, authenticator } : undefined;
  return { id, name, ...(id === LINK_CONFIRM ? { session } : {}) };
}

/** Calls `notify` for every answer that reports a link outcome (the sign-in of any authenticator). */
export function watchLinkOutcomes(api: ApiClientLike, notify: (outcome: LinkOutcome) => void): boolean {
  const interceptors = api.axios?.interceptors?.response;
  if (!interceptors) return false;
  interceptors.use((response: ResponseLike) => {
    const outcome = linkOutcomeOf(response);
    if (outcome) notify(outcome);
    return response;
  });
  return true;
}
