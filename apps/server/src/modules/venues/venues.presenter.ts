import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/crypto/masking.ts';
import { divisionFullName } from '../../platform/divisions/index.ts';
import type { VenueRow } from './venues.repository.ts';
import { VENUE_TYPES, type Colour, type Decision, type VenueType } from './venues.types.ts';

/** Rows → response objects; personal data leaves here masked only. */

/** A venue as officers and venue staff see it (contact masked). */
export function presentVenue(row: VenueRow, cipher: FieldCipher) {
  const type = row.type as VenueType;
  return {
    id: row.id,
    name: row.name,
    type,
    typeName: VENUE_TYPES[type]?.zh ?? row.type,
    address: row.address,
    divisionCode: row.divisionCode,
    divisionName: divisionFullName(row.divisionCode),
    latitude: row.latitude,
    longitude: row.longitude,
    stayMinutes: row.stayMinutes,
    contactName: maskName(cipher.decrypt(row.contactNameCipher)),
    contactPhone: maskPhone(cipher.decrypt(row.contactPhoneCipher)),
    status: row.status as 'pending' | 'approved' | 'rejected',
    decisionNote: row.decisionNote,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    managerStaffId: row.managerStaffId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** One scan at the door as the venue portal lists it: masked identity and the door decision. */
export function presentDoorScan(
  row: { id: string; scannedAt: Date; method: string; colour: string; decision: string; presenceProven: boolean; nameCipher: string | null; documentNumberCipher: string | null },
  cipher: FieldCipher,
) {
  return {
    id: row.id,
    scannedAt: row.scannedAt.toISOString(),
    method: row.method as 'citizen_scan_static' | 'citizen_scan_dynamic' | 'venue_scan_citizen' | 'manual',
    colour: row.colour as Colour,
    // What the door answered, as recorded (a refusal stays a refusal).
    decision: row.decision as Decision,
    presenceProven: row.presenceProven,
    maskedName: maskName(cipher.decrypt(row.nameCipher)),
    maskedId: maskIdNumber(cipher.decrypt(row.documentNumberCipher)),
  };
}
