/**
 * The confirmation after a sign-in that took a pending link: the server reports the outcome on the sign-in's
 * answer (link-api.ts), whichever authenticator signed in; the page shows it as a notification, in its language.
 */
import { notification } from 'antd';
import { LINK_PARAM, NAMESPACE } from '../../constants';
import { MSG } from '../../messages';
import type { ApiClientLike } from '../api';
import { callbackErrorFor, callbackErrorText, isMessageId } from '../callback-error';
import { type LinkOutcome, watchLinkOutcomes } from './link-api';

/** The members of NocoBase's v1 / v2 `Application` used here. */
export interface LinkNoticeAppLike {
  apiClient: ApiClientLike & Parameters<typeof watchLinkOutcomes>[0];
  i18n?: { t(key: string, options?: Record<string, unknown>): string };
}

/** The text of an outcome in the page's language (the English text when the app has no i18n). */
export function linkOutcomeText(app: LinkNoticeAppLike, { id, name }: LinkOutcome): string {
  const key = MSG[id];
  const options = { ns: NAMESPACE, name, interpolation: { escapeValue: false, skipOnVariables: true } };
  return app.i18n?.t(key, options) ?? key.replace('{{name}}', name);
}

/** From now on, every sign-in answer that reports a link outcome shows it. */
export function showLinkOutcomes(app: LinkNoticeAppLike, notify = notification): boolean {
  return watchLinkOutcomes(app.apiClient, (outcome) => {
    const message = linkOutcomeText(app, outcome);
    if (outcome.id === 'linked') notify.success({ message });
    else notify.warning({ message });
  });
}

/** The page's address and history: `window` in the page. */
export interface LandingPage {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

/**
 * The end of a "Link" from the user center: the callback lands on the page with `?authenticator=NAME&link=<id>`
 * (`linked` or a refusal). Shows it once and takes both parameters out of the address bar.
 */
export function showLinkLanding(
  app: Pick<LinkNoticeAppLike, 'i18n'>,
  page: LandingPage = window,
  notify = notification,
) {
  const query = new URLSearchParams(page.location.search);
  const id = query.get(LINK_PARAM);
  const authenticator = query.get('authenticator');
  if (!id || id === 'pending' || !authenticator || !isMessageId(id)) return null;
  query.delete(LINK_PARAM);
  query.delete('authenticator');
  const rest = query.toString();
  page.history.replaceState(
    page.history.state,
    '',
    `${page.location.pathname}${rest ? `?${rest}` : ''}${page.location.hash}`,
  );
  const t = (key: string, options: Record<string, unknown> = {}) =>
    app.i18n?.t(key, { ns: NAMESPACE, ...options }) ?? key;
  if (id === 'linked') {
    notify.success({ message: t('WeCom is now linked to your account.') });
  } else {
    // Parameters never travel here: a placeholder shows '?' (callback-error.ts).
    const error = callbackErrorFor(`?${new URLSearchParams({ authenticator, error: id })}`, authenticator);
    notify.warning({ message: error ? callbackErrorText(error, t) : t(MSG.failed) });
  }
  return id;
}
