/**
 * Shapes of the agreed HTTP API as the web uses them. They come from packages/contracts (the same
 * TypeBox schemas the server validates with); only types are imported, so no schema code ships.
 */
import type {
  Me as MeSchema, RealNameProfile, SignInResponse, Division as DivisionSchema, StaffAccount as StaffAccountSchema, ApiClient,
  SmsOutboxEntry, RealNameRequest, STAFF_ROLE_NAMES,
} from '@fangxian/contracts/identity';
import type { DocumentType } from '@fangxian/contracts/id-documents';

export type StaffRole = (typeof STAFF_ROLE_NAMES)[number];
// The contract builds its unions from arrays, which TypeBox's Static reads as `never`; restate those fields.
export type Me = Omit<MeSchema, 'roles' | 'realName'> & {
  roles: StaffRole[];
  realName: null | (Omit<RealNameProfile, 'documentType'> & { documentType: DocumentType });
};
export type Language = Me['language'];
export type SignInResult = Omit<SignInResponse, 'me'> & { me: Me };
export type Division = DivisionSchema;
export type RealNameInput = Omit<RealNameRequest, 'documentType'> & { documentType: DocumentType };
export type StaffAccount = Omit<StaffAccountSchema, 'roles'> & { roles: StaffRole[] };
export type { ApiClient, SmsOutboxEntry };

// Repeated at run time so the web does not load TypeBox; the type ties it to the contract.
export const STAFF_ROLES: readonly StaffRole[] = ['sys_admin', 'big_data', 'health', 'police', 'county_command', 'supervision', 'service_center', 'editor', 'venue_staff'];

/** A division with its path from the province down to itself (GET /api/divisions/:code). */
export interface DivisionDetail extends Division {
  path: Division[];
}

/** An API client just created: the only time its key is visible. */
export type CreatedApiClient = ApiClient & { key: string };
