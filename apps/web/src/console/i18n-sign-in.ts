/**
 * The strings the console's first screen needs (sign-in page, spinner): `common` and `console`. The
 * other namespaces (i18n.ts) come with the signed-in console's chunk (shell.tsx), so the sign-in
 * page's first load carries no module's strings (issue 11).
 */
import zhCommon from '../shared/locales/zh-CN/common.ts';
import zhConsole from '../shared/locales/zh-CN/console.ts';
import enCommon from '../shared/locales/en/common.ts';
import enConsole from '../shared/locales/en/console.ts';
import { setupI18n } from '../shared/i18n/i18n.ts';

/** Starts i18next for the console with the sign-in page's strings. */
export function setupConsoleSignInI18n() {
  return setupI18n({ 'zh-CN': { common: zhCommon, console: zhConsole }, en: { common: enCommon, console: enConsole } }, 'console');
}
