/** Citizen home: greeting, the real-name reminder and the grid of available services. */
import { useNavigate } from 'react-router';
import { Button, Card, ErrorBlock, Grid, Tag } from 'antd-mobile';
import { SafetyCertificateFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session/session.tsx';
import { citizenServices } from './services.tsx';
import { LanguageSwitch } from './components/language-switch.tsx';
import { useEffect } from 'react';

/** The home page. */
export function HomePage() {
  const { t } = useTranslation('citizen');
  const { me } = useSession();
  const navigate = useNavigate();
  useEffect(() => {
    document.title = t('appTitle');
  }, [t]);
  return (
    <div className="fx-home">
      <header className="fx-home-hero">
        <div className="fx-home-brand">
          <SafetyCertificateFilled aria-hidden />
          <span>{t('common:brand')}</span>
          <div className="fx-home-lang">
            <LanguageSwitch compact />
          </div>
        </div>
        <h1 className="fx-home-greeting">{me ? t('home.greeting', { name: me.realName?.name ?? me.displayName }) : t('home.greetingAnonymous')}</h1>
        <p className="fx-home-slogan">
          {t('home.slogan')}
          {me?.realName && (
            <Tag color="success" fill="solid" className="fx-home-tag">
              {t('home.verified')}
            </Tag>
          )}
        </p>
      </header>
      <main className="fx-home-body">
        {me && !me.realName && (
          <Card className="fx-card fx-realname-reminder">
            <span>{t('home.realNameNeeded')}</span>
            <Button size="small" color="primary" onClick={() => navigate('/m/real-name')}>
              {t('home.goRealName')}
            </Button>
          </Card>
        )}
        <Card className="fx-card" title={t('home.services')}>
          {citizenServices.length === 0 ? (
            <ErrorBlock status="empty" title={t('home.noServices')} description="" />
          ) : (
            <Grid columns={4} gap={8}>
              {citizenServices.map((service) => (
                <Grid.Item key={service.key}>
                  <button type="button" className="fx-service" onClick={() => navigate(service.path)}>
                    <span className="fx-service-icon" style={{ background: service.colour }}>
                      {service.icon}
                    </span>
                    <span className="fx-service-title">{t(service.titleKey)}</span>
                  </button>
                </Grid.Item>
              ))}
            </Grid>
          )}
        </Card>
      </main>
    </div>
  );
}
