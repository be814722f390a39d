/** The language choice: Chinese or English, saved to the device and, when signed in, to the account. */
import { Selector, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage } from '../../shared/i18n/i18n.ts';
import { messageOf } from '../../shared/api/errors.ts';
import { useSession } from '../../shared/session/session.tsx';
import type { Language } from '../../shared/api/types.ts';

/** Two-option language selector; `compact` for the sign-in page corner. */
export function LanguageSwitch({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const change = (lang: Language | undefined) => {
    if (!lang || lang === currentLanguage()) return;
    session.switchLanguage(lang).catch((err) => Toast.show({ icon: 'fail', content: messageOf(err, t('common:state.failed')) }));
  };
  return (
    <Selector
      className={compact ? 'fx-lang-compact' : undefined}
      aria-label={t('common:language.label')}
      showCheckMark={!compact}
      options={LANGUAGES.map((lang) => ({ label: t(`common:language.${lang}`), value: lang }))}
      value={[currentLanguage()]}
      onChange={(values) => change(values[0])}
    />
  );
}
