/** Translations of this plugin: NocoBase loads `dist/locale/<lang>.json` under the package name. */
import { useTranslation } from 'react-i18next';
import { NAMESPACE } from '../constants';

/** Keys are the English texts (NocoBase convention); a missing translation shows the key. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export function useWecomTranslation(): { t: Translate } {
  const { t } = useTranslation(NAMESPACE);
  return { t: t as unknown as Translate };
}
