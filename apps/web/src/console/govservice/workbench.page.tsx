/**
 * 审批工作台: the window's queue (pre-review, acceptance incl. 容缺, green channel) and the department's
 * parts to review in parallel, plus 告知承诺 inspections. Green channel, priority and overdue first;
 * personal data masked; every read audited by the server.
 */
import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Input, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ApplicationStatus, InspectionLine, QueueLine, StaffApplication } from '@fangxian/contracts/govservice';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { applicationQuery, gsApi, gsKeys, inspectionsQuery, queueQuery, type View } from './govservice.api.ts';

const COLOUR: Record<ApplicationStatus, string> = {
  draft: 'default', submitted: 'gold', returned: 'orange', accepted: 'blue', under_review: 'processing', approved: 'success', rejected: 'default', revoked: 'red', withdrawn: 'default',
};

function StatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation('govservice');
  return <Tag color={COLOUR[status]}>{t(`status.${status}`)}</Tag>;
}

export function GovserviceWorkbenchPage() {
  const { t } = useTranslation('govservice');
  const { me } = useSession();
  const isWindow = (me?.kind === 'staff' && me.roles.includes('service_center')) ?? false;
  const [search, setSearch] = useSearchParams();
  const [tab, setTab] = useState<View | 'inspections'>(isWindow ? 'window' : 'department');
  const open = search.get('application');
  return (
    <PageContainer title={t('nav.workbench')} section={t('nav.section')} description={t('workbench.intro')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as View | 'inspections')}
        items={[
          ...(isWindow ? [{ key: 'window', label: t('workbench.window'), children: <Queue view="window" onOpen={(id) => setSearch({ application: id })} /> }] : []),
          { key: 'department', label: t('workbench.department'), children: <Queue view="department" onOpen={(id) => setSearch({ application: id })} /> },
          { key: 'inspections', label: t('workbench.inspections'), children: <Inspections onOpen={(id) => setSearch({ application: id })} /> },
        ]}
      />
      {open && <ApplicationDrawer appId={open} onClose={() => setSearch({})} />}
    </PageContainer>
  );
}

function Queue({ view, onOpen }: { view: View; onOpen: (id: string) => void }) {
  const { t } = useTranslation('govservice');
  const list = useQuery({ ...queueQuery(view), refetchInterval: 30_000 });
  return (
    <ListCard query={list}>
      <Space style={{ marginBottom: 8 }}><RefreshButton query={list} /></Space>
      <Table<QueueLine>
        rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid={`gs-queue-${view}`} pagination={{ pageSize: 20 }}
        onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('field.number'), dataIndex: 'number' },
          { title: t('field.item'), dataIndex: 'itemName' },
          { title: t('field.applicant'), dataIndex: 'applicant' },
          {
            title: t('field.status'), key: 'status', render: (_: unknown, r) => (
              <Space size={4} wrap>
                <StatusTag status={r.status} />
                {r.mode !== 'normal' && <Tag color="purple">{t(`mode.${r.mode}`)}</Tag>}
                {r.greenChannel && <Tag color="green">{t('workbench.green')}</Tag>}
                {r.priorityRequested && !r.greenChannel && <Tag color="lime">{t('workbench.priority')}</Tag>}
                {r.missing > 0 && <Tag color="orange">{t('workbench.missing', { count: r.missing })}</Tag>}
                {r.supplyOverdue && <Tag color="red">{t('workbench.supplyOverdue')}</Tag>}
                {r.overdue && <Tag color="red">{t('workbench.overdue')}</Tag>}
                {r.dueSoon && <Tag color="volcano">{t('workbench.dueSoon')}</Tag>}
              </Space>
            ),
          },
          { title: t('field.parts'), key: 'parts', render: (_: unknown, r) => r.parts.map((p) => `${p.department}：${t(`part.${p.status}`)}`).join('；') || '—' },
          { title: t('field.dueAt'), dataIndex: 'dueAt', render: (v: string | null, r) => (v ? (r.overdue ? <Typography.Text type="danger">{formatDateTime(v)}</Typography.Text> : formatDateTime(v)) : '—') },
        ]}
      />
    </ListCard>
  );
}

