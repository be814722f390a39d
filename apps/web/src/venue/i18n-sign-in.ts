/**
 * The strings the venue portal's first screen needs (sign-in page, spinner): `common` and `venue`.
 * The other namespaces (i18n.ts) come with the signed-in portal's chunk (shell.tsx), so the sign-in
 * page's first load carries no module's strings (issue 11).
 */
import zhCommon from '../shared/locales/zh-CN/common.ts';
import zhVenue from '../shared/locales/zh-CN/venue.ts';
import enCommon from '../shared/locales/en/common.ts';
import enVenue from '../shared/locales/en/venue.ts';
import { setupI18n } from '../shared/i18n/i18n.ts';

/** Starts i18next for the venue portal with the sign-in page's strings. */
export function setupVenueSignInI18n() {
  return setupI18n({ 'zh-CN': { common: zhCommon, venue: zhVenue }, en: { common: enCommon, venue: enVenue } }, 'venue');
}
