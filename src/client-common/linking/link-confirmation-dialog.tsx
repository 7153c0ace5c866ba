/**
 * Opens the confirmation (LinkConfirmation.tsx) as a dialog of its own, outside the page's tree: the sign-in page
 * that asked for it is left for the admin page right after the sign-in, and the dialog stays. It cannot be closed
 * without a choice; the choice is then confirmed in a notification.
 */
import { Modal, notification } from 'antd';
import React from 'react';
import { I18nextProvider } from 'react-i18next';
import { NAMESPACE } from '../../constants';
import { MSG } from '../../messages';
import type { ApiClientLike } from '../api';
import type { LinkSession } from './link-api';
import { LinkConfirmation, type LinkDecision } from './LinkConfirmation';

/** The members of NocoBase's v1 / v2 `Application` used here (`i18n` is the page's i18next instance). */
export interface ConfirmationAppLike {
  apiClient: ApiClientLike;
  i18n?: { t(key: string, options?: Record<string, unknown>): string };
}

/** antd's static dialog and notifications (tests pass their own). */
export interface ConfirmationUi {
  modal: Pick<typeof Modal, 'confirm'>;
  notify: Pick<typeof notification, 'success' | 'info'>;
}

export function openLinkConfirmation(
  app: ConfirmationAppLike,
  session?: LinkSession,
  ui: ConfirmationUi = { modal: Modal, notify: notification },
) {
  const t = (key: string, options: Record<string, unknown> = {}) =>
    app.i18n?.t(key, { ns: NAMESPACE, interpolation: { escapeValue: false, skipOnVariables: true }, ...options }) ??
    key.replace('{{name}}', String(options.name ?? ''));
  const done = (decision: LinkDecision) => {
    dialog.destroy(); // called on a click, after the dialog exists
    if (decision.result === 'linked') ui.notify.success({ message: t(MSG.linked, { name: decision.name }) });
    if (decision.result === 'declined') ui.notify.info({ message: t('Nothing was linked to your account.') });
  };
  const body = <LinkConfirmation api={app.apiClient} session={session} onDone={done} />;
  const dialog = ui.modal.confirm({
    icon: null,
    content: app.i18n ? <I18nextProvider i18n={app.i18n as never}>{body}</I18nextProvider> : body,
    footer: null,
    closable: false,
    maskClosable: false,
    keyboard: false,
    width: 520,
  });
  return dialog;
}
