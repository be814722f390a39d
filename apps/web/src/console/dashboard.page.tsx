/** 工作台: who is signed in, their scope, and shortcuts to the pages they may open, with the count of what waits on each worklist. */
import { Badge, Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session/session.tsx';
import { useAllowedPages } from '../staff/navigation.ts';
import { RegionName } from '../staff/region-name.tsx';
import { PageContainer } from './components/page-container.tsx';
import { WORKLIST_COUNTS } from './workbench-counts.ts';

/** The dashboard. */
export function DashboardPage() {
  const { t } = useTranslation('console');
  const { me } = useSession();
  const navigate = useNavigate();
  const shortcuts = useAllowedPages().filter((p) => p.path !== '/');
  const counted = shortcuts.filter((p) => WORKLIST_COUNTS[p.path]);
  const counts = useQueries({
    queries: counted.map((p) => ({ queryKey: ['workbench', 'count', p.path], queryFn: WORKLIST_COUNTS[p.path]!, retry: false, staleTime: 30_000 })),
  });
  const countOf = (path: string): number | undefined => counts[counted.findIndex((p) => p.path === path)]?.data;
  if (!me) return null;
  return (
    <PageContainer title={t('nav.dashboard')} description={t('dashboard.welcome', { name: me.displayName })}>
      <Card title={t('dashboard.account')} className="fx-card">
        <Descriptions column={{ xs: 1, md: 2 }} data-testid="account-descriptions">
          <Descriptions.Item label={t('dashboard.displayName')}>{me.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('dashboard.department')}>{me.department || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dashboard.roles')}>
            {me.roles.map((r) => (
              <Tag key={r} color="blue">
                {t(`common:role.${r}`)}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('dashboard.region')}>
            <RegionName code={me.regionCode} allLabel={t('dashboard.allRegions')} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('dashboard.shortcuts')} className="fx-card">
        {shortcuts.length === 0 ? (
          <Typography.Text type="secondary">{t('dashboard.noShortcuts')}</Typography.Text>
        ) : (
          <Row gutter={[16, 16]}>
            {shortcuts.map((p) => (
              <Col key={p.key} xs={24} sm={12} lg={6}>
                <Card hoverable size="small" onClick={() => navigate(p.path)} className="fx-shortcut" data-testid={`shortcut-${p.key}`}>
                  <span className="fx-shortcut-icon">{p.icon}</span>
                  <span>{t(p.labelKey)}</span>
                  {countOf(p.path) !== undefined && (
                    <span className="fx-shortcut-count" data-testid={`shortcut-count-${p.key}`}>
                      <Badge count={countOf(p.path)} showZero overflowCount={999} color={countOf(p.path) ? '#cf1322' : '#595959'} title={t('dashboard.waiting', { count: countOf(p.path) })} />
                      <span className="fx-visually-hidden">{t('dashboard.waiting', { count: countOf(p.path) })}</span>
                    </span>
                  )}
                </Card>
              </Col>
            ))}
          </Row>
        )}
      </Card>
    </PageContainer>
  );
}
