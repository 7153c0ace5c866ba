/**
 * The end of a WeCom sign-in, on the landing page: the server's callback never puts a token in a URL; it
 * lands the browser on `<page>?authenticator=NAME&handoff=CODE`. Before the app renders (and so before its
 * first `auth:check`), the plugin posts the code and stores the token and the authenticator where NocoBase's
 * API client keeps them (`apiClient.auth`, i.e. `NOCOBASE_[<APP>_]TOKEN` / `..._AUTH` in its storage),
 * and takes both parameters out of the address bar. A code the server will not exchange leaves the browser on
 * the sign-in page of the same shell with the reason (`?authenticator=NAME&error=<message id>`).
 *
 * Runs in the plugin's `afterAdd()`: NocoBase awaits every plugin's `afterAdd()` inside `app.load()`, before any
 * `beforeLoad()` / `load()`, and renders the router (whose providers run `auth:check`) only when `load()` is done.
 */
import { type ApiClientLike, exchangeHandoff, serverMessageIdOf } from '../api';
import type { MessageId } from '../callback-error';
import { type ShellAppLike, shellPathOf } from './shell';

export const HANDOFF_PARAM = 'handoff';
export const AUTHENTICATOR_PARAM = 'authenticator';

/** The members of NocoBase's `Application` the hand-off uses. */
export interface HandoffAppLike extends ShellAppLike {
  apiClient: ApiClientLike & {
    auth: { setToken(token: string): void; setAuthenticator(authenticator: string): void };
  };
}

/** The page's address and history: `window` in the page. */
export interface HandoffPage {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

export type HandoffOutcome =
  | { kind: 'none' }
  | { kind: 'signed-in'; authenticator: string }
  | { kind: 'failed'; authenticator: string; error: MessageId };

/** Completes the hand-off the page URL carries, if any. Never rejects. */
export async function completeHandoff(app: HandoffAppLike, page: HandoffPage = window): Promise<HandoffOutcome> {
  const query = new URLSearchParams(page.location.search);
  const code = query.get(HANDOFF_PARAM);
  const authenticator = query.get(AUTHENTICATOR_PARAM);
  if (!code || !authenticator) return { kind: 'none' };

  // Out of the address bar (and so of the history and of any link copied from it) before anything else.
  query.delete(HANDOFF_PARAM);
  query.delete(AUTHENTICATOR_PARAM);
  const rest = query.toString();
  page.history.replaceState(
    page.history.state,
    '',
    `${page.location.pathname}${rest ? `?${rest}` : ''}${page.location.hash}`,
  );

  let error: MessageId;
  try {
    const token = await exchangeHandoff(app.apiClient, code);
    // Authenticator first: setToken() announces the new token together with the stored authenticator.
    app.apiClient.auth.setAuthenticator(authenticator);
    app.apiClient.auth.setToken(token);
    return { kind: 'signed-in', authenticator };
  } catch (err) {
    error = serverMessageIdOf(err) ?? 'handoffInvalid';
  }

  // The router is not created yet: it starts on the sign-in page, whose WeCom button shows the reason.
  const signIn = new URLSearchParams({ [AUTHENTICATOR_PARAM]: authenticator, error });
  page.history.replaceState(null, '', `${shellPathOf(app, 'signin')}?${signIn}`);
  return { kind: 'failed', authenticator, error };
}
