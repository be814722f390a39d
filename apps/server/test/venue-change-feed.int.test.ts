import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, onPostgresServer, openTestDatabase, type TestApp } from './support.ts';
import { approvedVenue, realNameCitizen } from './venues.support.ts';
import type { Database } from '../src/platform/db/database.ts';

// Two instances on one database: a venue change committed through one (a new poster version) is
// refused at once by the other, which had the venue's code cached — through the change feed, not
// after the cache's 30-second lifetime.
describe('venue place codes across instances', { timeout: 120_000 }, () => {
  let database: Database;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    database = await openTestDatabase();
    a = await createTestApp({}, database);
    b = await createTestApp({}, database);
  }, 120_000);
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.close();
  });

  it('refuses an old poster on instance A right after instance B rotated it', async () => {
    const v = await approvedVenue(a);
    const citizen = await realNameCitizen(a, '王五');
    const scanOnA = (token: string) => a.app.inject({ method: 'POST', url: '/api/scans', headers: citizen.headers, payload: { placeToken: token } });
    expect((await scanOnA(v.staticToken)).statusCode).toBe(201); // A now holds the venue's code

    const rotated = await b.app.inject({ method: 'POST', url: `/api/venues/${v.id}/place-code/rotate`, headers: v.manager.headers });
    expect(rotated.statusCode, rotated.body).toBe(200);

    // PGlite: delivered during B's COMMIT. A PostgreSQL server: a moment later, well within a second.
    let old = await scanOnA(v.staticToken);
    for (let i = 0; onPostgresServer && old.statusCode < 300 && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 25));
      old = await scanOnA(v.staticToken);
    }
    expect(old.json().code).toBe('VENUES_PLACE_CODE_REVOKED');
    // The new poster is accepted: it answers the visit already recorded (one per person per venue per window).
    expect((await scanOnA(rotated.json().token)).statusCode).toBe(200);
  });
});
