/** antd-mobile's own strings (pickers, dialogs) in the UI language. */
import zhCNModule from 'antd-mobile/es/locales/zh-CN.js';
import enUSModule from 'antd-mobile/es/locales/en-US.js';
import type { Locale } from 'antd-mobile/es/locales/base.js';

// antd-mobile ships ES files without "type": "module", so the type checker sees CommonJS default
// exports while the bundler passes the object itself; accept both shapes.
function unwrap(module: unknown): Locale {
  return ((module as { default?: Locale }).default ?? module) as Locale;
}

/** The antd-mobile locale for a UI language. */
export function antdMobileLocale(language: string): Locale {
  return unwrap(language === 'en' ? enUSModule : zhCNModule);
}
