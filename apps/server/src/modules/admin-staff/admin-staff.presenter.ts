import type { StaffAccount } from '@fangxian/contracts/identity';
import type { staffAccounts } from '../../platform/identity/identity.tables.ts';
import { divisionFullName } from '../../platform/divisions/index.ts';

/** A staff account as administrators see it (never the password hash). */
export function presentStaff(row: typeof staffAccounts.$inferSelect): StaffAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    department: row.department,
    roles: row.roles as StaffAccount['roles'],
    regionCode: row.regionCode,
    regionName: divisionFullName(row.regionCode),
    venueId: row.venueId ?? null,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
