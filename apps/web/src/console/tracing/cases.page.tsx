/** 病例档案: case files — register a case (ID encrypted, masked here), its lifecycle, itinerary, publication and co-present contacts. */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Empty, Form, Input, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { checkDocumentNumber, type DocumentType } from '@fangxian/contracts/id-documents';
import { todayInChina } from '@fangxian/contracts/kernel/days';
import { CASE_OPENING_STATUSES, CASE_SOURCES, TRIP_MODES, type CaseStatus, type CaseSummary, type ContactCandidate, type ItineraryPoint, type PublicationProposal, type TripMode } from '@fangxian/contracts/tracing';
import { InputError } from '../../shared/api/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { RegionName } from '../../staff/region-name.tsx';
import { useAction } from '../../staff/use-action.ts';
import { DocumentFields } from '../components/document-fields.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { ProposalsCard } from '../components/proposals-card.tsx';
import { importFieldLabel, importRejectText } from './import-reject.ts';
import { CaseContacts, ClusterSelect, SecondDegree } from './case-extras.tsx';
import { describeChanges, EditCaseModal } from './case-edit.tsx';
import { CandidatePager, CandidateTable, ContactDecisionModal, pagedRows, type ContactDecision } from './candidate-table.tsx';
import { candidatesQuery, caseFileQuery, casesQuery, publicationProposalsQuery, tracingApi, tracingKeys, type NewCase, type NewPoint } from './tracing.api.ts';
import { DateInput } from '../../staff/date-input.tsx';

const STATUS_TAG: Record<CaseStatus, string> = { confirmed: 'red', suspected: 'volcano', asymptomatic: 'orange', excluded: 'default', recovered: 'green' };

/** A `datetime-local` value (China time as typed) → ISO instant. */
const instantOf = (local: string) => new Date(`${local}:00+08:00`).toISOString();

/** The case-file list page. */
export function CasesPage() {
  const { t } = useTranslation('tracing');
  const { me } = useSession();
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery(casesQuery());
  const proposals = useQuery(publicationProposalsQuery());
  const canApprove = me?.actions.includes('tracing.itinerary.publish') ?? false;
  return (
    <PageContainer
      title={t('cases.title')}
      section={t('nav.section')}
      description={t('cases.intro')}
      extra={
        <Space>
          <RefreshButton query={list} />
          <ImportCasesButton />
          <Button href="/api/tracing/cases/export.csv" target="_blank">
            {t('cases.export')}
          </Button>
          <CreateButton onClick={() => setAdding(true)}>{t('cases.add')}</CreateButton>
        </Space>
      }
    >
      <ProposalsCard<PublicationProposal>
        query={proposals}
        testId="publication-proposals"
        canDecide={canApprove}
        decide={tracingApi.decidePublication}
        invalidates={[tracingKeys.proposals, tracingKeys.cases, ['tracing', 'cases']]}
        describe={(p) => (
          <Space direction="vertical" size={0}>
            <span>{t('proposals.describe', { label: p.publicLabel ?? (p.caseStatus ? t(`status.${p.caseStatus}`) : '—'), count: p.points.length })}</span>
            {p.points.map((point) => (
              <Typography.Text key={point.id} type="secondary">
                {formatDateTime(point.from)}–{formatDateTime(point.to)} {point.kind === 'stay' ? point.placeName : `${t(`mode.${point.mode}`)} ${point.number}${point.carriage ? ` · ${point.carriage}` : ''}`}
              </Typography.Text>
            ))}
          </Space>
        )}
      />
      <ListCard query={list}>
        <ListTable<CaseSummary>
          query={list}
          data-testid="case-table"
          columns={[
            { title: t('cases.name'), dataIndex: 'name' },
            { title: t('cases.documentNumber'), dataIndex: 'documentNumber', render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('cases.status'), dataIndex: 'status', render: (s: CaseStatus) => <Tag color={STATUS_TAG[s]}>{t(`status.${s}`)}</Tag> },
            { title: t('cases.reportDate'), dataIndex: 'reportDate' },
            { title: t('cases.source'), dataIndex: 'source', render: (s: string) => t(`source.${s}`) },
            { title: t('cases.region'), dataIndex: 'regionCode', render: (c: string) => <RegionName code={c} allLabel="—" /> },
            { title: t('cases.publicLabel'), dataIndex: 'publicLabel', render: (l: string | null) => l ?? <Typography.Text type="secondary">{t('cases.notPublished')}</Typography.Text> },
            {
              title: t('cases.actions'),
              key: 'actions',
              render: (_: unknown, r: CaseSummary) => (
                <Button size="small" onClick={() => setOpen(r.id)}>
                  {t('cases.open')}
                </Button>
              ),
            },
          ]}
        />
      </ListCard>
      {adding && <RegisterCaseModal scope={me?.regionCode ?? ''} onClose={() => setAdding(false)} />}
      {open && <CaseDrawer caseId={open} onClose={() => setOpen(null)} />}
    </PageContainer>
  );
}

