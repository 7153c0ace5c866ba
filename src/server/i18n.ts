import type { Context } from '@nocobase/actions';
import type { i18n as I18n } from 'i18next';
import { NAMESPACE } from '../constants';
import enUS from '../locale/en-US.json';
import jaJP from '../locale/ja-JP.json';
import zhCN from '../locale/zh-CN.json';
import type { MessageKey, MessageParams } from './failures';

export const LOCALES: Record<string, Record<string, string>> = { 'en-US': enUS, 'zh-CN': zhCN, 'ja-JP': jaJP };

/** Makes the plugin's strings known to NocoBase's server i18n under the plugin's namespace. */
export function registerLocales(i18n: Pick<I18n, 'addResourceBundle'>) {
  for (const [lang, bundle] of Object.entries(LOCALES)) {
    i18n.addResourceBundle(lang, NAMESPACE, bundle, true, false);
  }
}

/** The language of the person in front of the browser, as far as this request tells: always one of ours. */
export function requestLanguage(ctx: Context, preferred?: string): string {
  const asked = [preferred, ctx.get?.('X-Locale'), ctx.action?.params?.locale, ctx.i18n?.language].find(
    (value) => typeof value === 'string' && value,
  );
  return pickLanguage(asked || 'en-US');
}

/** A message in a given language; unknown languages fall back to English. */
export function translate(ctx: Context, lang: string, key: MessageKey | string, params: MessageParams = {}): string {
  return translateIn(ctx.app, lang, key, params);
}

/** The same, where no request says who reads it (a background job writes for the app's language). */
export function translateIn(app: Context['app'], lang: string, key: MessageKey | string, params: MessageParams = {}) {
  const t = app.i18n.getFixedT(pickLanguage(lang), NAMESPACE);
  return t(key, { ...params, interpolation: { escapeValue: false } });
}

function pickLanguage(lang: string): string {
  if (LOCALES[lang]) {
    return lang;
  }
  const prefix = String(lang).slice(0, 2).toLowerCase();
  return Object.keys(LOCALES).find((known) => known.startsWith(prefix)) || 'en-US';
}
