import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { addDays, dayOf, todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff } from './factories.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';
import { tracingCases, tracingItineraryPoints } from '../src/modules/tracing/tracing.tables.ts';
import { MINUTE, healthOfficer, minutesAgo, person, scanAt, venue } from './tracing.support.ts';
import { defineModule, on } from '../src/platform/modules/module.ts';
import { TracingContactDecided } from '../src/modules/tracing/index.ts';

/** A follow-up stand-in: records the hand-off events tracing publishes. */
const handedOff: { citizenId: string; decision: string; level: string | null }[] = [];
const FollowUpListener = defineModule({
  name: 'test-follow-up',
  dependsOn: ['tracing'],
  listeners: [on(TracingContactDecided, (p) => void handedOff.push({ citizenId: p.citizenId, decision: p.decision, level: p.level }))],
});

describe('tracing: case files, itineraries, self-check and co-presence contacts', { timeout: 180_000 }, () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof healthOfficer>>;
  let market: string; // supermarket: 45-minute default stay
  let otherVenue: string;
  let cafe: string;
  const people: Record<string, Awaited<ReturnType<typeof person>>> = {};
  let caseId: string;
  const base = minutesAgo(3 * 24 * 60); // the case was at the market [base, base + 60 min)
  // Taken once when the file starts: a date meant to be in the future is today + 2, which stays in the future if the China midnight (16:00 UTC) passes during the run.
  const today = todayInChina();

  beforeAll(async () => {
    t = await createTestApp({}, undefined, [FollowUpListener]);
    officer = await healthOfficer(t);
    market = await venue(t, '旌阳区好又多超市', 'supermarket');
    otherVenue = await venue(t, '旌阳区图书馆', 'supermarket');
    cafe = await venue(t, '旌阳区咖啡馆', 'restaurant');
    for (const name of ['甲病例', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬']) people[name] = await person(t, name);
    const at = (m: number) => new Date(base.getTime() + m * MINUTE);
    await scanAt(t, market, people['甲病例'].id, base); // the case's own scan: never a contact of itself
    await scanAt(t, cafe, people['甲病例'].id, minutesAgo(2 * 24 * 60)); // seeds the itinerary by import
    await scanAt(t, market, people['乙'].id, at(10)); // overlap [10, 55) = 45 min
    await scanAt(t, market, people['丙'].id, at(-44)); // stay [-44, 1): overlap 1 min (window edge, inside)
    await scanAt(t, market, people['丁'].id, at(-45)); // stay [-45, 0): touches the start, no overlap
    await scanAt(t, market, people['戊'].id, at(60)); // at the window's end: outside [base, base + 60)
    await scanAt(t, market, people['己'].id, at(61)); // one minute after the window
    await scanAt(t, market, people['庚'].id, at(5)); // scanned twice: 45 + 10 = 55 min
    await scanAt(t, market, people['庚'].id, at(50));
    await scanAt(t, market, people['辛'].id, at(20), false); // a forwarded poster: proves no presence
    await scanAt(t, otherVenue, people['壬'].id, at(20)); // same time, another venue
  }, 180_000);
  afterAll(async () => t.close());

  it('registers a case by ID number: stored encrypted with a blind index, masked on screen, history started, audited', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tracing/cases',
      headers: officer.headers,
      payload: { status: 'suspected', documentType: 'resident_id', documentNumber: people['甲病例'].idNumber, name: '甲病例', onsetDate: today, reportDate: today, source: 'hospital', regionCode: '510603' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    caseId = body.id;
    expect(body).toMatchObject({ status: 'suspected', name: '甲**', hasAccount: true, publicLabel: null, nextStatuses: ['confirmed', 'asymptomatic', 'excluded'] });
    expect(body.documentNumber).toBe(`${people['甲病例'].idNumber.slice(0, 4)}**********${people['甲病例'].idNumber.slice(-4)}`);
    const [row] = await t.app.ctx.db.select().from(tracingCases).where(eq(tracingCases.id, caseId));
    expect(row.documentNumberCipher).not.toContain(people['甲病例'].idNumber);
    expect(row.nameCipher).not.toContain('甲病例');
    expect(row.documentIndex).toBe(t.app.ctx.blindIndex.of('id', people['甲病例'].idNumber));
    expect(row.citizenId).toBe(people['甲病例'].id);
    const audit = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.case.create'), eq(auditLog.subjectId, caseId)));
    expect(audit).toHaveLength(1);
  });

  it('refuses bad case input with field errors and writes nothing', async () => {
    const count = async () => (await t.app.ctx.db.select().from(tracingCases)).length;
    const before = await count();
    const post = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/tracing/cases',
        headers: officer.headers,
        payload: { status: 'confirmed', documentType: 'resident_id', documentNumber: people['乙'].idNumber, name: '乙', reportDate: today, source: 'hospital', regionCode: '510603', ...payload },
      });
    expect((await post({ documentNumber: '510603199002300011' })).json().code).toBe('TRACING_DOCUMENT_INVALID');
    expect((await post({ reportDate: addDays(today, 2) })).json().code).toBe('TRACING_DATES_INVALID');
    expect((await post({ onsetDate: today, reportDate: addDays(today, -1) })).json().code).toBe('TRACING_DATES_INVALID');
    expect((await post({ regionCode: '999999' })).json().code).toBe('TRACING_DIVISION_UNKNOWN');
    expect((await post({ regionCode: '510681' })).statusCode).toBe(404); // outside the officer's county
    expect((await post({ status: 'recovered' })).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('moves the case along its lifecycle only by allowed steps, keeping the history', async () => {
    const step = (status: string) => t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/status`, headers: officer.headers, payload: { status, reason: '核酸阳性' } });
    expect((await step('recovered')).json().code).toBe('TRACING_TRANSITION_INVALID');
    const res = await step('confirmed');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', confirmedDate: today, nextStatuses: ['recovered'] });
    expect((await step('suspected')).json().code).toBe('TRACING_TRANSITION_INVALID');
    // The case reaches the person's health code as a registry fact (by the document's blind index).
    const code = await t.app.inject({ url: '/api/health/code', headers: people['甲病例'].headers });
    expect(code.json().colour).toBe('red');
    expect(code.body).toContain('流调病例档案');
    const file = (await t.app.inject({ url: `/api/tracing/cases/${caseId}`, headers: officer.headers })).json();
    expect(file.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([[null, 'suspected'], ['suspected', 'confirmed']]);
  });

  it('keeps cases in their region: another county\'s officer neither lists nor reads them; every read is audited', async () => {
    const elsewhere = await healthOfficer(t, '510681');
    expect((await t.app.inject({ url: `/api/tracing/cases/${caseId}`, headers: elsewhere.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/tracing/cases', headers: elsewhere.headers })).json()).toEqual([]);
    const citizen = await createCitizen(t.app.ctx);
    expect((await t.app.inject({ url: '/api/tracing/cases', headers: citizen.headers })).statusCode).toBe(403);
    const list = await t.app.inject({ url: '/api/tracing/cases', headers: officer.headers });
    expect(list.json().map((c: { id: string }) => c.id)).toContain(caseId);
    expect(list.body).not.toContain(people['甲病例'].idNumber);
    const reads = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'tracing.case.read'));
    expect(reads.some((r) => r.subjectId === caseId && r.actorId === officer.id)).toBe(true);
    expect((await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.case.list'), eq(auditLog.actorId, officer.id)))).length).toBeGreaterThan(0);
  });

  it('records stays and trips, refusing malformed numbers, impossible seats, future times, overlapping stays and unknown venues', async () => {
    const add = (payload: object) => t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary`, headers: officer.headers, payload });
    const stay = await add({ kind: 'stay', venueId: market, from: base.toISOString(), to: new Date(base.getTime() + 60 * MINUTE).toISOString() });
    expect(stay.statusCode, stay.body).toBe(201);
    expect(stay.json()).toMatchObject({ kind: 'stay', placeName: '旌阳区好又多超市', divisionCode: '510603', published: false });
    const trainFrom = minutesAgo(26 * 60);
    const train = await add({ kind: 'trip', mode: 'train', number: 'g 1234', carriage: '5', seat: '12F', divisionCode: '510600', from: trainFrom.toISOString(), to: new Date(trainFrom.getTime() + 90 * MINUTE).toISOString() });
    expect(train.statusCode, train.body).toBe(201);
    expect(train.json()).toMatchObject({ number: 'G1234', date: dayOf(trainFrom), carriage: '5', seat: '12F' });
    const flightFrom = minutesAgo(30 * 60);
    expect((await add({ kind: 'trip', mode: 'flight', number: 'CA4321', seat: '20C', divisionCode: '510600', from: flightFrom.toISOString(), to: new Date(flightFrom.getTime() + 120 * MINUTE).toISOString() })).statusCode).toBe(201);
    const window = { from: minutesAgo(600).toISOString(), to: minutesAgo(500).toISOString() };
    const before = (await t.app.ctx.db.select().from(tracingItineraryPoints)).length;
    expect((await add({ kind: 'trip', mode: 'train', number: 'X12345', divisionCode: '510600', ...window })).json().code).toBe('TRACING_TRIP_NUMBER_INVALID');
    expect((await add({ kind: 'trip', mode: 'flight', number: '12345', divisionCode: '510600', ...window })).json().code).toBe('TRACING_TRIP_NUMBER_INVALID');
    expect((await add({ kind: 'trip', mode: 'flight', number: 'CA1', seat: '0A', divisionCode: '510600', ...window })).json().code).toBe('TRACING_SEAT_INVALID');
    expect((await add({ kind: 'trip', mode: 'train', number: 'D5', carriage: '41', divisionCode: '510600', ...window })).json().code).toBe('TRACING_SEAT_INVALID');
    expect((await add({ kind: 'stay', placeName: '某药店', divisionCode: '510603', from: minutesAgo(-60).toISOString(), to: minutesAgo(-120).toISOString() })).json().code).toBe('TRACING_TIMES_INVALID');
    expect((await add({ kind: 'stay', placeName: '某药店', divisionCode: '510603', from: minutesAgo(10).toISOString(), to: minutesAgo(-30).toISOString() })).json().code).toBe('TRACING_TIMES_INVALID');
    expect((await add({ kind: 'stay', placeName: '某药店', divisionCode: '510603', from: window.to, to: window.from })).json().code).toBe('TRACING_TIMES_INVALID');
    const overlapping = await add({ kind: 'stay', placeName: '某药店', divisionCode: '510603', from: new Date(base.getTime() + 30 * MINUTE).toISOString(), to: new Date(base.getTime() + 90 * MINUTE).toISOString() });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json().code).toBe('TRACING_STAY_OVERLAPS');
    expect((await add({ kind: 'stay', venueId: '00000000-0000-4000-8000-000000000000', ...window })).json().code).toBe('TRACING_VENUE_UNKNOWN');
    expect((await add({ kind: 'stay', ...window })).json().code).toBe('TRACING_POINT_INCOMPLETE');
    expect((await t.app.ctx.db.select().from(tracingItineraryPoints)).length).toBe(before);
  });

  it('seeds stays from the case\'s own presence-proving scans, once', async () => {
    const first = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/import-scans`, headers: officer.headers });
    expect(first.statusCode, first.body).toBe(200);
    // The market scan lies inside the stay already recorded; only the café scan is new.
    expect(first.json().map((p: { placeName: string }) => p.placeName)).toEqual(['旌阳区咖啡馆']);
    expect(new Date(first.json()[0].to).getTime() - new Date(first.json()[0].from).getTime()).toBe(90 * MINUTE); // restaurant default stay
    const again = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/import-scans`, headers: officer.headers });
    expect(again.json()).toEqual([]);
  });

  it('proposes exactly the co-present people, ranked by overlap, each exposure explained and masked', async () => {
    const res = await t.app.inject({ url: `/api/tracing/cases/${caseId}/contact-candidates`, headers: officer.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 3, nextCursor: null });
    const list = res.json().items as { citizenId: string; name: string; phone: string; totalOverlapMinutes: number; exposures: { venueName: string; overlapMinutes: number; assumedStayMinutes: number }[] }[];
    expect(list.map((c) => [c.citizenId, c.totalOverlapMinutes])).toEqual([
      [people['庚'].id, 55],
      [people['乙'].id, 45],
      [people['丙'].id, 1],
    ]);
    expect(list[0].exposures.map((e) => e.overlapMinutes)).toEqual([45, 10]);
    expect(list[1]).toMatchObject({ name: '乙*', exposures: [{ venueName: '旌阳区好又多超市', overlapMinutes: 45, assumedStayMinutes: 45 }] });
    expect(list[0].name).toBe('庚*');
    expect(list[1].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(res.body).not.toContain(people['乙'].phone);
    const audited = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.candidates'), eq(auditLog.subjectId, caseId)));
    expect(audited).toHaveLength(1);
  });

  it('answers the ranking a page at a time with the count of all: only the page is decrypted, and audited', async () => {
    const url = `/api/tracing/cases/${caseId}/contact-candidates`;
    const decrypt = vi.spyOn(t.app.ctx.cipher, 'decrypt');
    const first = await t.app.inject({ url: `${url}?limit=1`, headers: officer.headers });
    // One person shown: their name, phone and ID number, and nothing of the two others.
    expect(decrypt).toHaveBeenCalledTimes(3);
    decrypt.mockRestore();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ total: 3, nextCursor: '1' });
    expect(first.json().items.map((c: { citizenId: string }) => c.citizenId)).toEqual([people['庚'].id]);
    const second = (await t.app.inject({ url: `${url}?limit=1&cursor=1`, headers: officer.headers })).json();
    expect(second).toMatchObject({ total: 3, nextCursor: '2' });
    expect(second.items.map((c: { citizenId: string }) => c.citizenId)).toEqual([people['乙'].id]);
    const last = (await t.app.inject({ url: `${url}?limit=2&cursor=2`, headers: officer.headers })).json();
    expect(last).toMatchObject({ total: 3, nextCursor: null });
    expect(last.items.map((c: { citizenId: string }) => c.citizenId)).toEqual([people['丙'].id]);
    expect((await t.app.inject({ url: `${url}?cursor=9`, headers: officer.headers })).json()).toEqual({ items: [], total: 3, nextCursor: null });
    const audited = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.candidates'), eq(auditLog.subjectId, caseId))).orderBy(auditLog.seq);
    expect(audited.slice(-4).map((a) => a.detail)).toMatchObject([
      { count: 1, total: 3, offset: 0, shown: [people['庚'].id] },
      { count: 1, total: 3, offset: 1, shown: [people['乙'].id] },
      { count: 1, total: 3, offset: 2, shown: [people['丙'].id] },
      { count: 0, total: 3, offset: 9, shown: [] },
    ]);
    for (const bad of ['limit=0', 'limit=201', 'limit=1.5', 'cursor=-1', 'cursor=1e3', 'cursor=']) {
      const res = await t.app.inject({ url: `${url}?${bad}`, headers: officer.headers });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().details.issues[0].path, bad).toBe(`querystring/${bad.split('=')[0]}`);
    }
    expect(await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.contact.candidates'), eq(auditLog.subjectId, caseId)))).toHaveLength(audited.length);
  });

  it('confirms a candidate as a close contact, which turns their health code yellow with the reason; refuses a non-candidate', async () => {
    const stranger = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers, payload: { citizenId: people['己'].id, decision: 'confirmed', reason: '同场所' } });
    expect(stranger.json().code).toBe('TRACING_NOT_A_CANDIDATE');
    const before = (await t.app.inject({ url: '/api/health/code', headers: people['乙'].headers })).json();
    expect(before.colour).toBe('green');
    const res = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers, payload: { citizenId: people['乙'].id, decision: 'confirmed', level: 'close', reason: '同时段在超市' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'confirmed', level: 'close', overlapMinutes: 45 });
    const after = await t.app.inject({ url: '/api/health/code', headers: people['乙'].headers });
    expect(after.json().colour).toBe('yellow');
    expect(after.body).toContain('流调时空交集');
    const dismissed = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/contacts`, headers: officer.headers, payload: { citizenId: people['丙'].id, decision: 'dismissed', reason: '仅重叠 1 分钟，在门口' } });
    expect(dismissed.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/health/code', headers: people['丙'].headers })).json().colour).toBe('green');
    const list = (await t.app.inject({ url: `/api/tracing/cases/${caseId}/contact-candidates`, headers: officer.headers })).json().items;
    expect(list.find((c: { citizenId: string }) => c.citizenId === people['乙'].id).decision).toMatchObject({ decision: 'confirmed', level: 'close' });
    // Each decision is handed off as an event (for follow-up / screening), after it committed.
    expect(handedOff).toEqual([
      { citizenId: people['乙'].id, decision: 'confirmed', level: 'close' },
      { citizenId: people['丙'].id, decision: 'dismissed', level: null },
    ]);
  });

  it('publishes the itinerary de-identified; the public list (no sign-in) shows places and trips without name, ID or seat', async () => {
    const before = await t.app.inject({ url: '/api/tracing/public/itineraries' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual([]);
    const citizen = await createCitizen(t.app.ctx);
    expect((await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/publish`, headers: citizen.headers })).statusCode).toBe(403);
    // Maker: the county's officer proposes; nothing is public yet.
    const proposed = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/publish`, headers: officer.headers });
    expect(proposed.statusCode, proposed.body).toBe(202);
    const proposal = proposed.json();
    expect(proposal).toMatchObject({ status: 'proposed', caseId, caseStatus: 'confirmed', regionCode: '510603', publicLabel: null });
    expect(proposal.points).toHaveLength(4);
    expect(proposed.body).not.toContain('12F');
    expect((await t.app.inject({ url: '/api/tracing/public/itineraries' })).json()).toEqual([]);
    expect((await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/publish`, headers: officer.headers })).json().code).toBe('TRACING_PUBLICATION_PENDING');
    // A point added after the proposal is not part of it.
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/tracing/cases/${caseId}/itinerary`,
      headers: officer.headers,
      payload: { kind: 'stay', from: minutesAgo(10 * 60).toISOString(), to: minutesAgo(9 * 60).toISOString(), placeName: '旌阳区某小区', divisionCode: '510603' },
    });
    expect(late.statusCode, late.body).toBe(201);
    const decide = (who: { headers: Record<string, string> }, decision: 'approve' | 'reject', id = proposal.id) =>
      t.app.inject({ method: 'POST', url: `/api/tracing/publication-proposals/${id}/decision`, headers: who.headers, payload: { decision, note: '已核对' } });
    // Checker: not the proposer, not an officer of another county, not a role without publication.
    expect((await decide(officer, 'approve')).json().code).toBe('APPROVALS_SAME_OFFICER');
    const otherCounty = await healthOfficer(t, '510681');
    expect((await decide(otherCounty, 'approve')).statusCode).toBe(404);
    const command = await createStaff(t.app.ctx, { roles: ['county_command'], regionCode: '510600' });
    expect((await decide(command, 'approve')).statusCode).toBe(403);
    const city = await healthOfficer(t, '510600');
    const listed = await t.app.inject({ url: '/api/tracing/publication-proposals?status=proposed', headers: city.headers });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().map((p: { id: string }) => p.id)).toEqual([proposal.id]);
    expect((await t.app.inject({ url: '/api/tracing/publication-proposals', headers: otherCounty.headers })).json()).toEqual([]);
    const res = await decide(city, 'approve');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', published: 4, publicLabel: '确诊病例1', decidedBy: city.id, decisionNote: '已核对' });
    expect((await decide(city, 'approve')).json().code).toBe('APPROVALS_NOT_PENDING');
    const audited = await t.app.ctx.db.select().from(auditLog).where(eq(auditLog.subjectId, proposal.id));
    expect(audited.map((a) => a.action).sort()).toEqual(['tracing.itinerary.publication.approve', 'tracing.itinerary.publication.propose']);
    const published = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'tracing.itinerary.publish'), eq(auditLog.subjectId, caseId)));
    expect(published).toHaveLength(1);
    // The late point needs its own proposal; this one is rejected and stays unpublished.
    const second = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/publish`, headers: officer.headers });
    expect(second.statusCode, second.body).toBe(202);
    expect(second.json().points.map((p: { id: string }) => p.id)).toEqual([late.json().id]);
    expect((await decide(city, 'reject', second.json().id)).json()).toMatchObject({ status: 'rejected' });
    expect((await t.app.inject({ url: `/api/tracing/cases/${caseId}`, headers: officer.headers })).json().itinerary.find((p: { id: string }) => p.id === late.json().id).published).toBe(false);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tracing/cases/${caseId}/itinerary/${late.json().id}`, headers: officer.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/publish`, headers: officer.headers })).json().code).toBe('TRACING_NOTHING_TO_PUBLISH');
    const pub = await t.app.inject({ url: '/api/tracing/public/itineraries' });
    const points = pub.json() as { caseLabel: string; kind: string; placeName: string; number: string | null }[];
    expect(points).toHaveLength(4);
    expect(new Set(points.map((p) => p.caseLabel))).toEqual(new Set(['确诊病例1']));
    expect(points.map((p) => p.placeName)).toContain('旌阳区好又多超市');
    // Stays at a venue carry the venue's registered position (the coordinate plot); trips none.
    expect(pub.json().find((p: { placeName: string }) => p.placeName === '旌阳区好又多超市')).toMatchObject({ latitude: 31.12, longitude: 104.4 });
    expect(pub.json().filter((p: { kind: string }) => p.kind === 'trip').map((p: { latitude: number | null }) => p.latitude)).toEqual([null, null]);
    expect(points.filter((p) => p.kind === 'trip').map((p) => p.number).sort()).toEqual(['CA4321', 'G1234']);
    for (const secret of ['甲病例', people['甲病例'].idNumber, '12F', '20C', people['甲病例'].id]) expect(pub.body).not.toContain(secret);
    expect(pub.body).not.toContain('"seat"');
    const trips = (await t.app.inject({ url: '/api/tracing/public/itineraries?kind=trip' })).json();
    expect(trips).toHaveLength(2);
    expect((await t.app.inject({ url: '/api/tracing/public/itineraries?divisionCode=510681' })).json()).toEqual([]);
    const point = (await t.app.inject({ url: `/api/tracing/cases/${caseId}`, headers: officer.headers })).json().itinerary[0];
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tracing/cases/${caseId}/itinerary/${point.id}`, headers: officer.headers })).json().code).toBe('TRACING_POINT_PUBLISHED');
  });

  it('self-check: my scans overlapping a published stay, and my trips by number + date with the contact level', async () => {
    const trainDay = dayOf(minutesAgo(26 * 60));
    const flightDay = dayOf(minutesAgo(30 * 60));
    const check = (who: string, trips: object[] = []) => t.app.inject({ method: 'POST', url: '/api/tracing/self-check', headers: people[who].headers, payload: { trips } });
    const mine = await check('庚');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().matched).toBe(true);
    expect(mine.json().places.map((p: { placeName: string; overlapMinutes: number; caseLabel: string }) => [p.placeName, p.overlapMinutes, p.caseLabel])).toEqual([
      ['旌阳区好又多超市', 45, '确诊病例1'],
      ['旌阳区好又多超市', 10, '确诊病例1'],
    ]);
    expect(mine.json().places[0].explanation.zh).toContain('重叠约 45 分钟');
    for (const who of ['丁', '戊', '己', '壬']) expect((await check(who)).json(), who).toEqual({ matched: false, places: [], trips: [] });
    // The citizen's own record counts for their own check, even a scan of a poster (it proves nothing to others).
    expect((await check('辛')).json().places.map((p: { overlapMinutes: number }) => p.overlapMinutes)).toEqual([40]);
    const trips = await check('壬', [
      { mode: 'train', number: 'G1234', date: trainDay, carriage: '05' },
      { mode: 'train', number: 'g1234', date: trainDay, carriage: '6' },
      { mode: 'train', number: 'G1234', date: trainDay },
      { mode: 'flight', number: 'CA4321', date: flightDay, seat: '23A' },
      { mode: 'flight', number: 'CA4321', date: flightDay, seat: '24A' },
      { mode: 'flight', number: 'CA4321', date: addDays(flightDay, -1), seat: '20C' },
    ]);
    expect(trips.statusCode, trips.body).toBe(200);
    expect(trips.json().trips.map((m: { number: string; level: string }) => [m.number, m.level])).toEqual([
      ['G1234', 'close'],
      ['G1234', 'general'],
      ['G1234', 'possible'],
      ['CA4321', 'close'],
      ['CA4321', 'general'],
    ]);
    expect(trips.json().trips[0].advice.zh).toContain('密切接触者');
    expect(trips.body).not.toContain('12F');
    expect(trips.body).not.toContain('20C"');
  });

  it('a citizen reports a self-check match; an officer of the case\'s region confirms them as a contact (code, worklist, hand-off)', async () => {
    const trip = ((await t.app.inject({ url: '/api/tracing/public/itineraries?kind=trip' })).json() as { id: string; number: string }[]).find((p) => p.number === 'G1234')!;
    const report = (pointId: string, who = people['壬']) => t.app.inject({ method: 'POST', url: '/api/tracing/self-check/report', headers: who.headers, payload: { pointId, note: '同车厢' } });
    expect((await report('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/tracing/self-check/report', headers: officer.headers, payload: { pointId: trip.id } })).statusCode).toBe(403);
    const sent = await report(trip.id);
    expect(sent.statusCode, sent.body).toBe(201);
    expect((await report(trip.id)).json().id).toBe(sent.json().id);
    const listed = await t.app.inject({ url: '/api/tracing/self-reports?status=new', headers: officer.headers });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject([{ id: sent.json().id, name: '壬*', point: { number: 'G1234' }, note: '同车厢' }]);
    expect(listed.body).not.toContain(people['壬'].phone);
    const decide = (who: { headers: Record<string, string> }) =>
      t.app.inject({ method: 'POST', url: `/api/tracing/self-reports/${sent.json().id}/decision`, headers: who.headers, payload: { decision: 'confirmed', level: 'close', reason: '同车厢，核实属实' } });
    expect((await decide(await healthOfficer(t, '510681'))).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/health/code', headers: people['壬'].headers })).json().colour).toBe('green');
    const decided = await decide(officer);
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'confirmed' });
    expect((await decide(officer)).json().code).toBe('TRACING_REPORT_DECIDED');
    expect((await t.app.inject({ url: '/api/health/code', headers: people['壬'].headers })).json().colour).toBe('yellow');
    expect(handedOff.at(-1)).toEqual({ citizenId: people['壬'].id, decision: 'confirmed', level: 'close' });
    const worklist = (await t.app.inject({ url: '/api/tracing/follow-ups', headers: officer.headers })).json();
    expect(worklist.contacts.map((c: { id: string }) => c.id)).toContain(decided.json().contactId);
  });

  it('self-check refuses malformed numbers, future dates and impossible seats; staff and anonymous callers are refused', async () => {
    const check = (trips: object[]) => t.app.inject({ method: 'POST', url: '/api/tracing/self-check', headers: people['壬'].headers, payload: { trips } });
    const bad = await check([{ mode: 'train', number: 'ABC', date: today }]);
    expect(bad.json()).toMatchObject({ code: 'TRACING_TRIP_NUMBER_INVALID' });
    expect((await check([{ mode: 'train', number: 'G1', date: addDays(today, 2) }])).json().code).toBe('TRACING_DATES_INVALID');
    expect((await check([{ mode: 'flight', number: 'CA1', date: today, seat: '99Z' }])).json().code).toBe('TRACING_SEAT_INVALID');
    expect((await check([{ mode: 'rocket', number: 'G1', date: today }])).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/tracing/self-check', payload: { trips: [] } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/tracing/self-check', headers: officer.headers, payload: { trips: [] } })).statusCode).toBe(403);
  });

  it('documents every tracing route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, { description?: string }>> };
    for (const path of ['/api/tracing/cases', '/api/tracing/cases/{id}', '/api/tracing/cases/{id}/itinerary', '/api/tracing/cases/{id}/contact-candidates', '/api/tracing/public/itineraries', '/api/tracing/self-check']) {
      expect(doc.paths[path], path).toBeTruthy();
    }
    expect(doc.paths['/api/tracing/cases'].post.description).toContain('tracing.case.manage');
    expect(doc.paths['/api/tracing/public/itineraries'].get.description ?? '').not.toContain('Action');
  });
});
