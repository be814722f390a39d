/**
 * 试算 (dry run) of a draft rule set as a background job: the server answers at once with the job,
 * the page follows its progress on the platform's job stream (GET /api/jobs/:id/events, Server-Sent
 * Events) and then reads the dry run's own result. If the stream is unavailable, it polls instead.
 */
import { useEffect, useState } from 'react';
import { Alert, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import type { DryRun, DryRunJob } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff/colour-tag.tsx';
import { dryRunQuery, rulesKeys } from './rules.api.ts';

const POLL_MS = 1000;
const isOver = (job: DryRunJob | undefined) => job?.status === 'succeeded' || job?.status === 'failed';

/**
 * Follows one dry run in its query: the progress the job's event stream announces is written into
 * it; once the stream says the run is done (or breaks, or the browser has no EventSource) the dry
 * run's own GET is read, every second until the run is over. The stream closes with the component.
 */
function useDryRun(started: DryRunJob) {
  const client = useQueryClient();
  const [streaming, setStreaming] = useState(() => typeof EventSource !== 'undefined' && !isOver(started));
  useEffect(() => {
    if (!streaming) return;
    const key = rulesKeys.dryRun(started.jobId);
    const source = new EventSource(`/api/jobs/${encodeURIComponent(started.jobId)}/events`);
    source.addEventListener('progress', (event) => {
      const job = JSON.parse((event as MessageEvent<string>).data) as { status: DryRunJob['status']; progress: { done: number; total: number | null } };
      // A finished job's result is read from the dry run's GET; here only the progress.
      client.setQueryData<DryRunJob>(key, (current) => {
        if (!current || isOver(current)) return current;
        const status = job.status === 'queued' || job.status === 'running' ? job.status : current.status;
        return { ...current, status, progress: { done: job.progress.done, total: job.progress.total } };
      });
    });
    // Done (or the stream broke): the result comes from the dry run's GET.
    const toPolling = () => {
      source.close();
      setStreaming(false);
    };
    source.addEventListener('done', toPolling);
    source.onerror = toPolling;
    return () => source.close();
  }, [streaming, started.jobId, client]);
  return useQuery({
    ...dryRunQuery(started.jobId),
    initialData: started,
    enabled: !streaming,
    staleTime: (query) => (isOver(query.state.data) ? Infinity : 0),
    refetchInterval: (query) => (isOver(query.state.data) || query.state.status === 'error' ? false : POLL_MS),
  });
}

/** The latest state of a dry run as its card follows it (read from the cache, never fetched here), for the row's button. */
export function useDryRunStatus(started: DryRunJob | undefined): DryRunJob['status'] | undefined {
  const { data } = useQuery<DryRunJob>({ queryKey: rulesKeys.dryRun(started?.jobId ?? ''), queryFn: skipToken });
  return started ? (data ?? started).status : undefined;
}

/** One started dry run, followed until it is over. */
export function DryRunCard({ started }: { started: DryRunJob }) {
  const { t } = useTranslation('health');
  const { data: job, error } = useDryRun(started);
  if (error) return <Alert type="error" showIcon title={messageOf(error, t('common:state.failed'))} />;
  return <DryRunView job={job} />;
}

/** One dry run: progress while it runs, then the counts by from → to colour and a few examples. */
function DryRunView({ job }: { job: DryRunJob }) {
  const { t } = useTranslation('health');
  if (job.status === 'failed') return <Alert type="error" showIcon data-testid="dry-run-failed" title={t('ruleSets.dryRunFailed')} description={job.error ?? undefined} />;
  if (job.status !== 'succeeded' || !job.result) {
    const { done, total } = job.progress;
    const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    return (
      <div data-testid="dry-run-progress">
        <Typography.Text type="secondary">{job.status === 'queued' ? t('ruleSets.dryRunQueued') : t('ruleSets.dryRunRunning', { done, total: total ?? '—' })}</Typography.Text>
        <Progress percent={percent} status="active" size="small" />
      </div>
    );
  }
  return <DryRunResult result={job.result} />;
}

function DryRunResult({ result }: { result: DryRun }) {
  const { t } = useTranslation('health');
  return (
    <div data-testid="dry-run-result">
      <Alert type={result.changed > 0 ? 'warning' : 'success'} showIcon title={result.changed > 0 ? t('ruleSets.dryRunResult', { changed: result.changed }) : t('ruleSets.dryRunNone')} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="dry-run-total">
        {t('ruleSets.dryRunTotal', { total: result.total, active: result.activeVersion, at: formatDateTime(result.evaluatedAt) })}
        {result.failed > 0 && ` ${t('ruleSets.dryRunSkipped', { failed: result.failed })}`}
      </Typography.Paragraph>
      {result.transitions.length > 0 && (
        <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
          {result.transitions.map((tr) => (
            <Descriptions.Item key={`${tr.from}-${tr.to}`}>{t('ruleSets.transition', { from: t(`colour.${tr.from}`), to: t(`colour.${tr.to}`), count: tr.count })}</Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {result.samples.length > 0 && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Typography.Text strong>{t('ruleSets.samples')}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={result.samples.map((sample, key) => ({ ...sample, key }))}
            data-testid="dry-run-samples"
            columns={[
              { title: t('ruleSets.sampleChange'), key: 'change', render: (_: unknown, s: DryRun['samples'][number]) => <Space size={4}><ColourTag colour={s.from} />→<ColourTag colour={s.to} /></Space> },
              { title: t('ruleSets.sampleRegion'), dataIndex: 'regionCode', render: (v: string) => <span className="fx-mono">{v || '—'}</span> },
              { title: t('ruleSets.sampleBefore'), dataIndex: 'rulesBefore', render: (ids: string[]) => (ids.length ? ids.map((id) => <Tag key={id}>{id}</Tag>) : '—') },
              { title: t('ruleSets.sampleAfter'), dataIndex: 'rulesAfter', render: (ids: string[]) => (ids.length ? ids.map((id) => <Tag key={id}>{id}</Tag>) : '—') },
            ]}
          />
        </Space>
      )}
    </div>
  );
}
