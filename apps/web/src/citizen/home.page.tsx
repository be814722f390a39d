/**
 * Citizen home: the health code and 扫一扫 first (as every provincial code app does), then the
 * real-name reminder and the grid of the other services.
 */
import { useNavigate } from 'react-router';
import { Button, Card, ErrorBlock, Grid, Tag } from 'antd-mobile';
import { QrcodeOutlined, SafetyCertificateFilled, ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session/session.tsx';
import { citizenServices } from './services.tsx';
import { LanguageSwitch } from './components/language-switch.tsx';
import { useEffect } from 'react';

// Shown as the two large buttons at the top, not again in the grid.
const FEATURED = new Set(['health-code']);

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
        <Card className="fx-card fx-home-primary">
          <div className="fx-home-primary-actions">
            <button type="button" className="fx-home-primary-action fx-home-code" onClick={() => navigate('/m/health')} data-testid="home-health-code">
              <QrcodeOutlined aria-hidden />
              <span>{t('health:nav.myCode')}</span>
            </button>
            <button type="button" className="fx-home-primary-action fx-home-scan" onClick={() => navigate('/m/scan')} data-testid="home-scan">
              <ScanOutlined aria-hidden />
              <span>{t('home.scan')}</span>
            </button>
          </div>
        </Card>
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
              {citizenServices.filter((service) => !FEATURED.has(service.key)).map((service) => (
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
