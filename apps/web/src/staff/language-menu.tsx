/** Language switch for the staff surfaces (header and sign-in page). */
import { App, Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage } from '../shared/i18n/i18n.ts';
import { messageOf } from '../shared/api/errors.ts';
import { useSession } from '../shared/session/session.tsx';
import type { Language } from '../shared/api/types.ts';

/** A globe button opening the list of languages; `dark` for use on the dark header. */
export function LanguageMenu({ dark }: { dark?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const current = currentLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LANGUAGES.map((lang) => ({ key: lang, label: t(`common:language.${lang}`) })),
        onClick: ({ key }) => {
          if (key === current) return;
          session.switchLanguage(key as Language).catch((err) => message.error(messageOf(err, t('common:state.failed'))));
        },
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={`${t('common:language.label')}: ${t(`common:language.${current}`)}`} className={dark ? 'fx-header-button' : undefined} data-testid="language-menu">
        {t(`common:language.${current}`)}
      </Button>
    </Dropdown>
  );
}
