import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from './support.ts';
import { cstDay, officer, realNamedCitizen } from './health-code.support.ts';
import { approvedVenue } from './venues.support.ts';
import { recordVerificationScan } from '../src/modules/venues/venues.scans.ts';
import { hcOverrides } from '../src/modules/health-code/health-code.tables.ts';

/**
 * Issue 10, item 4: officers reach a citizen by household division and by where the facts arose
 * (scans at venues, declarations, registry and screening records), never only by the residence the
 * citizen declares; a whole province (or a city with counties) is no residence.
 */
describe('health code: officers\' reach does not follow a self-declared residence', { timeout: 180_000 }, () => {
  let t: TestApp;
  const call = async (opts: InjectOptions) => t.app.inject(opts);
  const declare = (headers: Record<string, string>, residenceDivision: string) =>
    call({ method: 'POST', url: '/api/health/declarations', headers, payload: { residenceDivision, temperature: 36.5, symptoms: [], contactWithCase: false } });
  const lookup = (headers: Record<string, string>, documentNumber: string) =>
    call({ method: 'POST', url: '/api/health/lookup', headers, payload: { documentType: 'resident_id', documentNumber } });

  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(async () => t.close());

  it('refuses a province or a city with counties as a residence', async () => {
    const c = await realNamedCitizen(t, '510603', '赵一');
    for (const division of ['110000', '110100', '510600']) {
      const res = await declare(c.headers, division);
      expect(res.statusCode, division).toBe(400);
      expect(res.json().code).toBe('HEALTH_CODE_RESIDENCE_TOO_BROAD');
    }
    const trip = await call({ method: 'POST', url: '/api/health/trips', headers: c.headers, payload: { trips: [{ divisionCode: '510603', from: cstDay(-2), to: cstDay(-1) }], residenceDivision: '110000' } });
    expect(trip.json().code).toBe('HEALTH_CODE_RESIDENCE_TOO_BROAD');
    expect((await declare(c.headers, '110101')).statusCode).toBe(201); // a county of Beijing is a residence
  });

  it('a citizen registered here who declares a Beijing residence stays within reach of the county and the city, overrides included', async () => {
    const c = await realNamedCitizen(t, '510603', '钱二');
    expect((await declare(c.headers, '110101')).statusCode).toBe(201);
    const health = await officer(t, ['health'], '510603');
    const police = await officer(t, ['police'], '510600');
    expect((await lookup(health.headers, c.idNumber)).statusCode).toBe(200);
    expect((await lookup(police.headers, c.idNumber)).statusCode).toBe(200);
    // Another county with no facts about the person: the same answer as an unknown person.
    const elsewhere = await officer(t, ['health'], '510623');
    expect((await lookup(elsewhere.headers, c.idNumber)).statusCode).toBe(404);

    const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const proposed = await call({ method: 'POST', url: '/api/health/overrides', headers: health.headers, payload: { documentType: 'resident_id', documentNumber: c.idNumber, colour: 'yellow', reason: '同住人为密接', expiresAt } });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const [row] = await t.app.ctx.db.select().from(hcOverrides).where(eq(hcOverrides.id, proposed.json().id));
    expect(row.regionCode).toBe('510603');
    const second = await officer(t, ['health'], '510603');
    const approved = await call({ method: 'POST', url: `/api/health/overrides/${proposed.json().id}/decision`, headers: second.headers, payload: { decision: 'approve' } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await call({ url: '/api/health/code', headers: c.headers })).json().colour).toBe('yellow');
  });

  it('a citizen registered elsewhere is reached where the facts arose: a venue scan, a registry entry', async () => {
    const c = await realNamedCitizen(t, '110101', '孙三');
    expect((await declare(c.headers, '110101')).statusCode).toBe(201);
    const here = await officer(t, ['health'], '510603');
    expect((await lookup(here.headers, c.idNumber)).statusCode).toBe(404);
    const v = await approvedVenue(t); // in 510603
    await recordVerificationScan(t.app.ctx, { venueId: v.id, citizenId: c.id, colour: 'green', staffId: null });
    expect((await lookup(here.headers, c.idNumber)).statusCode).toBe(200);

    const mianzhu = await officer(t, ['police', 'health'], '510683');
    expect((await lookup(mianzhu.headers, c.idNumber)).statusCode).toBe(404);
    const recorded = await call({
      method: 'POST',
      url: '/api/epidemic/person-statuses',
      headers: mianzhu.headers,
      payload: { documentType: 'resident_id', documentNumber: c.idNumber, status: 'close_contact', date: cstDay(), source: '流调', regionCode: '510683' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect((await lookup(mianzhu.headers, c.idNumber)).statusCode).toBe(200);
  });
});
