/** 办件详情: status, materials (corrections, missing ones to supply), the commitment, the result, and the timeline (no officers). */
import { useParams } from 'react-router';
import { Button, Card, ErrorBlock, List, Steps, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OwnApplication } from '@fangxian/contracts/govservice';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { myApplicationQuery, serviceKeys, servicesApi } from './govservice.api.ts';

export function ApplicationPage() {
  const { t } = useTranslation('govservice');
  const { id = '' } = useParams();
  const read = useQuery(myApplicationQuery(id));
  const error = useLoadError(read.error);
  if (read.isPending && !error) return <PageLoading />;
  const a = read.data;
  return (
    <MobilePage title={t('field.number')} back>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {a && (
        <>
          <List className="fx-list" data-testid="gs-application">
            <List.Item extra={a.number}>{t('field.number')}</List.Item>
            <List.Item extra={a.item.name}>{t('field.item')}</List.Item>
            <List.Item extra={<Tag color="primary" data-testid="gs-status">{t(`status.${a.status}`)}</Tag>}>{t('field.status')}</List.Item>
            <List.Item extra={t(`mode.${a.mode}`)}>{t('field.mode')}</List.Item>
            {a.enterprise && <List.Item extra={`${a.enterprise.name} ${a.enterprise.creditCode}`}>{t('field.applicant')}</List.Item>}
            {a.dueAt && a.status !== 'approved' && <List.Item extra={formatDateTime(a.dueAt)}>{t('field.dueAt')}</List.Item>}
            {a.decisionNote && <List.Item description={a.decisionNote}>{t('field.decisionNote')}</List.Item>}
          </List>
          {a.canSupply && <SupplyCard a={a} />}
          {a.result && (
            <Card className="fx-card" title={t('field.result')}>
              <p data-testid="gs-result">{a.result.title} · {a.result.number} {a.result.revokedAt && <Tag color="danger">{t('mine.resultRevoked')}</Tag>}</p>
              {a.inspection && <p className="fx-muted">{t('mine.inspectionDue', { date: formatDateTime(a.inspection.dueAt) })}</p>}
            </Card>
          )}
          {a.commitment?.signedAt && <Card className="fx-card" title={t('mode.commitment')}><p className="fx-muted">{t('mine.signedAt', { date: formatDateTime(a.commitment.signedAt) })}</p><p>{a.commitment.text}</p></Card>}
          <List className="fx-list" header={t('field.materials')}>
            {a.materials.map((m) => (
              <List.Item key={m.key} description={m.correction ? `${t('mine.correction')}：${m.correction}` : undefined}
                extra={m.missing ? <Tag color="warning">{t('catalogue.tolerance')}</Tag> : m.fileIds.length}>{m.name}</List.Item>
            ))}
          </List>
          {a.parts.length > 0 && (
            <List className="fx-list" header={t('field.parts')}>
              {a.parts.map((p) => <List.Item key={p.department} extra={t(`part.${p.status}`)} description={p.note ?? undefined}>{p.department}</List.Item>)}
            </List>
          )}
          <OwnActions a={a} />
          <Card className="fx-card" title={t('field.timeline')}>
            <Steps direction="vertical" current={a.timeline.length - 1} data-testid="gs-timeline">
              {a.timeline.map((e, i) => (
                <Steps.Step key={`${e.at}-${i}`} title={`${t(`action.${e.action}`, { defaultValue: e.action })} · ${t(`status.${e.status}`)}`}
                  description={<><div>{formatDateTime(e.at)}{e.department ? ` · ${e.department}` : ''}</div>{e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}</>} />
              ))}
            </Steps>
          </Card>
        </>
      )}
    </MobilePage>
  );
}

function OwnActions({ a }: { a: OwnApplication }) {
  const { t } = useTranslation('govservice');
  const submit = useCitizenAction({ send: () => servicesApi.submit(a.id), invalidates: [serviceKeys.mine], success: t('workbench.done') });
  const withdraw = useCitizenAction({ send: () => servicesApi.withdraw(a.id), invalidates: [serviceKeys.mine], success: t('workbench.done') });
  const canSubmit = a.actions.includes('submit') || a.actions.includes('resubmit');
  if (!canSubmit && !a.actions.includes('withdraw')) return null;
  return (
    <div style={{ padding: 12 }}>
      <FormError error={submit.error ?? withdraw.error} />
      {canSubmit && <Button block color="primary" loading={submit.pending} onClick={() => void submit.run()} data-testid="gs-resubmit">{t('mine.resubmit')}</Button>}
      {a.actions.includes('withdraw') && <Button block style={{ marginTop: 8 }} loading={withdraw.pending} onClick={() => void withdraw.run()}>{t('mine.withdraw')}</Button>}
    </div>
  );
}

function SupplyCard({ a }: { a: OwnApplication }) {
  const { t } = useTranslation('govservice');
  const supply = useCitizenAction({
    send: async ({ key, files }: { key: string; files: FileList }) => {
      const ids: string[] = [];
      for (const f of Array.from(files)) ids.push((await servicesApi.upload(f)).id);
      return servicesApi.supply(a.id, [{ key, fileIds: ids }]);
    },
    invalidates: [serviceKeys.mine],
    success: t('mine.supplied'),
  });
  return (
    <Card className="fx-card" title={t('mine.supply')} data-testid="gs-supply">
      <p>{t('mine.supplyIntro', { date: a.supplyBy ?? '' })}</p>
      {a.materials.filter((m) => m.missing).map((m) => (
        <div key={m.key} style={{ marginBottom: 8 }}>
          <div>{m.name}</div>
          <input type="file" accept="image/png,image/jpeg,image/webp,application/pdf" disabled={supply.pending}
            onChange={(e) => { if (e.target.files?.length) void supply.run({ key: m.key, files: e.target.files }); }} data-testid={`gs-supply-${m.key}`} />
        </div>
      ))}
      <FormError error={supply.error} />
    </Card>
  );
}
