/** 办件详情: status, materials (corrections, missing ones to supply), the commitment, the result, and the timeline (no officers). */
import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, ErrorBlock, List, Selector, Steps, Tag, TextArea } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OwnApplication } from '@fangxian/contracts/govservice';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { myApplicationQuery, serviceKeys, servicesApi, verifySlotsQuery } from './govservice.api.ts';

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
            {a.bundleItems.length > 0 && <List.Item description={a.bundleItems.map((m) => m.name).join(' + ')}>{t('bundle.items')}</List.Item>}
            {a.project && <List.Item extra={`${a.project.name}（${a.project.park}）`}>{t('project.title')}</List.Item>}
          </List>
          {a.canSupply && <SupplyCard a={a} />}
          {a.remoteVerification && <VerifyCard a={a} />}
          {a.result && (
            <Card className="fx-card" title={t('field.result')}>
              <p data-testid="gs-result">{a.result.title} · {a.result.number} {a.result.revokedAt && <Tag color="danger">{t('mine.resultRevoked')}</Tag>}</p>
              {a.inspection && <p className="fx-muted">{t('mine.inspectionDue', { date: formatDateTime(a.inspection.dueAt) })}</p>}
            </Card>
          )}
          {a.document && <DocumentCard a={a} />}
          {a.shipments.length > 0 && <ShipmentsCard a={a} />}
          {a.canRate && <RateCard a={a} />}
          {a.evaluation && (
            <Card className="fx-card" title={t('mine.yourRating')} data-testid="gs-evaluation">
              <p>{t(`rating.${a.evaluation.level}`)}</p>
              {a.evaluation.comment && <p className="fx-muted">{a.evaluation.comment}</p>}
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
              {a.parts.map((p) => <List.Item key={`${p.department}-${p.itemCode ?? ''}`} extra={t(`part.${p.status}`)} description={p.note ?? undefined}>{p.department}{p.itemName ? `（${p.itemName}）` : ''}</List.Item>)}
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

/** 云核验: book a slot of an officer of a reviewing department, see the room code and the outcome, cancel before it starts. */
function VerifyCard({ a }: { a: OwnApplication }) {
  const { t } = useTranslation('govservice');
  const open = a.verifications.find((v) => v.status === 'booked');
  const bookable = ['accepted', 'under_review'].includes(a.status) && !open;
  const slots = useQuery({ ...verifySlotsQuery(a.id), enabled: bookable });
  const book = useCitizenAction({ send: (slotId: string) => servicesApi.book(a.id, slotId), invalidates: [serviceKeys.mine], success: t('verify.booked') });
  const cancel = useCitizenAction({ send: (bookingId: string) => servicesApi.cancelBooking(a.id, bookingId), invalidates: [serviceKeys.mine], success: t('workbench.done') });
  return (
    <Card className="fx-card" title={t('verify.title')} data-testid="gs-verify">
      {a.verifications.map((v) => (
        <div key={v.id} style={{ marginBottom: 8 }}>
          <div>{formatDateTime(v.startsAt)} · {v.department} · <Tag>{t(`verify.status.${v.status}`)}</Tag></div>
          {v.status === 'booked' && <div className="fx-muted">{t('verify.room', { code: v.roomCode })}</div>}
          {v.reason && <div className="fx-muted">{v.reason}</div>}
          {v.status === 'booked' && <Button size="small" loading={cancel.pending} onClick={() => void cancel.run(v.id)}>{t('verify.cancel')}</Button>}
        </div>
      ))}
      {bookable && (slots.data?.items.length ?? 0) === 0 && <p className="fx-muted">{t('verify.none')}</p>}
      {bookable && (slots.data?.items ?? []).map((s) => (
        <Button key={s.id} size="small" style={{ margin: 4 }} loading={book.pending} onClick={() => void book.run(s.id)} data-testid="gs-verify-slot">
          {formatDateTime(s.startsAt)} {s.department}
        </Button>
      ))}
      <FormError error={book.error ?? cancel.error} />
    </Card>
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

/** The signed PDF result: its code, the download, and the public verification page. */
function DocumentCard({ a }: { a: OwnApplication }) {
  const { t } = useTranslation('govservice');
  const d = a.document!;
  const verifyPath = `/m/verify?code=${encodeURIComponent(d.code)}`;
  return (
    <Card className="fx-card" title={t('mine.document')} data-testid="gs-document">
      <p className="fx-muted">{t('mine.documentIntro')}</p>
      <p>{d.title}</p>
      <p>{t('mine.documentCode')}：<span data-testid="gs-document-code">{d.code}</span></p>
      {d.revokedAt && <p><Tag color="danger">{t('mine.documentRevoked', { reason: d.revokeReason ?? '' })}</Tag></p>}
      <p>
        {!d.revokedAt && <a href={servicesApi.pdfUrl(d.id)} download data-testid="gs-document-download">{t('mine.download')}</a>}
        {!d.revokedAt && ' · '}
        <a href={verifyPath} data-testid="gs-document-verify">{t('mine.verify')}</a>
      </p>
    </Card>
  );
}

/** 政务快递: the result shipment with its status timeline. */
function ShipmentsCard({ a }: { a: OwnApplication }) {
  const { t } = useTranslation('govservice');
  return (
    <Card className="fx-card" title={t('mine.shipments')} data-testid="gs-shipments">
      {a.shipments.map((s) => (
        <div key={s.number} style={{ marginBottom: 8 }}>
          <p>{s.contents} · <Tag color="primary">{t(`shipmentStatus.${s.status}`, { defaultValue: s.status })}</Tag></p>
          <p className="fx-muted">{s.carrier} · {t('mine.tracking')} {s.trackingNumber}</p>
          <p className="fx-muted">{t('mine.shipTo')} {s.address}</p>
          <Steps direction="vertical" current={s.timeline.length - 1}>
            {s.timeline.map((e, i) => (
              <Steps.Step key={`${e.at}-${i}`} title={t(`shipmentStatus.${e.status}`, { defaultValue: e.status })} description={`${formatDateTime(e.at)}${e.note ? ` · ${e.note}` : ''}`} />
            ))}
          </Steps>
        </div>
      ))}
    </Card>
  );
}

const LEVELS = [1, 2, 3, 4, 5] as const;

/** 好差评: rate the handling once, on the five national levels. */
function RateCard({ a }: { a: OwnApplication }) {
  const { t } = useTranslation('govservice');
  const [level, setLevel] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const rate = useCitizenAction({ send: (l: number) => servicesApi.rate(a.id, l, comment.trim()), invalidates: [serviceKeys.mine], success: t('mine.rated') });
  return (
    <Card className="fx-card" title={t('mine.rate')} data-testid="gs-rate-card">
      <p className="fx-muted">{t('mine.rateIntro')}</p>
      <Selector columns={2} value={level === null ? [] : [level]} onChange={(v) => setLevel(v[0] ?? null)}
        options={LEVELS.map((l) => ({ label: t(`rating.${l}`), value: l }))} data-testid="gs-rating" />
      <TextArea value={comment} onChange={setComment} rows={2} maxLength={500} placeholder={t('mine.comment')} style={{ marginTop: 8 }} data-testid="gs-rating-comment" />
      <FormError error={rate.error} />
      <Button block color="primary" style={{ marginTop: 8 }} disabled={level === null} loading={rate.pending} onClick={() => { if (level !== null) void rate.run(level); }} data-testid="gs-rate">
        {t('mine.rate')}
      </Button>
    </Card>
  );
}
