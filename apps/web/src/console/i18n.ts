/** The console's translations: the shared strings plus its own namespace. */
import zhCommon from '../shared/locales/zh-CN/common.ts';
import zhConsole from '../shared/locales/zh-CN/console.ts';
import enCommon from '../shared/locales/en/common.ts';
import enConsole from '../shared/locales/en/console.ts';
import zhHealth from '../shared/locales/zh-CN/health.ts';
import enHealth from '../shared/locales/en/health.ts';
import zhScreening from '../shared/locales/zh-CN/screening.ts';
import enScreening from '../shared/locales/en/screening.ts';
import zhCheckin from '../shared/locales/zh-CN/checkin.ts';
import enCheckin from '../shared/locales/en/checkin.ts';
import { setupI18n } from '../shared/i18n/i18n.ts';

/** Starts i18next for the console. */
export function setupConsoleI18n() {
  return setupI18n({ 'zh-CN': { common: zhCommon, checkin: zhCheckin, health: zhHealth, console: zhConsole, screening: zhScreening }, en: { common: enCommon, checkin: enCheckin, health: enHealth, console: enConsole, screening: enScreening } }, 'console');
}
