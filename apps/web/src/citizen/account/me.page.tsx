/** "Me": the masked identity, the language switch and sign-out. */
import { useNavigate } from 'react-router';
import { Button, Dialog, List } from 'antd-mobile';
import { UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../shared/session/session.tsx';
import { divisionFullName, divisionQuery } from '../../shared/api/divisions.ts';
import { MobilePage } from '../components/page.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';

/** Shows a stored division code as its full name (the code itself until the name arrives). */
function DivisionName({ code }: { code: string }) {
  const { i18n } = useTranslation();
  const { data: name } = useQuery({ ...divisionQuery(code), select: (detail) => divisionFullName(detail, i18n.language) });
  return <>{name ?? code}</>;
}

/** The "me" page. */
export function MePage() {
  const { t } = useTranslation('citizen');
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  if (!me) return null;
  const rn = me.realName;

  const confirmSignOut = async () => {
    const ok = await Dialog.confirm({ content: t('me.signOutConfirm'), confirmText: t('common:action.signOut'), cancelText: t('common:action.cancel') });
    if (!ok) return;
    // RequireSession then sends the citizen to the sign-in page.
    await signOut();
  };

  return (
    <MobilePage title={t('me.title')}>
      <div className="fx-me-header">
        <span className="fx-me-avatar" aria-hidden>
          <UserOutlined />
        </span>
        <div>
          <div className="fx-me-name" data-testid="me-display-name">
            {rn?.name ?? me.displayName}
          </div>
          <div className="fx-me-sub">{rn ? t('home.verified') : t('me.notVerified')}</div>
        </div>
      </div>
      <List header={t('me.identity')} className="fx-list">
        {rn ? (
          <>
            <List.Item extra={<span data-testid="real-name-name">{rn.name}</span>}>{t('me.name')}</List.Item>
            <List.Item extra={t(`common:documentType.${rn.documentType}`)}>{t('me.documentType')}</List.Item>
            <List.Item extra={<span data-testid="real-name-number">{rn.documentNumber}</span>}>{t('me.documentNumber')}</List.Item>
            {rn.birthDate && <List.Item extra={rn.birthDate}>{t('me.birthDate')}</List.Item>}
            {rn.sex && <List.Item extra={t(`common:sex.${rn.sex}`)}>{t('me.sex')}</List.Item>}
            {rn.householdDivision && <List.Item extra={<DivisionName code={rn.householdDivision} />}>{t('me.household')}</List.Item>}
          </>
        ) : (
          <List.Item onClick={() => navigate('/m/real-name')} extra={t('me.verifyNow')}>
            {t('me.notVerified')}
          </List.Item>
        )}
      </List>
      <List header={t('me.settings')} className="fx-list">
        <List.Item description={<LanguageSwitch />}>{t('me.language')}</List.Item>
      </List>
      <div className="fx-signout">
        <Button block color="danger" fill="outline" onClick={confirmSignOut}>
          {t('common:action.signOut')}
        </Button>
      </div>
    </MobilePage>
  );
}
