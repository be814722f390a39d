import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { todayInChina } from '@fangxian/contracts/kernel';
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

/**
 * The second-degree scenario both second-degree test files start from: the case 甲病例 at the market
 * [base, base + 60) (its stay on the itinerary); 乙 scans there at base + 10 (first degree); 乙 then
 * scans the shop (supermarket type: 45-minute stays) at b = base + 120, so 乙's stay is [b, b + 45);
 * 丁 (b + 10: 35 minutes), 戊 (b + 5), 丙 (b − 44: one minute, an edge inside) and 己 (b − 45: the stay
 * ends as 乙's starts) scan the shop too. `names` adds people; each file adds its own scans.
 */
export async function secondDegreeScenario(t: TestApp, names: readonly string[] = []) {
  const officer = await healthOfficer(t);
  const base = minutesAgo(3 * 24 * 60);
  const at = (from: Date, m: number) => new Date(from.getTime() + m * MINUTE);
  const b = at(base, 120);
  const market = await venue(t, '旌阳区好又多超市', 'supermarket');
  const shop = await venue(t, '旌阳区便利店', 'supermarket');
  const people: Record<string, Awaited<ReturnType<typeof person>>> = {};
  for (const name of ['甲病例', '乙', '丙', '丁', '戊', '己', ...names]) people[name] = await person(t, name);
  await scanAt(t, market, people['甲病例'].id, base);
  await scanAt(t, market, people['乙'].id, at(base, 10)); // first degree
  await scanAt(t, shop, people['乙'].id, b); // 乙's stay [b, b + 45)
  await scanAt(t, shop, people['丁'].id, at(b, 10)); // overlap 35
  await scanAt(t, shop, people['戊'].id, at(b, 5));
  await scanAt(t, shop, people['丙'].id, at(b, -44)); // stay [b - 44, b + 1): 1 minute (edge, inside)
  await scanAt(t, shop, people['己'].id, at(b, -45)); // stay ends as 乙's starts: no overlap
  const today = todayInChina();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/tracing/cases',
    headers: officer.headers,
    payload: { status: 'confirmed', documentType: 'resident_id', documentNumber: people['甲病例'].idNumber, name: '甲病例', onsetDate: today, reportDate: today, confirmedDate: today, source: 'hospital', regionCode: '510603' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const caseId = created.json().id as string;
  const stay = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary`, headers: officer.headers, payload: { kind: 'stay', venueId: market, from: base.toISOString(), to: at(base, 60).toISOString() } });
  expect(stay.statusCode, stay.body).toBe(201);
  return { officer, people, caseId, base, b, at, shop };
}
