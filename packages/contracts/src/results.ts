/**
 * Results and delivery (issue 16): electronic documents and their verification, 政务快递 shipments,
 * and 好差评 rectification tasks and figures — the shapes the web reads (server: platform/documents,
 * platform/delivery, platform/evaluations).
 */

export type DocumentKind = 'certificate' | 'approval_letter' | 'refusal_letter';
export type VerificationStatus = 'valid' | 'revoked' | 'expired' | 'tampered' | 'unknown';

/** What anyone may see of a document: what it shows, masked as printed. */
export interface PublicDocument {
  code: string;
  kind: DocumentKind;
  title: string;
  facts: { label: string; value: string }[];
  holder: string;
  issuerDepartment: string;
  issuedAt: string;
  validUntil: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  algorithm: string;
  kid: string;
  sha256: string;
}

export interface Verification {
  genuine: boolean;
  status: VerificationStatus;
  document: PublicDocument | null;
}

export interface OwnDocument extends PublicDocument {
  id: string;
}

export interface IssuedDocument extends PublicDocument {
  id: string;
  regionCode: string;
  sourceType: string | null;
  sourceId: string | null;
}

export const SHIPMENT_STATUSES = ['created', 'picked_up', 'in_transit', 'delivered', 'returned'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export interface Shipment {
  id: string;
  number: string;
  direction: 'outbound' | 'return';
  status: ShipmentStatus;
  regionCode: string;
  department: string;
  contents: string;
  carrier: string;
  adapter: string;
  trackingNumber: string;
  sourceType: string | null;
  sourceId: string | null;
  applicant: { recipient: string; phone: string; address: string };
  createdAt: string;
  timeline: { status: ShipmentStatus; source: string; note: string | null; at: string }[];
}

export interface OutboxEntry {
  id: string;
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  request: Record<string, unknown>;
  createdAt: string;
}

/** 好差评 levels: 1 非常满意 … 5 非常不满意. */
export const EVALUATION_LEVELS = [1, 2, 3, 4, 5] as const;

export type RectificationStatus = 'open' | 'rectified' | 'closed' | 'waived';
export type AppealStatus = 'none' | 'pending' | 'upheld' | 'rejected';

export interface RectificationTask {
  id: string;
  status: RectificationStatus;
  department: string;
  regionCode: string;
  dueAt: string;
  overdue: boolean;
  rectificationNote: string | null;
  rectifiedAt: string | null;
  callbackResult: string | null;
  callbackNote: string | null;
  callbackAt: string | null;
  evaluation: {
    id: string;
    sourceType: string;
    sourceId: string;
    subjectCode: string;
    subjectName: string;
    level: number;
    comment: string | null;
    tags: string[];
    status: string;
    appealStatus: AppealStatus;
    createdAt: string;
  };
}

export interface FigureLine {
  key: string;
  name: string;
  counts: number[];
  total: number;
  satisfactionRate: number | null;
  bad: number;
  rectified: number;
  rectifiedOnTime: number;
  onTimeRate: number | null;
  excluded: number;
}

export interface EvaluationFigures {
  month: string;
  by: 'item' | 'department';
  lines: FigureLine[];
}
