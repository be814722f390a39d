import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { idNumber } from './venues.support.ts';
import { insertScan } from '../src/modules/venues/venues.repository.ts';

/** Helpers of the tracing integration tests: officers, people, venues and scans at chosen instants. */

export const MINUTE = 60_000;

/** A health officer of a county (default 德阳市旌阳区 510603). */
export function healthOfficer(t: TestApp, regionCode = '510603'): Promise<SignedIn & { username: string; password: string }> {
  return createStaff(t.app.ctx, { roles: ['health'], regionCode });
}

/** A real-name citizen (name, ID number, household 510603), signed in. */
export async function person(t: TestApp, name: string): Promise<SignedIn & { phone: string; idNumber: string }> {
  const id = idNumber();
  const citizen = await createCitizen(t.app.ctx, { name, idNumber: id, householdDivision: '510603' });
  return { ...citizen, idNumber: id };
}

/** An approved venue of a type (its default stay length applies), registered by a county officer. */
export async function venue(t: TestApp, name: string, type: string): Promise<string> {
  const officer = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510603' });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/venues',
    headers: officer.headers,
    payload: { name, type, address: '长江东路1号', divisionCode: '510603', latitude: 31.12, longitude: 104.4, contactName: '王小明', contactPhone: '13912345678' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const decided = await t.app.inject({ method: 'POST', url: `/api/venues/${id}/decision`, headers: officer.headers, payload: { decision: 'approved' } });
  expect(decided.statusCode, decided.body).toBe(200);
  return id;
}

/** Records a scan at an instant (presence proven unless `proven` is false: a forwarded poster). */
export async function scanAt(t: TestApp, venueId: string, citizenId: string, at: Date, proven = true): Promise<void> {
  await t.database.writes.submit((tx) =>
    insertScan(
      tx,
      {
        id: randomUUID(),
        venueId,
        scannedAt: at,
        citizenId,
        divisionCode: '510603',
        method: proven ? 'citizen_scan_dynamic' : 'citizen_scan_static',
        colour: 'green',
        decision: 'pass',
        presenceProven: proven,
        staffId: null,
        distanceMeters: null,
      },
      [],
    ),
  );
}

/** An instant some whole minutes before now (rounded to the minute, so windows are exact). */
export function minutesAgo(minutes: number): Date {
  return new Date(Math.floor(Date.now() / MINUTE) * MINUTE - minutes * MINUTE);
}
