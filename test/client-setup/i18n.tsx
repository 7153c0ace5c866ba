/** A real i18next instance with this plugin's strings, as NocoBase's page sets it up (en-US unless told). */
import i18next from 'i18next';
import React, { type ReactNode } from 'react';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { NAMESPACE } from '../../src/constants';
import enUS from '../../src/locale/en-US.json';
import jaJP from '../../src/locale/ja-JP.json';
import zhCN from '../../src/locale/zh-CN.json';

export type TestLanguage = 'en-US' | 'zh-CN' | 'ja-JP';

export function createTestI18n(lng: TestLanguage = 'en-US') {
  const i18n = i18next.createInstance();
  void i18n.use(initReactI18next).init({
    lng,
    resources: { 'en-US': { [NAMESPACE]: enUS }, 'zh-CN': { [NAMESPACE]: zhCN }, 'ja-JP': { [NAMESPACE]: jaJP } },
    keySeparator: false,
    nsSeparator: false,
    initImmediate: false,
  });
  return i18n;
}

export function WithI18n({ children, lng }: { children: ReactNode; lng?: TestLanguage }) {
  const [i18n] = React.useState(() => createTestI18n(lng));
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
