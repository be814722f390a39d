// Disk full (issue 10, item 10): a write the database refuses for lack of space answers 503
// STORAGE_FULL with Retry-After, /readyz is not ready until a probe write succeeds again, and
// nothing was stored. The database raises the real SQLSTATE 53100 from a trigger (we cannot fill the
// disk of a test machine); the server's path from there on is the one a full disk takes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';

describe('a full disk', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t?.close());

  const otp = (phone: string) => t.app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone }, headers: { 'accept-language': 'en' } });
  const ready = () => t.app.inject({ method: 'GET', url: '/readyz' });
  // One statement per call (a prepared statement holds one command).
  const exec = async (...statements: string[]) => {
    for (const statement of statements) await t.database.db.execute(sql.raw(statement));
  };

  it('answers 503 STORAGE_FULL (retryable), makes /readyz not ready, and recovers once writes succeed', async () => {
    expect((await ready()).statusCode).toBe(200);
    expect((await otp('13900000001')).statusCode).toBe(202);

    await exec(
      `create function fx_test_disk_full() returns trigger language plpgsql as $$
       begin raise exception 'could not extend file: No space left on device' using errcode = '53100'; end $$`,
      `create trigger fx_test_disk_full before insert or update on sms_outbox for each statement execute function fx_test_disk_full()`,
      `create trigger fx_test_disk_full before insert or update on settings for each statement execute function fx_test_disk_full()`,
    );
    try {
      const refused = await otp('13900000002');
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toEqual({ code: 'STORAGE_FULL', message: 'Storage is full; nothing was saved. Please try again later' });
      expect(refused.headers['retry-after']).toBe('30');
      // Not ready while the probe write fails.
      const notReady = await ready();
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toMatchObject({ status: 'unavailable', reason: 'storage_full' });
    } finally {
      await exec(`drop trigger fx_test_disk_full on sms_outbox`, `drop trigger fx_test_disk_full on settings`, `drop function fx_test_disk_full()`);
    }
    // Space again: the probe write succeeds, the server is ready, and requests are served.
    expect((await ready()).statusCode).toBe(200);
    expect((await ready()).statusCode).toBe(200);
    expect((await otp('13900000003')).statusCode).toBe(202);
  });

  it('never marks the server unready for an ordinary failure', async () => {
    await exec(
      `create function fx_test_boom() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`,
      `create trigger fx_test_boom before insert on sms_outbox for each statement execute function fx_test_boom()`,
    );
    try {
      expect((await otp('13900000004')).statusCode).toBe(500);
      expect((await ready()).statusCode).toBe(200);
    } finally {
      await exec(`drop trigger fx_test_boom on sms_outbox`, `drop function fx_test_boom()`);
    }
  });
});
