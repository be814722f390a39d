/** The citizen app's translations: the shared strings plus its own namespace. */
import zhCommon from '../shared/locales/zh-CN/common.ts';
import zhCitizen from '../shared/locales/zh-CN/citizen.ts';
import enCommon from '../shared/locales/en/common.ts';
import enCitizen from '../shared/locales/en/citizen.ts';
import zhHealth from '../shared/locales/zh-CN/health.ts';
import enHealth from '../shared/locales/en/health.ts';
import zhCheckin from '../shared/locales/zh-CN/checkin.ts';
import enCheckin from '../shared/locales/en/checkin.ts';
import { setupI18n } from '../shared/i18n/i18n.ts';

/** Starts i18next for the citizen app. */
export function setupCitizenI18n() {
  return setupI18n({ 'zh-CN': { common: zhCommon, checkin: zhCheckin, health: zhHealth, citizen: zhCitizen }, en: { common: enCommon, checkin: enCheckin, health: enHealth, citizen: enCitizen } }, 'citizen');
}
