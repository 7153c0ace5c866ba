import type Application from '@nocobase/server';
import { NAMESPACE } from '../../constants';
import { MSG, toSignInError } from '../failures';
import type { Delivery } from './deliver';
import { NOTIFY_MSG, SendRefusal } from './refusals';

/**
 * What the send log says (`status`, `reason`), in the app's language: success when anyone got the message, failure
 * when nobody did or WeCom refused; who did not get it, by NocoBase user id (never a phone number or a WeCom
 * userid), and what to change when WeCom refused. Failures become messages here and through `toSignInError`.
 */
export interface SendOutcome {
  status: 'success' | 'failure';
  reason: string;
}

/** At most this many ids are named per list; the rest are counted. */
const MAX_IDS = 50;

type Translate = (key: string, params?: Record<string, string | number>) => string;

export async function translator(app: Application): Promise<Translate> {
  const t = app.i18n.getFixedT(await appLanguage(app), NAMESPACE);
  return (key, params = {}) => t(key, { ...params, interpolation: { escapeValue: false } }) as string;
}

/** The language of the system settings (NocoBase's "default language"), else the server's. */
async function appLanguage(app: Application): Promise<string> {
  try {
    if (app.db.getCollection('systemSettings')) {
      const settings = await app.db.getRepository('systemSettings').findOne();
      const lang = settings?.get('appLang');
      if (typeof lang === 'string' && lang) {
        return lang;
      }
    }
  } catch {
    // No system settings: the server's language.
  }
  return app.i18n.language || 'en-US';
}

export function deliveryOutcome(t: Translate, total: number, unbound: number[], delivery?: Delivery): SendOutcome {
  if (!total) {
    return { status: 'failure', reason: t(NOTIFY_MSG.noReceivers) };
  }
  const delivered = delivery?.delivered.length ?? 0;
  const lines = [t(NOTIFY_MSG.sentTo, { sent: delivered, total })];
  const list = (ids: number[]) =>
    ids.length > MAX_IDS
      ? t(NOTIFY_MSG.moreIds, { ids: ids.slice(0, MAX_IDS).join(', '), more: ids.length - MAX_IDS })
      : ids.join(', ');
  if (unbound.length) {
    lines.push(t(NOTIFY_MSG.notLinked, { ids: list(unbound) }));
  }
  if (delivery?.invalid.length) {
    lines.push(t(NOTIFY_MSG.invalidUsers, { ids: list(delivery.invalid) }));
  }
  if (delivery?.unlicensed.length) {
    lines.push(t(NOTIFY_MSG.unlicensedUsers, { ids: list(delivery.unlicensed) }));
  }
  if (delivery?.noValidReceiver && !delivered) {
    lines.push(t(NOTIFY_MSG.noValidReceiver));
  }
  if (delivery?.notSent.length) {
    lines.push(t(NOTIFY_MSG.notSent, { ids: list(delivery.notSent) }));
  }
  if (delivery?.stoppedBy) {
    lines.push(delivery.stoppedBy === 'deadline' ? t(NOTIFY_MSG.outOfTime) : failureText(t, delivery.stoppedBy));
  }
  return { status: delivered ? 'success' : 'failure', reason: lines.join(' ') };
}

/** A failure before or around WeCom (settings, the link, an unexpected error) as the log's reason. */
export function failureText(t: Translate, error: unknown): string {
  if (error instanceof SendRefusal) {
    return t(error.messageKey, error.params);
  }
  const failure = toSignInError(error);
  if (failure.messageKey === MSG.failed) {
    return t(NOTIFY_MSG.unexpected, { error: (error as Error)?.name || 'Error' });
  }
  const params = { ...failure.params };
  if (failure.messageKey === MSG.notSetUp) {
    params.fields = String(params.fields)
      .split(', ')
      .map((field) => t(field))
      .join(', ');
  }
  return t(failure.messageKey, params);
}
