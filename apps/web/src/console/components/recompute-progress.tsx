/** The progress of a health-code recomputation job an officer's change queued (a risk area, a rule set): polled every second until it ends. */
import { Alert, Progress } from 'antd';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { JobView } from '@fangxian/contracts/jobs';
import { api } from '../../shared/api/client.ts';

/** A recomputation job (its progress), polled every second until it ends. */
export function recomputeJobQuery(jobId: string) {
  return queryOptions({
    queryKey: ['health-code', 'recompute-job', jobId],
    queryFn: ({ signal }) => api.get<JobView>(`/api/jobs/${encodeURIComponent(jobId)}`, { signal }),
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'succeeded' || query.state.data.status === 'failed') ? false : 1000),
  });
}

/**
 * The job's state as an alert with a progress bar. `texts` is the locale section (health namespace)
 * with recomputeRunning / recomputeDone / recomputeFailed / recomputeNote.
 */
export function RecomputeProgress({ jobId, onClose, texts, testId }: { jobId: string; onClose: () => void; texts: 'riskAreas' | 'ruleSets'; testId: string }) {
  const { t } = useTranslation('health');
  const job = useQuery(recomputeJobQuery(jobId));
  const view = job.data;
  const done = view?.progress.done ?? 0;
  const total = view?.progress.total ?? null;
  const failed = view?.status === 'failed';
  const finished = view?.status === 'succeeded';
  return (
    <Alert
      data-testid={testId}
      style={{ marginBottom: 16 }}
      type={failed ? 'error' : finished ? 'success' : 'info'}
      closable
      onClose={onClose}
      message={failed ? t(`${texts}.recomputeFailed`) : finished ? t(`${texts}.recomputeDone`, { total: total ?? done }) : t(`${texts}.recomputeRunning`, { done, total: total ?? '…' })}
      description={!finished && !failed && total ? <Progress percent={Math.floor((done / Math.max(total, 1)) * 100)} size="small" /> : t(`${texts}.recomputeNote`)}
    />
  );
}
