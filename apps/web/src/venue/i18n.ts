/** The venue portal's translations: the shared strings plus its own namespace (and checkin's, for 消息中心 / 消息设置). */
import zhCommon from '../shared/locales/zh-CN/common.ts';
import zhVenue from '../shared/locales/zh-CN/venue.ts';
import enCommon from '../shared/locales/en/common.ts';
import enVenue from '../shared/locales/en/venue.ts';
import zhHealth from '../shared/locales/zh-CN/health.ts';
import enHealth from '../shared/locales/en/health.ts';
import zhCheckin from '../shared/locales/zh-CN/checkin.ts';
import enCheckin from '../shared/locales/en/checkin.ts';
import { setupI18n } from '../shared/i18n/i18n.ts';

/** Starts i18next for the venue portal. */
export function setupVenueI18n() {
  return setupI18n({ 'zh-CN': { common: zhCommon, health: zhHealth, venue: zhVenue, checkin: zhCheckin }, en: { common: enCommon, health: enHealth, venue: enVenue, checkin: enCheckin } }, 'venue');
}
