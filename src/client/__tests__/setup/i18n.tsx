/** A real i18next instance with this plugin's en-US strings, as NocoBase's page sets it up. */
import i18next from 'i18next';
import React, { type ReactNode } from 'react';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { NAMESPACE } from '../../../constants';
import enUS from '../../../locale/en-US.json';

export function createTestI18n() {
  const i18n = i18next.createInstance();
  void i18n.use(initReactI18next).init({
    lng: 'en-US',
    resources: { 'en-US': { [NAMESPACE]: enUS } },
    keySeparator: false,
    nsSeparator: false,
    initImmediate: false,
  });
  return i18n;
}

export function WithI18n({ children }: { children: ReactNode }) {
  const [i18n] = React.useState(createTestI18n);
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
