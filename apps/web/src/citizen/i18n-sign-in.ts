/**
 * The strings the citizen app's first screen needs (sign-in page, loading, not found, tab bar):
 * `common` and `citizen`. The other namespaces (i18n.ts) are added before any page chunk renders
 * (routes.tsx), so the sign-in page's first load carries no module's strings (issue 11).
 */
import zhCommon from '../shared/locales/zh-CN/common.ts';
import zhCitizen from '../shared/locales/zh-CN/citizen.ts';
import enCommon from '../shared/locales/en/common.ts';
import enCitizen from '../shared/locales/en/citizen.ts';
import { setupI18n } from '../shared/i18n/i18n.ts';

/** Starts i18next for the citizen app with the sign-in page's strings. */
export function setupCitizenSignInI18n() {
  return setupI18n({ 'zh-CN': { common: zhCommon, citizen: zhCitizen }, en: { common: enCommon, citizen: enCitizen } }, 'citizen');
}
