import { addDays, todayInChina } from '@fangxian/contracts/kernel';
import { checkCharacterOf } from '../src/platform/identity/documents.ts';
import type { TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import type { StaffRole } from '../src/platform/access/principal.ts';

let seq = 100;

/** A valid GB 11643 resident ID number for a division (fresh sequence number each call). */
export function residentId(division = '510603', birth = '19900101'): string {
  const first17 = `${division}${birth}${String(seq++ % 1000).padStart(3, '0')}`;
  return first17 + checkCharacterOf(first17);
}

/** A real-named citizen with a session, and their ID number. */
export async function realNamedCitizen(t: TestApp, division = '510603', name = '张三') {
  const idNumber = residentId(division);
  const c = await createCitizen(t.app.ctx, { name, idNumber, householdDivision: division });
  return { ...c, idNumber };
}

/** A staff member with roles in a region. */
export async function officer(t: TestApp, roles: StaffRole[], regionCode = '510600') {
  return createStaff(t.app.ctx, { roles, regionCode });
}

/** Today in China Standard Time (YYYY-MM-DD), offset by `days`. */
export function cstDay(days = 0): string {
  return addDays(todayInChina(), days);
}
