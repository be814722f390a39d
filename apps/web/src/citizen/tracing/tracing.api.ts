/** Published case itineraries (public) and the citizen's same-trip self-check. */
import { queryOptions } from '@tanstack/react-query';
import type { PublishedPoint, SelfCheckResult, TripMode } from '@fangxian/contracts/tracing';
import { api } from '../../shared/api/client.ts';

/** Query keys of the tracing pages. */
export const tracingKeys = { published: ['tracing', 'published'] as const };

/** Published places and trips of cases in the last 14 days (no sign-in needed). */
export function publishedQuery() {
  return queryOptions({ queryKey: tracingKeys.published, queryFn: ({ signal }) => api.get<PublishedPoint[]>('/api/tracing/public/itineraries?days=14', { signal }) });
}

export interface EnteredTrip {
  mode: TripMode;
  number: string;
  date: string;
  carriage?: string;
  seat?: string;
}

/** Runs the self-check: my scans, plus the trips I enter. */
export function runSelfCheck(trips: EnteredTrip[]) {
  return api.post<SelfCheckResult>('/api/tracing/self-check', { trips });
}

/** Reports a self-check match to the officers of the case's region (a contact proposal). */
export function reportMatch(pointId: string) {
  return api.post<{ id: string; status: string }>('/api/tracing/self-check/report', { pointId });
}
