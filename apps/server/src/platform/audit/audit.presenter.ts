import { maskIdNumber, maskPhone } from '../crypto/masking.ts';
import type { AuditRecord } from '@fangxian/contracts/audit';
import type { auditLog } from './audit.tables.ts';
import { partyName, type PartyNames } from './audit.names.ts';

// Keys that name personal data or secrets: their values are never shown, whatever a caller put there.
const PERSONAL_KEY = /(name|phone|mobile|idnumber|id_number|documentnumber|document_number|address|password|token|secret|otp|cookie|birth)/i;
const RESIDENT_ID = /(?<!\d)\d{17}[\dXx]|(?<!\d)\d{15}(?!\d)/g;
const MOBILE = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g;

/** Removes personal data from an audit detail: personal keys are redacted, ID numbers and phones in text masked. */
export function redactDetail(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return value.replace(RESIDENT_ID, (m) => maskIdNumber(m)).replace(MOBILE, (m) => maskPhone(m));
  if (Array.isArray(value)) return value.map((v) => redactDetail(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // A list of field names ("fields": ["name"]) says what was touched, which is fine to show.
      out[k] = PERSONAL_KEY.test(k) && k !== 'fields' ? '[redacted]' : redactDetail(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** Hides the host part of an IP address (the network is enough to investigate; the device is personal). */
export function maskIp(ip: string | null): string | null {
  if (!ip) return null;
  if (ip.includes('.') && !ip.includes(':')) return ip.replace(/\.\d+$/, '.*');
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+)\.\d+$/i.exec(ip);
  if (v4mapped) return `::ffff:${v4mapped[1]}.*`;
  const groups = ip.split(':');
  return groups.length > 4 ? `${groups.slice(0, 4).join(':')}:*` : ip;
}

/** An audit row as shown to staff: no personal data in clear. */
export function presentAudit(row: typeof auditLog.$inferSelect, names: PartyNames = { staff: new Map(), citizens: new Map() }): AuditRecord {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: partyName(names, row.actorType, row.actorId),
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    subjectName: partyName(names, row.subjectType, row.subjectId),
    regionCode: row.regionCode,
    outcome: row.outcome,
    detail: redactDetail(row.detail ?? {}) as Record<string, unknown>,
    ip: maskIp(row.ip),
    requestId: row.requestId,
    hash: row.hash,
  };
}
