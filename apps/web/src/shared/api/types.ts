/**
 * Shapes of the agreed HTTP API as the web uses them. They come from packages/contracts (the same
 * TypeBox schemas the server validates with); only types are imported, so no schema code ships.
 */
import type {
  Me, SignInResponse, Division as DivisionSchema, StaffAccount, ApiClient, SmsOutboxEntry, RealNameRequest, StaffRoleName,
} from '@fangxian/contracts/identity';

export type StaffRole = StaffRoleName;
export type { Me, StaffAccount };
export type Language = Me['language'];
export type SignInResult = SignInResponse;
export type Division = DivisionSchema;
export type RealNameInput = RealNameRequest;
export type { ApiClient, SmsOutboxEntry };

// Repeated at run time so the web does not load TypeBox; the type ties it to the contract.
export const STAFF_ROLES: readonly StaffRole[] = ['sys_admin', 'big_data', 'health', 'police', 'county_command', 'supervision', 'service_center', 'editor', 'venue_staff'];

/** A division with its path from the province down to itself (GET /api/divisions/:code). */
export interface DivisionDetail extends Division {
  path: Division[];
}

/** An API client just created: the only time its key is visible. */
export type CreatedApiClient = ApiClient & { key: string };
