/** The citizen app's translations: the shared strings plus its own namespace. */
import zhCommon from '../shared/locales/zh-CN/common.ts';
import zhCitizen from '../shared/locales/zh-CN/citizen.ts';
import enCommon from '../shared/locales/en/common.ts';
import enCitizen from '../shared/locales/en/citizen.ts';
import zhHealth from '../shared/locales/zh-CN/health.ts';
import enHealth from '../shared/locales/en/health.ts';
import zhTickets from '../shared/locales/zh-CN/tickets.ts';
import enTickets from '../shared/locales/en/tickets.ts';
import zhTracing from '../shared/locales/zh-CN/tracing.ts';
import enTracing from '../shared/locales/en/tracing.ts';
import zhCheckin from '../shared/locales/zh-CN/checkin.ts';
import enCheckin from '../shared/locales/en/checkin.ts';
import zhHall from '../shared/locales/zh-CN/hall.ts';
import enHall from '../shared/locales/en/hall.ts';
import zhResults from '../shared/locales/zh-CN/results.ts';
import enResults from '../shared/locales/en/results.ts';
import zhGovservice from '../shared/locales/zh-CN/govservice.ts';
import enGovservice from '../shared/locales/en/govservice.ts';
import { setupI18n } from '../shared/i18n/i18n.ts';

/** Starts i18next for the citizen app. */
export function setupCitizenI18n() {
  // One line per namespace (fewer merge conflicts when modules add theirs).
  return setupI18n(
    {
      'zh-CN': {
        common: zhCommon,
        health: zhHealth,
        citizen: zhCitizen,
        tickets: zhTickets,
        tracing: zhTracing,
        checkin: zhCheckin,
        hall: zhHall,
        results: zhResults,
        govservice: zhGovservice,
      },
      en: {
        common: enCommon,
        health: enHealth,
        citizen: enCitizen,
        tickets: enTickets,
        tracing: enTracing,
        checkin: enCheckin,
        hall: enHall,
        results: enResults,
        govservice: enGovservice,
      },
    },
    'citizen',
  );
}
