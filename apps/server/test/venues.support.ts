import { expect } from 'vitest';
import type { TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { healthCodes } from '../src/modules/health-code/health-code.tables.ts';
import { sealedCodeColumns } from '../src/modules/health-code/health-code.reasons.ts';

/** Helpers shared by the venues integration tests: a registered, approved venue and its people. */

export const VENUE_INPUT = {
  name: '旌阳区万达广场',
  type: 'mall',
  address: '长江东路100号',
  divisionCode: '510603',
  latitude: 31.1275,
  longitude: 104.4012,
  contactName: '王小明',
  contactPhone: '13912345678',
} as const;

let seq = 0;

/** A valid-looking 18-digit ID number under 510603 (check character computed per GB 11643). */
export function idNumber(): string {
  const body = `51060319${String(70 + (seq % 29)).padStart(2, '0')}0101${String(100 + (seq++ % 899)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** A citizen with a real-name profile and a current health code of the given colour, signed in. */
export async function realNameCitizen(t: TestApp, name = '张三', colour: 'green' | 'yellow' | 'red' = 'green'): Promise<SignedIn & { phone: string; idNumber: string }> {
  const id = idNumber();
  const citizen = await createCitizen(t.app.ctx, { name, idNumber: id, householdDivision: '510603' });
  await t.app.ctx.db.insert(healthCodes).values({
    citizenId: citizen.id,
    colour,
    ruleSetVersion: 1,
    since: new Date(),
    ...sealedCodeColumns(t.app.ctx.cipher, {
      reasons: colour === 'green' ? [] : [{ ruleId: 'test', reasonCode: 'test', colour, text: { zh: '测试', en: 'test' }, evidence: [], state: 'active' }],
      holds: [],
      override: null,
    }),
    regionCode: '510603',
  });
  return { ...citizen, idNumber: id };
}

export interface ApprovedVenue {
  id: string;
  officer: SignedIn;
  manager: SignedIn & { username: string; password: string };
  staticToken: string;
}

/** Registers a venue as the county officer, approves it, attaches a manager and reads its static code. */
export async function approvedVenue(t: TestApp, input: { [K in keyof typeof VENUE_INPUT]?: (typeof VENUE_INPUT)[K] extends string ? string : number } = {}): Promise<ApprovedVenue> {
  const officer = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510603' });
  const created = await t.app.inject({ method: 'POST', url: '/api/venues', headers: officer.headers, payload: { ...VENUE_INPUT, ...input } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const decided = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: officer.headers, payload: { decision: 'approved' } });
  expect(decided.statusCode, decided.body).toBe(200);
  const manager = await createStaff(t.app.ctx, { roles: ['venue_staff'], regionCode: input.divisionCode ?? '510603', venueId: id });
  const code = await t.app.inject({ url: `/api/venues/${id}/place-code`, headers: officer.headers });
  expect(code.statusCode, code.body).toBe(200);
  return { id, officer, manager, staticToken: code.json().token };
}
