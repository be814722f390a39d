/**
 * 试算 (dry run) of a draft rule set as a background job: the server answers at once with the job,
 * the page follows its progress on the platform's job stream (GET /api/jobs/:id/events, Server-Sent
 * Events) and then reads the dry run's own result. If the stream is unavailable, it polls instead.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import type { DryRun, DryRunJob } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff-health/colour-tag.tsx';

const POLL_MS = 1000;
const isOver = (job: DryRunJob) => job.status === 'succeeded' || job.status === 'failed';

/** The page's dry runs by rule-set version, and a way to start one; every stream and poll ends with the page. */
export function useDryRuns(onError: (message: string) => void) {
  const { t } = useTranslation('health');
  const [runs, setRuns] = useState<Record<number, DryRunJob>>({});
  const stops = useRef(new Set<() => void>());
  useEffect(() => {
    const all = stops.current;
    return () => {
      for (const stop of all) stop();
      all.clear();
    };
  }, []);

  const follow = useCallback((first: DryRunJob) => {
    const version = first.version;
    const put = (job: DryRunJob) => setRuns((all) => ({ ...all, [version]: job }));
    let ended = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | null = null;
    const stop = () => {
      ended = true;
      if (timer) clearTimeout(timer);
      source?.close();
      stops.current.delete(stop);
    };
    stops.current.add(stop);
    // The dry run's own GET: the result once it is over, else its progress (and again a moment later).
    const poll = async () => {
      if (ended) return;
      try {
        const job = await healthOfficeApi.dryRunJob(first.jobId);
        if (ended) return;
        put(job);
        if (isOver(job)) return stop();
      } catch (err) {
        if (ended) return;
        stop();
        return onError(messageOf(err, t('common:state.failed')));
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    if (typeof EventSource === 'undefined') return void poll();
    source = new EventSource(`/api/jobs/${encodeURIComponent(first.jobId)}/events`);
    source.addEventListener('progress', (event) => {
      const job = JSON.parse((event as MessageEvent<string>).data) as { status: DryRunJob['status']; progress: { done: number; total: number | null } };
      setRuns((all) => {
        const current = all[version];
        if (!current || current.jobId !== first.jobId || isOver(current)) return all;
        // A finished job's result is read from the dry run's GET below; here only the progress.
        const status = job.status === 'queued' || job.status === 'running' ? job.status : current.status;
        return { ...all, [version]: { ...current, status, progress: { done: job.progress.done, total: job.progress.total } } };
      });
    });
    // Done (or the stream broke): the result comes from the dry run's GET.
    const toPoll = () => {
      source?.close();
      source = null;
      void poll();
    };
    source.addEventListener('done', toPoll);
    source.onerror = toPoll;
  }, [onError, t]);

  const start = useCallback(
    async (version: number) => {
      const job = await healthOfficeApi.startDryRun(version);
      setRuns((all) => ({ ...all, [version]: job }));
      follow(job);
    },
    [follow],
  );
  return { runs, start };
}

/** One dry run: progress while it runs, then the counts by from → to colour and a few examples. */
export function DryRunView({ job }: { job: DryRunJob }) {
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
