/**
 * Whether the sign-in page may start WeCom sign-in by itself. It does so at most once per browser
 * session (across every WeCom authenticator on the page), so a failed attempt can never loop.
 */
import { NAMESPACE, isWecomBrowser } from '../../constants';
import type { SignInQuery } from './sign-in-query';

/** sessionStorage key that records "auto sign-in was already tried in this tab". */
export const AUTO_SIGN_IN_TRIED_KEY = `${NAMESPACE}:auto-sign-in-tried`;

export interface AutoSignInInput {
  userAgent: string | undefined;
  autoLogin: boolean;
  query: SignInQuery;
  /** `window.sessionStorage`, or undefined where the browser refuses storage. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
}

/** True when auto sign-in should start now; records the attempt before answering true. */
export function claimAutoSignIn({ userAgent, autoLogin, query, storage }: AutoSignInInput): boolean {
  if (!autoLogin || !isWecomBrowser(userAgent) || query.error || !storage) return false;
  try {
    if (storage.getItem(AUTO_SIGN_IN_TRIED_KEY)) return false;
    storage.setItem(AUTO_SIGN_IN_TRIED_KEY, String(Date.now()));
    return true;
  } catch {
    return false; // storage that cannot remember the attempt could loop: stay manual
  }
}

/** `window.sessionStorage`, or undefined when reading it throws (some privacy modes). */
export function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}
