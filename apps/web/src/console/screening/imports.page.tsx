/**
 * 导入: upload a CSV/XLSX list into a source; the import runs as a background job whose progress
 * (bytes of the file read, and the counters as its message) the page follows on the job's event
 * stream (GET /api/jobs/:id/events), polling when there is none; cancel; the counts; the rejected
 * rows as XLSX. The import being watched is in the address (?import=…), so a reload keeps watching.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Progress, Radio, Row, Select, Space, Statistic, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useAction } from '../../staff/use-action.ts';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { countersOf, importQuery, importsQuery, jobQuery, screeningApi, screeningKeys, sourcesQuery, type ImportPace, type JobView, type ScreeningImport } from './screening.api.ts';
import { ExportRequestButton } from './screening.parts.tsx';

const POLL_MS = 1000;
const importOver = (imp: ScreeningImport | undefined) => imp?.status === 'succeeded' || imp?.status === 'failed' || imp?.status === 'cancelled';
const jobOver = (job: JobView | undefined) => job?.status === 'succeeded' || job?.status === 'failed';
const STATUS_COLOUR: Record<string, string> = { queued: 'default', running: 'processing', succeeded: 'success', failed: 'error', cancelled: 'warning' };

export function ImportsPage() {
  const { t } = useTranslation('screening');
  const [search, setSearch] = useSearchParams();
  const watching = search.get('import');
  const watch = (importId: string | null) => setSearch(importId ? { import: importId } : {});
  const list = useQuery(importsQuery());
  const sources = useQuery(sourcesQuery());
  const sourceName = (id: string) => sources.data?.find((s) => s.id === id)?.name ?? '—';
  return (
    <PageContainer title={t('nav.imports')} section={t('nav.section')} description={t('imports.intro')} extra={<RefreshButton query={list} />}>
      <UploadCard onStarted={(imp) => watch(imp.id)} />
      {watching && <ImportCard key={watching} importId={watching} sourceName={sourceName} onClose={() => watch(null)} />}
      <ListCard query={list}>
        <Typography.Title level={5}>{t('imports.recent')}</Typography.Title>
        <ListTable<ScreeningImport>
          query={list}
          size="small"
          data-testid="imports-table"
          columns={[
            { title: t('imports.file'), dataIndex: 'fileName' },
            { title: t('imports.source'), dataIndex: 'sourceId', render: (id: string) => sourceName(id) },
            { title: t('imports.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOUR[s]}>{t(`importStatus.${s}`, { defaultValue: s })}</Tag> },
            { title: t('count.rowsRead'), key: 'rowsRead', render: (_: unknown, r) => r.counters.rowsRead },
            { title: t('count.accepted'), key: 'accepted', render: (_: unknown, r) => r.counters.accepted },
            { title: t('count.rejected'), key: 'rejected', render: (_: unknown, r) => r.counters.rejected },
            { title: t('imports.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r) => (
                <Space>
                  <Button size="small" onClick={() => watch(r.id)}>
                    {t('imports.view')}
                  </Button>
                  {r.counters.rejected > 0 && <ExportRequestButton size="small" ask={{ export: 'rejected_rows', importId: r.id }} label={t('imports.requestRejected')} />}
                </Space>
              ),
            },
          ]}
        />
      </ListCard>
    </PageContainer>
  );
}

/** Pick a source and a file, then start the import. */
function UploadCard({ onStarted }: { onStarted: (imp: ScreeningImport) => void }) {
  const { t } = useTranslation('screening');
  const sources = useQuery(sourcesQuery());
  const [sourceId, setSourceId] = useState<string>();
  const [file, setFile] = useState<File | null>(null);
  const [pace, setPace] = useState<ImportPace>('paced');
  const upload = useAction<void, ScreeningImport>({
    send: () => {
      if (!sourceId) return Promise.reject(new InputError(t('imports.pickSource')));
      if (!file) return Promise.reject(new InputError(t('imports.pickFile')));
      return screeningApi.upload(sourceId, file, pace);
    },
    invalidates: [screeningKeys.imports],
    success: (imp) => (imp.duplicate ? t('imports.duplicate') : t('imports.started')),
    showError: 'inline',
    onDone: (imp) => {
      setFile(null);
      onStarted(imp);
    },
  });
  return (
    <Card className="fx-card" title={t('imports.upload')}>
      {upload.error && <Alert type="error" showIcon title={upload.error} style={{ marginBottom: 12 }} data-testid="upload-error" />}
      <Form layout="vertical">
        <Form.Item label={t('imports.source')} required>
          <Select
            value={sourceId}
            onChange={setSourceId}
            loading={sources.isLoading}
            placeholder={t('imports.pickSource')}
            aria-label={t('imports.source')}
            data-testid="import-source"
            options={(sources.data ?? []).map((s) => ({ value: s.id, label: `${s.name} · ${t(`kind.${s.kind}`, { defaultValue: s.kind })}` }))}
            style={{ maxWidth: 420 }}
          />
        </Form.Item>
        <Form.Item label={t('imports.file')} required extra={t('imports.fileHint')}>
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            multiple={false}
            // The file is sent by 开始导入 (below), not by the Upload component.
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('imports.dropHint')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Form.Item label={t('imports.pace')} extra={t('imports.paceHint')}>
          <Radio.Group value={pace} onChange={(e) => setPace(e.target.value as ImportPace)} data-testid="import-pace" aria-label={t('imports.pace')}>
            <Radio value="paced" data-testid="import-pace-paced">
              {t('imports.pacePaced')}
            </Radio>
            <Radio value="fast" data-testid="import-pace-fast">
              {t('imports.paceFast')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Button type="primary" loading={upload.pending} onClick={() => void upload.run()} data-testid="import-start">
          {t('imports.start')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * Follows one import: its job's events are written into the job query while the stream is open;
 * the import itself is read again when the stream ends (or polled every second when there is no
 * stream) until it is over.
 */
function useImportProgress(importId: string) {
  const client = useQueryClient();
  const imp = useQuery({ ...importQuery(importId), refetchInterval: (q) => (importOver(q.state.data) || q.state.status === 'error' ? false : POLL_MS) });
  const jobId = imp.data?.jobId ?? null;
  const [streamEnded, setStreamEnded] = useState(false);
  const streaming = Boolean(jobId) && typeof EventSource !== 'undefined' && !streamEnded && !importOver(imp.data);
  useEffect(() => {
    if (!streaming || !jobId) return;
    const key = screeningKeys.job(jobId);
    const source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
    const take = (event: Event) => client.setQueryData<JobView>(key, JSON.parse((event as MessageEvent<string>).data) as JobView);
    source.addEventListener('progress', take);
    source.addEventListener('done', (event) => {
      take(event);
      source.close();
      setStreamEnded(true);
      void client.invalidateQueries({ queryKey: screeningKeys.import(importId) });
      void client.invalidateQueries({ queryKey: screeningKeys.imports, exact: true });
    });
    // A broken stream: the import's own GET (polled) says how it went.
    source.onerror = () => {
      source.close();
      setStreamEnded(true);
    };
    return () => source.close();
  }, [streaming, jobId, importId, client]);
  const job = useQuery({ ...jobQuery(jobId ?? ''), enabled: Boolean(jobId) && !streaming && !importOver(imp.data), refetchInterval: (q) => (jobOver(q.state.data) ? false : POLL_MS) });
  return { imp, job: job.data };
}

function ImportCard({ importId, sourceName, onClose }: { importId: string; sourceName: (id: string) => string; onClose: () => void }) {
  const { t } = useTranslation('screening');
  const { imp, job } = useImportProgress(importId);
  const cancel = useAction({ send: () => screeningApi.cancelImport(importId), invalidates: [screeningKeys.import(importId)], success: t('imports.cancelAsked') });
  const data = imp.data;
  if (!data) return <ListCard query={imp}>{t('common.loading')}</ListCard>;
  const over = importOver(data);
  // The job's counters are the freshest while it runs; once the import is over, its own.
  const counters = (!over && countersOf(job)) || data.counters;
  const percent = over ? (data.status === 'succeeded' ? 100 : job?.progress.total ? Math.floor((job.progress.done / job.progress.total) * 100) : 0) : job?.progress.total ? Math.min(99, Math.floor((job.progress.done / job.progress.total) * 100)) : 0;
  const status = data.status;
  return (
    <Card
      className="fx-card"
      data-testid="import-card"
      title={t('imports.watching', { file: data.fileName })}
      extra={
        <Space>
          {!over && (
            <Button danger loading={cancel.pending} disabled={data.cancelRequested} onClick={() => void cancel.run()} data-testid="import-cancel">
              {data.cancelRequested ? t('imports.cancelling') : t('imports.cancel')}
            </Button>
          )}
          {over && data.counters.rejected > 0 && <ExportRequestButton ask={{ export: 'rejected_rows', importId: data.id }} label={t('imports.requestRejected')} testId="request-rejected" />}
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Space>
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('imports.source')}>{sourceName(data.sourceId)}</Descriptions.Item>
        <Descriptions.Item label={t('imports.status')}>
          <Tag color={STATUS_COLOUR[status]} data-testid="import-status" data-status={status}>
            {t(`importStatus.${status}`, { defaultValue: status })}
          </Tag>
          {data.duplicate && <Tag>{t('imports.duplicateTag')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.format')}>
          {data.format.toUpperCase()}
          {data.encoding ? ` · ${data.encoding}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('imports.pace')}>
          <span data-testid="import-pace-shown" data-pace={data.pace}>
            {data.pace === 'fast' ? t('imports.paceFastRows', { rows: data.batchRows ?? 1000 }) : t('imports.pacePaced')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Progress
        percent={percent}
        status={status === 'failed' ? 'exception' : status === 'succeeded' ? 'success' : status === 'cancelled' ? 'normal' : 'active'}
        data-testid="import-progress"
        aria-valuenow={percent}
      />
      {data.error && <Alert type="error" showIcon title={data.error} style={{ margin: '8px 0' }} />}
      <Row gutter={16} style={{ marginTop: 12 }} data-testid="import-counters">
        {(['rowsRead', 'accepted', 'rejected', 'matched', 'created', 'reviews'] as const).map((k) => (
          <Col key={k} xs={12} md={4}>
            <Statistic title={t(`count.${k}`)} value={counters[k]} styles={k === 'rejected' && counters[k] > 0 ? { content: { color: '#cf1322' } } : undefined} data-testid={`import-count-${k}`} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