function Inspections({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation('govservice');
  const list = useQuery(inspectionsQuery());
  return (
    <ListCard query={list}>
      <Table<InspectionLine>
        rowKey="id" size="small" dataSource={list.data?.items ?? []} data-testid="gs-inspections" pagination={{ pageSize: 20 }}
        onRow={(row) => ({ onClick: () => onOpen(row.applicationId), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('field.number'), dataIndex: 'number' },
          { title: t('field.item'), dataIndex: 'itemName' },
          { title: t('field.status'), dataIndex: 'status', render: (s: string, r) => <Space>{s}{r.overdue && <Tag color="red">{t('workbench.overdue')}</Tag>}</Space> },
          { title: t('field.dueAt'), dataIndex: 'dueAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </ListCard>
  );
}

function ApplicationDrawer({ appId, onClose }: { appId: string; onClose: () => void }) {
  const { t } = useTranslation('govservice');
  const detail = useQuery(applicationQuery(appId));
  const [shown, setShown] = useState<{ a: StaffApplication; at: number } | null>(null);
  const a = detail.data && (!shown || detail.dataUpdatedAt > shown.at) ? detail.data : shown?.a;
  const error = useLoadError(detail.error);
  return (
    <Drawer open width={860} title={t('workbench.detail')} onClose={onClose} destroyOnHidden data-testid="gs-drawer">
      {error && !shown && <Alert type="error" showIcon title={error} />}
      {a && <Detail a={a} onChanged={(x) => setShown({ a: x, at: Date.now() })} />}
    </Drawer>
  );
}

function Detail({ a, onChanged }: { a: StaffApplication; onChanged: (a: StaffApplication) => void }) {
  const { t } = useTranslation('govservice');
  const fieldLabel = (key: string) => a.formSchema.fields.find((f) => f.key === key)?.label.zh ?? key;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions column={2} size="small" bordered data-testid="gs-detail">
        <Descriptions.Item label={t('field.number')}>{a.number}</Descriptions.Item>
        <Descriptions.Item label={t('field.status')}><Space><StatusTag status={a.status} />{a.overdue && <Tag color="red">{t('workbench.overdue')}</Tag>}</Space></Descriptions.Item>
        <Descriptions.Item label={t('field.item')}>{a.item.name}（v{a.item.version}）</Descriptions.Item>
        <Descriptions.Item label={t('field.mode')}>{t(`mode.${a.mode}`)}{a.greenChannel ? ` · ${t('workbench.green')}` : ''}</Descriptions.Item>
        <Descriptions.Item label={t('field.applicant')} span={2}>
          <Space wrap data-testid="gs-applicant">
            {a.enterprise && <span>{a.enterprise.name} {a.enterprise.creditCode}</span>}
            <span>{a.applicant.name}</span><span>{a.applicant.document}</span><span>{a.applicant.phone}</span>
            <Typography.Text type="secondary">（{t('workbench.masked')}）</Typography.Text>
          </Space>
        </Descriptions.Item>
        {a.priorityReason && <Descriptions.Item label={t('workbench.priority')} span={2}>{a.priorityReason}</Descriptions.Item>}
        {a.supplyBy && <Descriptions.Item label={t('field.supplyBy')}>{a.supplyBy}{a.supplyOverdue && <Tag color="red" style={{ marginLeft: 8 }}>{t('workbench.supplyOverdue')}</Tag>}</Descriptions.Item>}
        {a.dueAt && <Descriptions.Item label={t('field.dueAt')}>{formatDateTime(a.dueAt)}</Descriptions.Item>}
        {a.decisionNote && <Descriptions.Item label={t('field.decisionNote')} span={2}>{a.decisionNote}</Descriptions.Item>}
        {a.result && <Descriptions.Item label={t('field.result')} span={2}>{a.result.title} · {a.result.number}{a.result.revokedAt && <Tag color="red" style={{ marginLeft: 8 }}>{t('status.revoked')}</Tag>}</Descriptions.Item>}
      </Descriptions>
      <Descriptions title={t('field.form')} column={2} size="small" bordered>
        {Object.entries(a.form).map(([k, v]) => <Descriptions.Item key={k} label={fieldLabel(k)}>{Array.isArray(v) ? v.join('、') : String(v)}</Descriptions.Item>)}
      </Descriptions>
      <Descriptions title={t('field.materials')} column={1} size="small" bordered>
        {a.materials.map((m) => (
          <Descriptions.Item key={m.key} label={m.name}>
            <Space wrap>
              {m.missing && <Tag color="orange">{t('mode.tolerance')}</Tag>}
              {m.fileIds.map((f, i) => <a key={f} href={gsApi.materialUrl(a.id, f)} target="_blank" rel="noreferrer">{t('workbench.file', { n: i + 1 })}</a>)}
              {m.correction && <Typography.Text type="warning">{m.correction}</Typography.Text>}
            </Space>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {a.internalParts.length > 0 && (
        <Descriptions title={t('field.parts')} column={1} size="small" bordered data-testid="gs-parts">
          {a.internalParts.map((p) => <Descriptions.Item key={`${p.department}-${p.itemCode ?? ''}`} label={p.itemName ? `${p.department}（${p.itemName}）` : p.department}>{t(`part.${p.status}`, { defaultValue: p.status })}{p.note ? `：${p.note}` : ''}{p.internalNote ? `（${p.internalNote}）` : ''}</Descriptions.Item>)}
        </Descriptions>
      )}
      <Actions a={a} onChanged={onChanged} />
      <div>
        <Typography.Title level={5}>{t('field.history')}</Typography.Title>
        <Timeline
          data-testid="gs-history"
          items={a.history.map((h, i) => ({
            key: `${h.at}-${i}`,
            children: (
              <div>
                <strong>{t(`action.${h.action}`, { defaultValue: h.action })}</strong> → {t(`status.${h.status}`, { defaultValue: h.status })}{h.department ? ` · ${h.department}` : ''}
                <div><Typography.Text type="secondary">{formatDateTime(h.at)}</Typography.Text></div>
                {h.note && <div>{h.note}</div>}
                {h.internalNote && <Typography.Text type="secondary">{h.internalNote}</Typography.Text>}
              </div>
            ),
          }))}
        />
      </div>
    </Space>
  );
}

function Actions({ a, onChanged }: { a: StaffApplication; onChanged: (a: StaffApplication) => void }) {
  const { t } = useTranslation('govservice');
  const [note, setNote] = useState('');
  const [internal, setInternal] = useState('');
  const [comments, setComments] = useState<Record<string, string>>({});
  const [reviewItem, setReviewItem] = useState<string | null>(null);
  const done = (r: StaffApplication) => { setNote(''); setInternal(''); setComments({}); onChanged(r); };
  const win = useAction({
    send: (action: 'return' | 'accept' | 'reject' | 'green-channel') =>
      gsApi.window(a.id, { action, note: note.trim() || null, comments: Object.entries(comments).filter(([, c]) => c.trim()).map(([key, comment]) => ({ key, comment })) }),
    invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline', onDone: done,
  });
  const review = useAction({
    send: (decision: 'approve' | 'reject') => gsApi.review(a.id, { decision, note: note.trim() || null, internalNote: internal.trim() || null, itemCode: reviewItem ?? (a.reviewItems.length === 1 ? a.reviewItems[0].code : null) }),
    invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline', onDone: done,
  });
  const inspect = useAction({
    send: (outcome: 'passed' | 'failed') => gsApi.inspect(a.inspection!.id, { outcome, note: note.trim() || null }),
    invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline', onDone: () => setNote(''),
  });
  const canGreen = a.as.window && !a.greenChannel && ['submitted', 'returned', 'accepted', 'under_review'].includes(a.status);
  if (a.windowActions.length === 0 && !a.canReview && !a.canInspect && !canGreen) return <Alert type="info" showIcon title={t('workbench.noActions')} />;
  const error = win.error ?? review.error ?? inspect.error;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="gs-actions">
      {error && <Alert type="error" showIcon title={error} data-testid="gs-action-error" />}
      {a.windowActions.includes('return') && a.materials.map((m) => (
        <Input key={m.key} addonBefore={m.name} placeholder={t('workbench.comment')} value={comments[m.key] ?? ''} onChange={(e) => setComments({ ...comments, [m.key]: e.target.value })} data-testid={`gs-comment-${m.key}`} />
      ))}
      <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={canGreen && a.windowActions.length === 0 ? t('workbench.greenReason') : t('workbench.note')} data-testid="gs-note" />
      {a.canReview && a.reviewItems.length > 1 && (
        <Select style={{ width: '100%' }} placeholder={t('bundle.reviewItem')} value={reviewItem} onChange={setReviewItem} options={a.reviewItems.map((i) => ({ value: i.code, label: i.name }))} data-testid="gs-review-item" />
      )}
      {a.canReview && <Input.TextArea rows={2} value={internal} onChange={(e) => setInternal(e.target.value)} placeholder={t('workbench.internalNote')} />}
      <Space wrap>
        {a.windowActions.filter((x) => ['accept', 'return', 'reject'].includes(x)).map((x) => (
          <Button key={x} type={x === 'accept' ? 'primary' : 'default'} danger={x === 'reject'} loading={win.pending} onClick={() => void win.run(x as 'accept' | 'return' | 'reject')} data-testid={`gs-window-${x}`}>{t(`action.${x}`)}</Button>
        ))}
        {canGreen && <Button loading={win.pending} onClick={() => void win.run('green-channel')} data-testid="gs-window-green">{t('action.green-channel')}</Button>}
        {a.canReview && <Button type="primary" loading={review.pending} onClick={() => void review.run('approve')} data-testid="gs-review-approve">{t('workbench.approve')}</Button>}
        {a.canReview && <Button danger loading={review.pending} onClick={() => void review.run('reject')} data-testid="gs-review-reject">{t('workbench.reject')}</Button>}
        {a.canInspect && <Button type="primary" loading={inspect.pending} onClick={() => void inspect.run('passed')} data-testid="gs-inspect-passed">{t('workbench.passed')}</Button>}
        {a.canInspect && <Button danger loading={inspect.pending} onClick={() => void inspect.run('failed')} data-testid="gs-inspect-failed">{t('workbench.failed')}</Button>}
      </Space>
    </Space>
  );
}
