/** Government services as the console reads and changes them: the workbench, inspections, the catalogue editor. */
import { queryOptions } from '@tanstack/react-query';
import type { BundleSpec, CatalogueImportOutcome, InspectionLine, ItemContent, OfficerVerifySlot, ParkProject, QueueLine, StaffApplication, StaffItem } from '@fangxian/contracts/govservice';
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
    queryFn: ({ signal }) => api.get<{ items: { id: string; code: string; kind: 'item' | 'bundle'; name: string; department: string; regionCode: string; published: boolean; hasDraft: boolean }[] }>('/api/govservice/admin/items', { signal }),
  });
}
export function itemQuery(itemId: string) {
  return queryOptions({ queryKey: [...gsKeys.all, 'item', itemId], queryFn: ({ signal }) => api.get<StaffItem>(`/api/govservice/admin/items/${id(itemId)}`, { signal }) });
}

export function verifySlotsQuery() {
  return queryOptions({ queryKey: [...gsKeys.all, 'verify-slots'], queryFn: ({ signal }) => api.get<{ items: OfficerVerifySlot[] }>('/api/govservice/verification/slots', { signal }) });
}
export function projectsQuery() {
  return queryOptions({ queryKey: [...gsKeys.all, 'projects'], queryFn: ({ signal }) => api.get<{ items: ParkProject[] }>('/api/govservice/projects', { signal }) });
}
export function projectQuery(projectId: string) {
  return queryOptions({
    queryKey: [...gsKeys.all, 'project', projectId],
    queryFn: ({ signal }) => api.get<{ project: ParkProject; handlerName: string | null; applications: QueueLine[] }>(`/api/govservice/projects/${id(projectId)}`, { signal }),
  });
}
export type BundlePreview = { content: ItemContent | null; conflicts: { key: string; problem: string }[]; unknownItems: string[] };

export const gsApi = {
  previewBundle: (spec: BundleSpec) => api.post<BundlePreview>('/api/govservice/admin/bundles/preview', { spec }),
  createBundle: (body: { code: string; regionCode: string; spec: BundleSpec }) => api.post<StaffItem>('/api/govservice/admin/bundles', body),
  saveBundle: (itemId: string, spec: BundleSpec) => api.put<StaffItem>(`/api/govservice/admin/bundles/${id(itemId)}/draft`, { spec }),
  importCatalogue: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post<CatalogueImportOutcome>('/api/govservice/admin/items/import', form);
  },
  publishSlots: (body: { day: string; from: string; to: string; capacity: number }) => api.post<{ created: unknown[]; skipped: number }>('/api/govservice/verification/slots', body),
  withdrawSlot: (slotId: string) => api.post<null>(`/api/govservice/verification/slots/${id(slotId)}/withdraw`, {}),
  recordVerification: (bookingId: string, body: { outcome: 'verified' | 'failed'; reason?: string | null }) => api.post<unknown>(`/api/govservice/verification/bookings/${id(bookingId)}`, body),
  createProject: (body: Omit<ParkProject, 'id' | 'createdAt'>) => api.post<ParkProject>('/api/govservice/projects', body),
  linkApplication: (projectId: string, applicationId: string) => api.post<StaffApplication>(`/api/govservice/projects/${id(projectId)}/applications`, { applicationId }),
  window: (appId: string, body: { action: 'return' | 'accept' | 'reject' | 'green-channel'; note?: string | null; comments?: { key: string; comment: string }[] }) =>
    api.post<StaffApplication>(`/api/govservice/workbench/${id(appId)}/window`, body),
  review: (appId: string, body: { decision: 'approve' | 'reject'; note?: string | null; internalNote?: string | null; itemCode?: string | null }) =>
    api.post<StaffApplication>(`/api/govservice/workbench/${id(appId)}/review`, body),
  inspect: (inspectionId: string, body: { outcome: 'passed' | 'failed'; note?: string | null }) => api.post<{ status: string }>(`/api/govservice/inspections/${id(inspectionId)}`, body),
  materialUrl: (appId: string, fileId: string) => `/api/govservice/workbench/${id(appId)}/materials/${id(fileId)}`,
  createItem: (body: { code: string; regionCode: string; content: ItemContent }) => api.post<StaffItem>('/api/govservice/admin/items', body),
  saveDraft: (itemId: string, content: ItemContent) => api.put<StaffItem>(`/api/govservice/admin/items/${id(itemId)}/draft`, { content }),
  publish: (itemId: string) => api.post<StaffItem>(`/api/govservice/admin/items/${id(itemId)}/publish`, {}),
};
