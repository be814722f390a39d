/** Results, delivery and 好差评 as the console reads and changes them. */
import { queryOptions } from '@tanstack/react-query';
import type { EvaluationFigures, IssuedDocument, OutboxEntry, RectificationTask, Shipment, ShipmentStatus } from '@fangxian/contracts/results';
import { api } from '../../shared/api/client.ts';

const id = encodeURIComponent;

export const resultKeys = { documents: ['documents'] as const, delivery: ['delivery'] as const, evaluations: ['evaluations'] as const };

export const issuedQuery = () => queryOptions({ queryKey: [...resultKeys.documents, 'issued'], queryFn: ({ signal }) => api.get<IssuedDocument[]>('/api/documents/issued', { signal }) });
export const shipmentsQuery = () => queryOptions({ queryKey: [...resultKeys.delivery, 'shipments'], queryFn: ({ signal }) => api.get<Shipment[]>('/api/delivery/shipments', { signal }) });
export const outboxQuery = () => queryOptions({ queryKey: [...resultKeys.delivery, 'outbox'], queryFn: ({ signal }) => api.get<OutboxEntry[]>('/api/delivery/outbox', { signal }) });
export const tasksQuery = () => queryOptions({ queryKey: [...resultKeys.evaluations, 'tasks'], queryFn: ({ signal }) => api.get<RectificationTask[]>('/api/evaluations/rectifications', { signal }) });
export const figuresQuery = (month: string, by: 'item' | 'department') =>
  queryOptions({ queryKey: [...resultKeys.evaluations, 'figures', month, by], queryFn: ({ signal }) => api.get<EvaluationFigures>(`/api/evaluations/figures?month=${id(month)}&by=${by}`, { signal }) });

export interface IssueInput {
  kind: 'certificate' | 'approval_letter' | 'refusal_letter';
  title: string;
  holderName: string;
  regionCode: string;
  facts: { label: string; value: string }[];
}

export const resultsApi = {
  issue: (body: IssueInput) => api.post<IssuedDocument>('/api/documents/issued', body),
  revoke: (docId: string, reason: string) => api.post<IssuedDocument>(`/api/documents/issued/${id(docId)}/revoke`, { reason }),
  recordStatus: (shipmentId: string, status: ShipmentStatus) => api.post<{ duplicate: boolean; shipment: Shipment }>(`/api/delivery/shipments/${id(shipmentId)}/events`, { status }),
  rectify: (taskId: string, note: string) => api.post<RectificationTask>(`/api/evaluations/rectifications/${id(taskId)}/rectify`, { note }),
  callback: (taskId: string, result: string, note: string) => api.post<RectificationTask>(`/api/evaluations/rectifications/${id(taskId)}/callback`, { result, note: note || null }),
  appeal: (taskId: string, reason: string) => api.post<RectificationTask>(`/api/evaluations/rectifications/${id(taskId)}/appeal`, { reason }),
  decide: (evaluationId: string, decision: 'approve' | 'reject', note?: string) =>
    api.post<RectificationTask>(`/api/evaluations/appeals/${id(evaluationId)}/decision`, { decision, ...(note ? { note } : {}) }),
  exportUrl: (month: string, by: 'item' | 'department') => `/api/evaluations/figures/export?month=${id(month)}&by=${by}`,
};
