import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createStaff } from './factories.ts';
import { approvedVenue } from './venues.support.ts';
import { auditLog } from '../src/platform/audit/audit.tables.ts';

// Issue 10, item 9: reading staff lists is audited, with counts and filters only (no names, no usernames).
describe('staff reads are audited', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t.close());

  it('GET /api/admin/staff records admin-staff.staff.list with the count, not the accounts', async () => {
    const admin = await createStaff(t.app.ctx, { roles: ['sys_admin'], regionCode: '510603' });
    const res = await t.app.inject({ url: '/api/admin/staff?role=sys_admin', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const listed = res.json() as { username: string; displayName: string }[];
    const rows = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'admin-staff.staff.list'), eq(auditLog.actorId, admin.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ regionCode: '510603', detail: { count: listed.length, role: 'sys_admin', includeDisabled: true } });
    for (const s of listed) expect(JSON.stringify(rows[0].detail)).not.toContain(s.username);
  });

  it('GET /api/venues/:id/staff records venues.staff.list with the venue as subject', async () => {
    const venue = await approvedVenue(t);
    const res = await t.app.inject({ url: `/api/venues/${venue.id}/staff`, headers: venue.officer.headers });
    expect(res.statusCode).toBe(200);
    const listed = res.json() as { username: string; displayName: string }[];
    expect(listed.length).toBeGreaterThan(0);
    const rows = await t.app.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'venues.staff.list'), eq(auditLog.subjectId, venue.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: venue.officer.id, subjectType: 'venue', regionCode: '510603', detail: { count: listed.length } });
    for (const s of listed) {
      expect(JSON.stringify(rows[0].detail)).not.toContain(s.username);
      expect(JSON.stringify(rows[0].detail)).not.toContain(s.displayName);
    }
  });
});
