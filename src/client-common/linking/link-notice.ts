/**
 * What the page does about a pending link after a sign-in of any authenticator: the server reports it on the
 * sign-in's answer (link-api.ts): `confirm` opens the confirmation for the session that sign-in began, a refusal
 * shows as a notification, in the page's language. And the landing after the user center's "Link".
 */
import { notification } from 'antd';
import { LINK_CONFIRM, LINK_PARAM, NAMESPACE } from '../../constants';
import { MSG, type MessageId } from '../../messages';
import { callbackErrorFor, callbackErrorText, isMessageId } from '../callback-error';
import { watchLinkOutcomes } from './link-api';
import { type ConfirmationAppLike, openLinkConfirmation } from './link-confirmation-dialog';

/** The members of NocoBase's v1 / v2 `Application` used here. */
export type LinkNoticeAppLike = ConfirmationAppLike;

/** The text of a refusal in the page's language (the English text when the app has no i18n). */
export function linkOutcomeText(app: Pick<LinkNoticeAppLike, 'i18n'>, { id, name }: { id: MessageId; name: string }) {
  const key = MSG[id];
  const options = { ns: NAMESPACE, name, interpolation: { escapeValue: false, skipOnVariables: true } };
  return app.i18n?.t(key, options) ?? key.replace('{{name}}', name);
}

/** From now on, every sign-in answer that reports a pending link is acted on: the confirmation, or the refusal. */
export function showLinkOutcomes(app: LinkNoticeAppLike, notify = notification, confirm = openLinkConfirmation) {
  return watchLinkOutcomes(app.apiClient, (outcome) => {
    if (outcome.id === LINK_CONFIRM) confirm(app, outcome.session);
    else notify.warning({ message: linkOutcomeText(app, { id: outcome.id, name: outcome.name }) });
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
