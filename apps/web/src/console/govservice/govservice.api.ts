/** Government services as the console reads and changes them: the workbench, inspections, the catalogue editor. */
import { queryOptions } from '@tanstack/react-query';
import type { InspectionLine, ItemContent, QueueLine, StaffApplication, StaffItem } from '@fangxian/contracts/govservice';
import { api } from '../../shared/api/client.ts';

const id = encodeURIComponent;
export const gsKeys = { all: ['govservice'] as const };
export type View = 'window' | 'department';

export function queueQuery(view: View) {
  return queryOptions({ queryKey: [...gsKeys.all, 'queue', view], queryFn: ({ signal }) => api.get<{ items: QueueLine[] }>(`/api/govservice/workbench?view=${view}`, { signal }) });
}
export function applicationQuery(appId: string) {
  return queryOptions({ queryKey: [...gsKeys.all, 'one', appId], queryFn: ({ signal }) => api.get<StaffApplication>(`/api/govservice/workbench/${id(appId)}`, { signal }) });
}
export function inspectionsQuery() {
  return queryOptions({ queryKey: [...gsKeys.all, 'inspections'], queryFn: ({ signal }) => api.get<{ items: InspectionLine[] }>('/api/govservice/inspections', { signal }) });
}
export function itemsQuery() {
  return queryOptions({
    queryKey: [...gsKeys.all, 'items'],
    queryFn: ({ signal }) => api.get<{ items: { id: string; code: string; name: string; department: string; regionCode: string; published: boolean; hasDraft: boolean }[] }>('/api/govservice/admin/items', { signal }),
  });
}
export function itemQuery(itemId: string) {
  return queryOptions({ queryKey: [...gsKeys.all, 'item', itemId], queryFn: ({ signal }) => api.get<StaffItem>(`/api/govservice/admin/items/${id(itemId)}`, { signal }) });
}

export const gsApi = {
  window: (appId: string, body: { action: 'return' | 'accept' | 'reject' | 'green-channel'; note?: string | null; comments?: { key: string; comment: string }[] }) =>
    api.post<StaffApplication>(`/api/govservice/workbench/${id(appId)}/window`, body),
  review: (appId: string, body: { decision: 'approve' | 'reject'; note?: string | null; internalNote?: string | null }) =>
    api.post<StaffApplication>(`/api/govservice/workbench/${id(appId)}/review`, body),
  inspect: (inspectionId: string, body: { outcome: 'passed' | 'failed'; note?: string | null }) => api.post<{ status: string }>(`/api/govservice/inspections/${id(inspectionId)}`, body),
  materialUrl: (appId: string, fileId: string) => `/api/govservice/workbench/${id(appId)}/materials/${id(fileId)}`,
  createItem: (body: { code: string; regionCode: string; content: ItemContent }) => api.post<StaffItem>('/api/govservice/admin/items', body),
  saveDraft: (itemId: string, content: ItemContent) => api.put<StaffItem>(`/api/govservice/admin/items/${id(itemId)}/draft`, { content }),
  publish: (itemId: string) => api.post<StaffItem>(`/api/govservice/admin/items/${id(itemId)}/publish`, {}),
};
