/** The epidemic registries (risk areas, person statuses) as the console reads and changes them: query keys, reads, changes. */
import { queryOptions } from '@tanstack/react-query';
import { api, toQuery } from '../../shared/api/client.ts';
import type { PersonStatusEntry, RiskArea, RiskLevel } from '../../shared/health/health.types.ts';

/** A risk area as added or changed: with the job recomputing the health codes it touches. */
export type ChangedRiskArea = RiskArea & { recomputeJobId: string | null };

/** A risk area as removed: its id and the job recomputing the health codes it touched. */
export type RemovedRiskArea = { id: string; recomputeJobId: string | null };

const id = encodeURIComponent;

/** Query keys (prefixes) of the registries. */
export const epidemicKeys = {
  riskAreas: ['epidemic', 'risk-areas'] as const,
  personStatuses: ['epidemic', 'person-statuses'] as const,
};

/** The risk areas in the officer's region; `all` includes those that ended. */
export function riskAreasQuery(all: boolean) {
  return queryOptions({
    queryKey: [...epidemicKeys.riskAreas, { all }],
    queryFn: ({ signal }) => api.get<RiskArea[]>(`/api/epidemic/risk-areas${toQuery({ all: all ? 'true' : undefined })}`, { signal }),
  });
}

/** The latest person-status entries in the officer's region (numbers masked). */
export function personStatusesQuery() {
  return queryOptions({
    queryKey: epidemicKeys.personStatuses,
    queryFn: ({ signal }) => api.get<PersonStatusEntry[]>('/api/epidemic/person-statuses?limit=100', { signal }),
  });
}

export interface NewRiskArea {
  divisionCode: string;
  level: RiskLevel;
  startDate: string;
  endDate?: string | null;
  reason: string;
}

/** A status to record: the entry's own fields (the number as typed, normalised). */
export type NewPersonStatus = Pick<PersonStatusEntry, 'documentType' | 'documentNumber' | 'status' | 'date' | 'source' | 'regionCode'>;

/** Changes to the registries. */
export const epidemicApi = {
  addRiskArea: (input: NewRiskArea) => api.post<ChangedRiskArea>('/api/epidemic/risk-areas', input),
  endRiskArea: (areaId: string, endDate: string) => api.patch<ChangedRiskArea>(`/api/epidemic/risk-areas/${id(areaId)}`, { endDate }),
  removeRiskArea: (areaId: string) => api.delete<RemovedRiskArea>(`/api/epidemic/risk-areas/${id(areaId)}`),
  recordPersonStatus: (input: NewPersonStatus) => api.post<PersonStatusEntry>('/api/epidemic/person-statuses', input),
  voidPersonStatus: (entryId: string, reason: string) => api.post<void>(`/api/epidemic/person-statuses/${id(entryId)}/void`, { reason }),
};
