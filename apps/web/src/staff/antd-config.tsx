/** antd set-up shared by the venue portal and the console: theme, locale and the message/modal context. */
import type { ReactNode } from 'react';
import { App as AntdApp, ConfigProvider } from 'antd';
import zhCNModule from 'antd/locale/zh_CN.js';
import enUSModule from 'antd/locale/en_US.js';
import type { Locale } from 'antd/lib/locale/index.js';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { prefersReducedMotion } from '../shared/reduced-motion.ts';

// antd's locale files are CommonJS to the type checker and plain objects to the bundler; accept both.
function unwrap(module: unknown): Locale {
  return ((module as { default?: Locale }).default ?? module) as Locale;
}

const theme = {
  token: {
    colorPrimary: '#1354d4',
    // Links follow colorInfo (#1677ff: 4.1:1 on white, 3.6:1 on a selected row's tint); the primary blue is 6.6:1.
    colorLink: '#1354d4',
    colorInfo: '#1354d4',
    // antd's secondary and tertiary text (45 % black, 3.3:1 on white) fail WCAG AA's 4.5:1; these
    // greys reach 7:1 and 5.7:1 (the accessibility spec checks every page with axe).
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    // Empty tables and lists print their "no data" line in the disabled grey (1.8:1); 4.9:1 here.
    colorTextDisabled: 'rgba(0, 0, 0, 0.56)',
    // antd's red (#ff4d4f) is 3.3:1 on white; danger buttons and error text need 4.5:1.
    colorError: '#cf1322',
    borderRadius: 6,
    // Dialogs, popconfirms and dropdowns open without animating for people who asked their system to reduce motion.
    motion: !prefersReducedMotion(),
    fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif",
  },
  components: { Layout: { headerBg: '#0f2a5c', siderBg: '#ffffff' } },
};

/** Wraps a staff surface in antd's provider with the UI language's locale. */
export function StaffAntdProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  // Date pickers name months and weekdays through dayjs: its locale follows the UI language.
  dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={unwrap(i18n.language === 'en' ? enUSModule : zhCNModule)} theme={theme}>
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}
