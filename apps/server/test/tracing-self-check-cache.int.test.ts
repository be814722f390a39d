import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { todayInChina } from '@fangxian/contracts/kernel';
import { createTestApp, type TestApp } from './support.ts';
import { MINUTE, healthOfficer, minutesAgo, person, scanAt, venue } from './tracing.support.ts';

/**
 * The self-check answers from an in-memory snapshot of the published itineraries and the stay per
 * venue type (tracing.published-cache.ts). It must never answer from a snapshot older than a
 * committed change: publication, a case excluded and a settings change through the API are seen at
 * once, and a change written by another instance (here: a statement outside the API) reaches it
 * through the fx_tracing change feed (drizzle/0041) — at COMMIT on PGlite, a moment later on PostgreSQL.
 */
describe('tracing self-check: the published snapshot stays exact', { timeout: 180_000 }, () => {
  let t: TestApp;
  let county: Awaited<ReturnType<typeof healthOfficer>>;
  let city: Awaited<ReturnType<typeof healthOfficer>>;
  let citizen: Awaited<ReturnType<typeof person>>;
  let caseId: string;
  const today = todayInChina();

  beforeAll(async () => {
    t = await createTestApp();
    county = await healthOfficer(t);
    city = await healthOfficer(t, '510600');
    citizen = await person(t, '缓存乙');
    const shop = await venue(t, '旌阳区缓存超市', 'supermarket'); // 45 minutes' stay after a scan
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/tracing/cases',
      headers: county.headers,
      payload: { status: 'suspected', documentType: 'resident_id', name: '缓存甲', documentNumber: (await person(t, '缓存甲')).idNumber, source: 'hospital', regionCode: '510603', reportDate: today },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    caseId = registered.json().id;
    // The case at the shop for an hour from 300 minutes ago; the citizen scanned 10 minutes into it.
    const from = minutesAgo(300);
    const stay = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary`, headers: county.headers, payload: { kind: 'stay', venueId: shop, from: from.toISOString(), to: new Date(from.getTime() + 60 * MINUTE).toISOString() } });
    expect(stay.statusCode, stay.body).toBe(201);
    await scanAt(t, shop, citizen.id, minutesAgo(290));
  }, 180_000);
  afterAll(async () => t.close());

  const places = async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/tracing/self-check', headers: citizen.headers, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().places as { overlapMinutes: number }[]).map((p) => p.overlapMinutes);
  };
  /** Another instance's change arrives through the feed: on PostgreSQL a moment after the commit. */
  const eventually = async (expected: number[]) => {
    for (let i = 0; i < 50; i++) {
      const got = await places();
      if (JSON.stringify(got) === JSON.stringify(expected)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await places()).toEqual(expected);
  };

  it('sees a publication at once, after a self-check that found nothing', async () => {
    expect(await places()).toEqual([]); // the snapshot is now held, without the unpublished stay
    const proposed = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/itinerary/publish`, headers: county.headers });
    expect(proposed.statusCode, proposed.body).toBe(202);
    const approved = await t.app.inject({ method: 'POST', url: `/api/tracing/publication-proposals/${proposed.json().id}/decision`, headers: city.headers, payload: { decision: 'approve' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await places()).toEqual([45]);
  });

  it('sees a change of the stay per venue type at once, and its clearing', async () => {
    const put = (minutes: number | null) => t.app.inject({ method: 'PUT', url: '/api/tracing/settings/stays/supermarket', headers: city.headers, payload: { minutes, reason: '超市按20分钟计' } });
    expect((await put(20)).statusCode).toBe(200);
    expect(await places()).toEqual([20]);
    expect((await put(null)).statusCode).toBe(200);
    expect(await places()).toEqual([45]);
  });

  it('sees a change committed outside this instance through the change feed', async () => {
    await t.app.ctx.db.execute(sql`update tracing_itinerary_points set published_at = null where case_id = ${caseId}`);
    await eventually([]);
    await t.app.ctx.db.execute(sql`update tracing_itinerary_points set published_at = now() where case_id = ${caseId}`);
    await eventually([45]);
  });

  it('drops an excluded case\'s places at once', async () => {
    const excluded = await t.app.inject({ method: 'POST', url: `/api/tracing/cases/${caseId}/status`, headers: county.headers, payload: { status: 'excluded', reason: '两次核酸阴性' } });
    expect(excluded.statusCode, excluded.body).toBe(200);
    expect(await places()).toEqual([]);
  });
});
