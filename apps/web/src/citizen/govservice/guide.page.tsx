/** 办事指南: one item's implementation list (limits, materials, fees, channels, modes) and the way to apply. */
import { useNavigate, useParams } from 'react-router';
import { Button, Card, ErrorBlock, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { guideQuery } from './govservice.api.ts';

export function GuidePage() {
  const { t } = useTranslation('govservice');
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const read = useQuery(guideQuery(code));
  const error = useLoadError(read.error);
  if (read.isPending && !error) return <PageLoading />;
  const item = read.data;
  const c = item?.content;
  return (
    <MobilePage title={t('field.guide')} back>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {item && c && (
        <>
          <List className="fx-list" header={<strong data-testid="gs-guide-name">{c.name}</strong>}>
            <List.Item extra={t(`itemType.${c.type}`)}>{item.code}</List.Item>
            <List.Item extra={c.department}>{t('field.department')}</List.Item>
            <List.Item extra={t('days', { count: c.legalLimitDays })}>{t('field.legalLimit')}</List.Item>
            <List.Item extra={t('days', { count: c.promisedLimitDays })}>{t('field.promisedLimit')}</List.Item>
            <List.Item extra={c.visits <= 1 ? t(`visits.${c.visits}`) : t('visits.more', { count: c.visits })}>{t('field.visits')}</List.Item>
            <List.Item extra={c.channels.map((ch) => t(`channel.${ch}`)).join('、')}>{t('field.channels')}</List.Item>
            <List.Item extra={c.fees.length === 0 || c.fees.every((f) => f.amount === 0) ? t('free') : c.fees.map((f) => `${f.name} ¥${f.amount}`).join('、')}>{t('field.fees')}</List.Item>
          </List>
          {item.bundleItems.length > 0 && (
            <List className="fx-list" header={t('bundle.items')} data-testid="gs-bundle-items">
              {item.bundleItems.map((m) => <List.Item key={m.code} extra={m.department}>{m.name}</List.Item>)}
            </List>
          )}
          <Card className="fx-card" title={t('field.modes')}>
            {c.modes.tolerance && <p><Tag color="primary">{t('catalogue.tolerance')}</Tag> {c.materials.filter((m) => c.modes.tolerance!.materials.includes(m.key)).map((m) => m.name).join('、')}</p>}
            {c.modes.commitment && <p><Tag color="success">{t('catalogue.commitment')}</Tag> {c.modes.commitment.text}</p>}
            {c.modes.priority && <p><Tag color="warning">{t('catalogue.priority')}</Tag></p>}
            <p style={{ whiteSpace: 'pre-wrap' }}>{c.guide}</p>
          </Card>
          <List className="fx-list" header={t('field.materials')}>
            {c.materials.map((m) => (
              <List.Item key={m.key} description={`${t(`materialForm.${m.form}`)} × ${m.count}`} extra={m.required ? t('apply.required') : ''}>{m.name}</List.Item>
            ))}
          </List>
          <div style={{ padding: 12 }}>
            <Button block color="primary" onClick={() => navigate(`/m/services/apply/${encodeURIComponent(item.code)}`)} data-testid="gs-apply">{t('catalogue.apply')}</Button>
          </div>
        </>
      )}
    </MobilePage>
  );
}
