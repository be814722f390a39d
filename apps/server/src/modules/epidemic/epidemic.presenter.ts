import { maskIdNumber } from '../../platform/crypto/masking.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import type { PersonStatusRow, QuarantineRow, RiskAreaRow } from './epidemic.repository.ts';

/** A risk area as the API shows it. */
export function presentRiskArea(row: RiskAreaRow) {
  return {
    id: row.id,
    divisionCode: row.divisionCode,
    divisionName: row.divisionName,
    level: row.level as 'high' | 'medium' | 'low',
    startDate: row.startDate,
    endDate: row.endDate,
    reason: row.reason,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A risk area as added or changed, with the job recomputing the codes it touches. */
export function presentChangedRiskArea(row: RiskAreaRow & { recomputeJobId: string | null }) {
  return { ...presentRiskArea(row), recomputeJobId: row.recomputeJobId };
}

/** A status entry with the document number masked. */
export function presentPersonStatus(row: PersonStatusRow, cipher: FieldCipher) {
  return {
    id: row.id,
    documentType: row.documentType,
    documentNumber: maskIdNumber(cipher.decrypt(row.documentNumberCipher)),
    status: row.status,
    date: row.statusDate,
    source: row.source,
    regionCode: row.regionCode,
    voided: row.voidedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A quarantine period with the document number masked. */
export function presentQuarantine(row: QuarantineRow, cipher: FieldCipher) {
  return {
    id: row.id,
    documentType: row.documentType,
    documentNumber: maskIdNumber(cipher.decrypt(row.documentNumberCipher)),
    kind: row.kind,
    from: row.fromDate,
    to: row.toDate,
    regionCode: row.regionCode,
    voided: row.voidedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
