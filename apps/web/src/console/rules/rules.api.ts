/** Colour rule sets as the console reads and changes them: versions, drafts, dry runs (background jobs), publish and roll back. */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../shared/api/client.ts';
import type { RuleSetDecided, RuleSetProposal } from '@fangxian/contracts/health-code';
import type { DryRunJob, Rule, RuleSetSummary } from '../../shared/health/health.types.ts';

/** Query keys (prefixes) of the rule-set page. */
export const rulesKeys = {
  ruleSets: ['rules', 'rule-sets'] as const,
  proposals: ['rules', 'rule-set-proposals'] as const,
  dryRun: (jobId: string) => ['rules', 'dry-run', jobId] as const,
};

/** Every rule-set version, newest first. */
export function ruleSetsQuery() {
  return queryOptions({
    queryKey: rulesKeys.ruleSets,
    queryFn: ({ signal }) => api.get<RuleSetSummary[]>('/api/health/rule-sets', { signal }),
  });
}

/** Publish and roll-back proposals (maker-checker), newest first. */
export function ruleSetProposalsQuery() {
  return queryOptions({
    queryKey: rulesKeys.proposals,
    queryFn: ({ signal }) => api.get<RuleSetProposal[]>('/api/health/rule-set-proposals', { signal }),
  });
}

/** A dry run's state: its progress while it runs, its result once it is over. */
export function dryRunQuery(jobId: string) {
  return queryOptions({
    queryKey: rulesKeys.dryRun(jobId),
    queryFn: ({ signal }) => api.get<DryRunJob>(`/api/health/rule-set-dry-runs/${encodeURIComponent(jobId)}`, { signal }),
  });
}

/** Changes to rule sets. */
export const rulesApi = {
  draft: (rules: Rule[], note: string) => api.post<RuleSetSummary>('/api/health/rule-sets', { rules, note }),
  /** Starts a dry run as a background job (202 with the job); follow it with dryRunQuery or the job's event stream. */
  startDryRun: (version: number) => api.post<DryRunJob>(`/api/health/rule-sets/${version}/dry-run`),
  /** Proposes publishing (202 with the proposal); a different officer approves it with `decide`. */
  publish: (version: number) => api.post<RuleSetProposal>(`/api/health/rule-sets/${version}/publish`),
  rollback: () => api.post<RuleSetProposal>('/api/health/rule-sets/rollback'),
  decide: (proposalId: string, decision: 'approve' | 'reject', note?: string) =>
    api.post<RuleSetDecided>(`/api/health/rule-set-proposals/${encodeURIComponent(proposalId)}/decision`, { decision, ...(note ? { note } : {}) }),
};