/** 批量导入: a CSV or XLSX list; the good rows are registered, the bad ones listed with line and reason. */
function ImportCasesButton() {
  const { t } = useTranslation('tracing');
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const pick = async (file: File) => {
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const result = await tracingApi.importCases(file.name.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv', btoa(binary));
      await queryClient.invalidateQueries({ queryKey: tracingKeys.cases });
      modal.info({
        title: t('cases.imported', { accepted: result.accepted, rejected: result.rejected.length }),
        width: 640,
        content: result.rejected.length === 0 ? null : (
          <Table
            size="small"
            rowKey="line"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={result.rejected}
            data-testid="case-import-rejected"
            columns={[
              { title: t('cases.line'), dataIndex: 'line' },
              { title: t('cases.field'), dataIndex: 'field', render: (f: string | null) => importFieldLabel(t, f) },
              { title: t('file.reason'), key: 'reason', render: (_: unknown, r) => importRejectText(t, r) },
            ]}
          />
        ),
      });
    } catch (err) {
      modal.error({ title: t('cases.importFailed'), content: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4}>
      <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => (void pick(file), false)}>
        <Button loading={busy}>{t('cases.import')}</Button>
      </Upload>
      <Button type="link" href="/api/tracing/cases/import-template.csv" target="_blank">
        {t('cases.template')}
      </Button>
    </Space>
  );
}

function RegisterCaseModal({ scope, onClose }: { scope: string; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const required = { required: true, message: t('cases.required') };
  const send = async (values: NewCase & { documentType: DocumentType }) => {
    const checked = checkDocumentNumber(values.documentType, values.documentNumber);
    if (!checked.ok) throw new InputError(t('cases.documentInvalid'));
    return tracingApi.register({ ...values, documentNumber: checked.normalized, name: values.name.trim(), onsetDate: values.onsetDate || null });
  };
  return (
    <FormModal<NewCase & { documentType: DocumentType }>
      title={t('cases.add')}
      onClose={onClose}
      send={send}
      invalidates={[tracingKeys.cases]}
      success={t('cases.added')}
      formTestId="case-form"
      initialValues={{ documentType: 'resident_id', status: 'confirmed', source: 'hospital', reportDate: todayInChina(), regionCode: scope || undefined }}
    >
      <Form.Item name="name" label={t('cases.name')} rules={[required, { max: 50, whitespace: true }]}>
        <Input maxLength={50} autoComplete="off" />
      </Form.Item>
      <DocumentFields />
      <Form.Item name="status" label={t('cases.status')} rules={[required]}>
        <Select options={CASE_OPENING_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="onsetDate" label={t('cases.onsetDate')}>
        <DateInput max={todayInChina()} />
      </Form.Item>
      <Form.Item name="reportDate" label={t('cases.reportDate')} rules={[required]}>
        <DateInput max={todayInChina()} />
      </Form.Item>
      <Form.Item name="source" label={t('cases.source')} rules={[required]}>
        <Select options={CASE_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('cases.region')} rules={[required]}>
        <DivisionCascader scope={scope} />
      </Form.Item>
      <Form.Item name="notes" label={t('cases.notes')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </FormModal>
  );
}

/** One case file in a drawer: facts, status change, history, itinerary, candidates. */
function CaseDrawer({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const { modal } = App.useApp();
  const { me } = useSession();
  const file = useQuery(caseFileQuery(caseId));
  const [adding, setAdding] = useState<'stay' | 'trip' | null>(null);
  const [changing, setChanging] = useState(false);
  const [editing, setEditing] = useState(false);
  const invalidates = [tracingKeys.cases, tracingKeys.file(caseId), tracingKeys.candidates(caseId)];
  const importScans = useAction({ send: () => tracingApi.importScans(caseId), invalidates, success: (r) => t('file.imported', { count: r.length }) });
  const publish = useAction({ send: () => tracingApi.publish(caseId), invalidates: [...invalidates, tracingKeys.proposals], success: (r) => t('file.proposed', { count: r.points.length }) });
  const remove = useAction({ send: (pointId: string) => tracingApi.removePoint(caseId, pointId), invalidates });
  const c = file.data;
  const canPublish = me?.actions.includes('tracing.case.manage');
  return (
    <Drawer open width={960} title={t('file.title')} onClose={onClose} destroyOnHidden data-testid="case-drawer">
      {!c && <Empty description={file.isPending ? '…' : t('cases.none')} />}
      {c && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={3}>
            <Descriptions.Item label={t('cases.name')}>{c.name}</Descriptions.Item>
            <Descriptions.Item label={t('cases.documentNumber')}>
              <span className="fx-mono">{c.documentNumber}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.status')}>
              <Tag color={STATUS_TAG[c.status]}>{t(`status.${c.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.onsetDate')}>{c.onsetDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cases.reportDate')}>{c.reportDate}</Descriptions.Item>
            <Descriptions.Item label={t('cases.confirmedDate')}>{c.confirmedDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cases.source')}>{t(`source.${c.source}`)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.region')}>
              <RegionName code={c.regionCode} allLabel="—" />
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.publicLabel')}>{c.publicLabel ?? t('cases.notPublished')}</Descriptions.Item>
            <Descriptions.Item label={t('clusterAssign.label')} span={3}>
              <ClusterSelect caseId={caseId} clusterId={c.clusterId ?? null} />
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            {c.nextStatuses.length > 0 && <Button onClick={() => setChanging(true)}>{t('file.changeStatus')}</Button>}
            <Button onClick={() => setEditing(true)} data-testid="edit-case">
              {t('edit.button')}
            </Button>
            <Button onClick={() => setAdding('stay')} data-testid="add-stay">
              {t('file.addStay')}
            </Button>
            <Button onClick={() => setAdding('trip')} data-testid="add-trip">
              {t('file.addTrip')}
            </Button>
            {c.hasAccount && (
              <Button loading={importScans.pending} onClick={() => void importScans.run()}>
                {t('file.importScans')}
              </Button>
            )}
            {canPublish && (
              <Button
                type="primary"
                data-testid="publish-itinerary"
                disabled={!c.itinerary.some((p) => !p.published)}
                loading={publish.pending}
                onClick={() =>
                  modal.confirm({
                    title: t('file.publish'),
                    content: t('file.publishConfirm', { label: c.publicLabel ?? t(`status.${c.status}`) }),
                    onOk: async () => {
                      if (!(await publish.run())) throw new Error('not published');
                    },
                  })
                }
              >
                {t('file.publish')}
              </Button>
            )}
          </Space>
          <Card size="small" title={t('file.itinerary')}>
            <Table<ItineraryPoint>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.itinerary}
              locale={{ emptyText: t('file.none') }}
              data-testid="itinerary-table"
              columns={[
                { title: t('file.from'), dataIndex: 'from', render: (v: string) => formatDateTime(v) },
                { title: t('file.to'), dataIndex: 'to', render: (v: string) => formatDateTime(v) },
                { title: t('kind.stay'), key: 'what', render: (_: unknown, p) => (p.kind === 'stay' ? p.placeName : `${t(`mode.${p.mode}`)} ${p.number}${p.carriage ? ` · ${p.carriage}` : ''}${p.seat ? ` · ${p.seat}` : ''}`) },
                { title: t('file.division'), dataIndex: 'divisionCode', render: (code: string) => <RegionName code={code} allLabel="—" /> },
                { title: t('file.isPublished'), dataIndex: 'published', render: (v: boolean) => (v ? <Tag color="blue">{t('file.isPublished')}</Tag> : <Tag>{t('file.notYet')}</Tag>) },
                {
                  title: t('cases.actions'),
                  key: 'actions',
                  render: (_: unknown, p) =>
                    !p.published && (
                      <Button size="small" danger onClick={() => void remove.run(p.id)}>
                        {t('file.remove')}
                      </Button>
                    ),
                },
              ]}
            />
          </Card>
          <Candidates caseId={caseId} />
          <CaseContacts caseId={caseId} />
          <SecondDegree caseId={caseId} contacts={c.contacts} />
          <Card size="small" title={t('file.history')}>
            <Timeline
              data-testid="case-history"
              items={c.history.map((h) => ({
                children: h.changes
                  ? `${formatDateTime(h.changedAt)} ${t('edit.historyEntry', { changes: describeChanges(h.changes, t) })}（${h.reason}）`
                  : `${formatDateTime(h.changedAt)} ${h.from ? `${t(`status.${h.from as CaseStatus}`)} → ` : ''}${t(`status.${h.to as CaseStatus}`)}（${h.reason}）`,
              }))}
            />
          </Card>
        </Space>
      )}
      {c && adding && <PointModal caseId={caseId} kind={adding} scope={me?.regionCode ?? ''} onClose={() => setAdding(null)} />}
      {c && changing && <StatusModal caseId={caseId} next={c.nextStatuses} onClose={() => setChanging(false)} />}
      {c && editing && <EditCaseModal file={c} scope={me?.regionCode ?? ''} onClose={() => setEditing(false)} />}
    </Drawer>
  );
}

function StatusModal({ caseId, next, onClose }: { caseId: string; next: CaseStatus[]; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const required = { required: true, message: t('cases.required') };
  return (
    <FormModal<{ status: CaseStatus; reason: string }>
      title={t('file.changeStatus')}
      onClose={onClose}
      send={(v) => tracingApi.changeStatus(caseId, v.status, v.reason.trim())}
      invalidates={[tracingKeys.cases, tracingKeys.file(caseId)]}
      success={t('file.statusChanged')}
      initialValues={{ status: next[0] }}
    >
      <Form.Item name="status" label={t('file.newStatus')} rules={[required]}>
        <Select options={next.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('file.reason')} rules={[required, { min: 2, max: 500, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** The point's form: a new point without its kind (the modal is opened for a stay or a trip). */
type PointForm = Omit<NewPoint, 'kind'>;

function PointModal({ caseId, kind, scope, onClose }: { caseId: string; kind: 'stay' | 'trip'; scope: string; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const required = { required: true, message: t('cases.required') };
  const send = (v: PointForm) => {
    const point: NewPoint = { kind, from: instantOf(v.from), to: instantOf(v.to) };
    for (const key of ['venueId', 'placeName', 'divisionCode', 'mode', 'number', 'carriage', 'seat', 'note'] as const) {
      const value = typeof v[key] === 'string' ? (v[key] as string).trim() : v[key];
      if (value) (point as unknown as Record<string, unknown>)[key] = value;
    }
    return tracingApi.addPoint(caseId, point);
  };
  return (
    <FormModal<PointForm>
      title={t(kind === 'stay' ? 'file.addStay' : 'file.addTrip')}
      onClose={onClose}
      send={send}
      invalidates={[tracingKeys.file(caseId), tracingKeys.candidates(caseId)]}
      success={t('file.added')}
      formTestId="point-form"
      initialValues={{ mode: kind === 'trip' ? 'train' : undefined, divisionCode: scope || undefined }}
    >
      <Form.Item name="from" label={t('file.from')} rules={[required]}>
        <Input type="datetime-local" />
      </Form.Item>
      <Form.Item name="to" label={t('file.to')} rules={[required]}>
        <Input type="datetime-local" />
      </Form.Item>
      {kind === 'stay' ? (
        <>
          <Form.Item name="venueId" label={t('file.venueId')}>
            <Input maxLength={36} autoComplete="off" />
          </Form.Item>
          <Form.Item name="placeName" label={t('file.placeName')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item name="mode" label={t('file.mode')} rules={[required]}>
            <Select options={TRIP_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} />
          </Form.Item>
          <Form.Item name="number" label={t('file.number')} rules={[required]}>
            <Input maxLength={20} />
          </Form.Item>
          <Space>
            <Form.Item name="carriage" label={t('file.carriage')}>
              <Input maxLength={20} />
            </Form.Item>
            <Form.Item name="seat" label={t('file.seat')}>
              <Input maxLength={10} />
            </Form.Item>
          </Space>
        </>
      )}
      <Form.Item name="divisionCode" label={t('file.division')} rules={kind === 'trip' ? [required] : []}>
        <DivisionCascader scope={scope} />
      </Form.Item>
      <Form.Item name="note" label={t('file.note')}>
        <Input maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

/** The co-present people of a case, each exposure explained, with confirm / dismiss. */
function Candidates({ caseId }: { caseId: string }) {
  const { t } = useTranslation('tracing');
  const list = useInfiniteQuery(candidatesQuery(caseId));
  const { rows } = pagedRows(list);
  const [deciding, setDeciding] = useState<{ candidate: ContactCandidate; decision: ContactDecision } | null>(null);
  return (
    <Card size="small" title={t('contacts.title')} extra={<RefreshButton query={list} />}>
      <Typography.Paragraph type="secondary">{t('contacts.intro')}</Typography.Paragraph>
      <CandidateTable<ContactCandidate>
        rowKey="citizenId"
        loading={list.isPending}
        dataSource={rows}
        locale={{ emptyText: t('contacts.none') }}
        data-testid="candidate-table"
        columns={[
          { title: t('contacts.overlap'), dataIndex: 'totalOverlapMinutes', render: (m: number) => t('contacts.minutes', { count: m }) },
          {
            title: t('contacts.exposures'),
            key: 'exposures',
            render: (_: unknown, c) => (
              <Space direction="vertical" size={0}>
                {c.exposures.map((e) => (
                  <Typography.Text key={`${e.pointId}-${e.scannedAt}`} style={{ fontSize: 12 }}>
                    {t('contacts.exposure', { venue: e.venueName, scan: formatDateTime(e.scannedAt), stay: e.assumedStayMinutes, from: formatDateTime(e.caseFrom), to: formatDateTime(e.caseTo), minutes: e.overlapMinutes })}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
        ]}
        decided={(c) =>
          c.decision && (
            <Tag color={c.decision.decision === 'confirmed' ? 'gold' : 'default'}>
              {c.decision.decision === 'confirmed' ? `${t('contacts.confirmed')} · ${t(`level.${c.decision.level ?? 'close'}`)}` : t('contacts.dismissed')}
            </Tag>
          )
        }
        canDecide={(c) => !c.decision}
        onDecide={(candidate, decision) => setDeciding({ candidate, decision })}
      />
      <CandidatePager list={list} testId="candidate-pager" />
      {deciding && (
        <ContactDecisionModal
          decision={deciding.decision}
          levels={['close', 'secondary', 'general']}
          title={deciding.decision === 'confirmed' ? t('contacts.confirm') : t('contacts.dismiss')}
          send={(input) => tracingApi.decide(caseId, { citizenId: deciding.candidate.citizenId, ...input })}
          invalidates={[tracingKeys.candidates(caseId), tracingKeys.file(caseId)]}
          success={t('contacts.decided')}
          onClose={() => setDeciding(null)}
        />
      )}
    </Card>
  );
}
