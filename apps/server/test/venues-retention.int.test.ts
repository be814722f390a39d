import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff } from './factories.ts';
import { approvedVenue, realNameCitizen } from './venues.support.ts';
import { scanFlags, scans, venues } from '../src/modules/venues/venues.tables.ts';
import { insertScan } from '../src/modules/venues/venues.repository.ts';
import { PURGE_JOB } from '../src/modules/venues/venues.retention.ts';
import { DEMO_VENUE_NAME } from '../src/modules/venues/venues.seed.ts';
import { JobRunner, enqueueJob, findJob } from '../src/platform/jobs/index.ts';
import { staffAccounts } from '../src/platform/identity/identity.tables.ts';
import { runDemoSeed } from '../src/platform/seed/index.ts';

const DAY = 24 * 3600_000;

describe('scan retention and the demo venue', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ scanRetentionDays: 28 });
  }, 120_000);
  afterAll(async () => t.close());

  async function scanAt(venueId: string, citizenId: string, ageMs: number, flagged = false): Promise<string> {
    const id = randomUUID();
    const at = new Date(Date.now() - ageMs);
    await t.database.writes.submit((tx) =>
      insertScan(
        tx,
        { id, venueId, scannedAt: at, citizenId, divisionCode: '510603', method: 'citizen_scan_static', colour: 'green', decision: 'pass', presenceProven: false, staffId: null, distanceMeters: null },
        flagged ? [{ id: randomUUID(), venueId, flaggedAt: at, divisionCode: '510603', scanId: id, citizenId, reason: 'far_away', detail: {} }] : [],
      ),
    );
    return id;
  }

  it('deletes scans and flags older than the retention period and shows the last purge to the console', async () => {
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    const old = [await scanAt(v.id, citizen.id, 29 * DAY, true), await scanAt(v.id, citizen.id, 40 * DAY)];
    const kept = [await scanAt(v.id, citizen.id, 27 * DAY, true), await scanAt(v.id, citizen.id, 0)];
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510600' });

    const before = (await t.app.inject({ url: '/api/admin/retention', headers: admin.headers })).json();
    expect(before).toMatchObject({ scanRetentionDays: 28, purgeEveryMinutes: 60, lastPurge: null });

    const purge = await t.app.inject({ method: 'POST', url: '/api/admin/retention/purge', headers: admin.headers });
    expect(purge.statusCode, purge.body).toBe(200);
    expect(purge.json()).toMatchObject({ deletedScans: 2, deletedFlags: 1, trigger: 'manual' });
    expect(Date.now() - new Date(purge.json().cutoff).getTime()).toBeGreaterThanOrEqual(28 * DAY);

    const left = await t.database.db.select({ id: scans.id }).from(scans).where(inArray(scans.id, [...old, ...kept]));
    expect(left.map((r) => r.id).sort()).toEqual([...kept].sort());
    expect(await t.database.db.select().from(scanFlags).where(eq(scanFlags.venueId, v.id))).toHaveLength(1);

    const after = (await t.app.inject({ url: '/api/admin/retention', headers: admin.headers })).json();
    expect(after.lastPurge).toEqual(purge.json());
    const supervision = await createStaff(t.app.ctx, { roles: ['supervision'], regionCode: '510600' });
    expect((await t.app.inject({ url: '/api/admin/retention', headers: supervision.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/retention/purge', headers: supervision.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/retention', headers: citizen.headers })).statusCode).toBe(403);
  });

  it('runs the purge as a scheduled platform job', async () => {
    expect(t.app.ctx.modules.schedules(t.config).find((s) => s.name === PURGE_JOB)).toMatchObject({ type: PURGE_JOB, everyMs: 3_600_000 });
    const v = await approvedVenue(t);
    const citizen = await realNameCitizen(t);
    const old = await scanAt(v.id, citizen.id, 30 * DAY);
    const jobId = await enqueueJob(t.app.ctx, t.database.db, { type: PURGE_JOB, createdBy: { kind: 'system', id: 'test' } });
    const runner = new JobRunner(t.app.ctx);
    expect(await runner.runOnce()).toBe(true);
    const job = await findJob(t.database.db, jobId);
    expect(job?.status).toBe('succeeded');
    expect(job?.result).toMatchObject({ deletedScans: 1, trigger: 'schedule' });
    expect(await t.database.db.select().from(scans).where(eq(scans.id, old))).toEqual([]);
  });

  it('seeds an approved demo venue in 旌阳区 with the demo venue-staff account as its manager', async () => {
    const seeded = await createTestApp({ seedDemo: true });
    try {
      const result = await runDemoSeed(seeded.app.ctx); // already seeded at start: idempotent
      expect(result.seeded).toBe(false);
      const [venue] = await seeded.database.db.select().from(venues).where(eq(venues.name, DEMO_VENUE_NAME));
      expect(venue).toMatchObject({ status: 'approved', divisionCode: '510603' });
      const [staff] = await seeded.database.db.select().from(staffAccounts).where(eq(staffAccounts.username, 'venue'));
      expect(staff.venueId).toBe(venue.id);
      expect(venue.managerStaffId).toBe(staff.id);
    } finally {
      await seeded.close();
    }
  });
});
