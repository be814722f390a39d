import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support.ts';
import { createCitizen, createStaff, type SignedIn } from './factories.ts';
import { defineJob } from '../src/platform/jobs/jobs.define.ts';
import { defineModule } from '../src/platform/modules/module.ts';
import { enqueueJob, findJob, upsertSchedule } from '../src/platform/jobs/jobs.service.ts';
import { JobRunner, LeaseLostError } from '../src/platform/jobs/jobs.runner.ts';
import { jobs } from '../src/platform/jobs/jobs.tables.ts';

/** A promise with its resolve handle (lets a test step a handler forward without timers). */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// Test job types (declared by a test module the apps below include). Their behaviour is steered by the shared state below.
let flakyFailures = 0;
const flaky = defineJob('test.flaky', async (run) => {
  if (flakyFailures > 0) {
    flakyFailures--;
    throw new Error(`transient failure on attempt ${run.attempt}`);
  }
  return { attempt: run.attempt };
});
const alwaysFails = defineJob('test.always-fails', async () => {
  throw new Error('permanent failure');
}, { maxAttempts: 2 });

const processed: number[] = [];
let crashGate: { reached: ReturnType<typeof deferred>; release: ReturnType<typeof deferred> } | null = null;
let lateWriteError: unknown = null;
const resumable = defineJob<{ next: number }>('test.resumable', async (run) => {
  const total = 10;
  for (let i = run.checkpoint?.next ?? 0; i < total; i++) {
    if (i === 4 && crashGate) {
      // First worker "dies" here: it stops doing anything until the test lets it wake up again.
      const gate = crashGate;
      crashGate = null;
      gate.reached.resolve();
      await gate.release.promise;
      try {
        await run.progress(i, total, 'woke up');
      } catch (err) {
        lateWriteError = err;
        throw err;
      }
    }
    processed.push(i);
    await run.saveCheckpoint({ next: i + 1 });
    await run.progress(i + 1, total, `item ${i + 1}`);
  }
  return { processed: total };
});

let sseGate: ReturnType<typeof deferred> | null = null;
const stepped = defineJob('test.stepped', async (run) => {
  await run.progress(1, 3, '第一步');
  await sseGate?.promise;
  await run.progress(2, 3, '第二步');
  return { ok: true };
});
const noop = defineJob('test.noop', async () => ({ ok: true }));

// Lanes: a long job (a city-wide dry run) holds only its own lane.
let longGate: ReturnType<typeof deferred> | null = null;
const longStarted: string[] = [];
const long = defineJob('test.long', async (run) => {
  longStarted.push(run.id);
  await longGate?.promise;
  return { ok: true };
});
const quick = defineJob('test.quick', async () => ({ ok: true }));
let wideRunning = 0;
let wideMax = 0;
let wideGate: ReturnType<typeof deferred> | null = null;
const wide = defineJob('test.wide', async () => {
  wideRunning++;
  wideMax = Math.max(wideMax, wideRunning);
  await wideGate?.promise;
  wideRunning--;
  return { ok: true };
}, { concurrency: 2 });

const TestJobs = defineModule({
  name: 'test-jobs',
  jobs: [flaky, alwaysFails, resumable, stepped, noop, long, quick, wide],
  schedules: () => [{ name: 'test.every-minute', type: 'test.noop', everyMs: 60_000, payload: { purpose: 'test' } }],
});

describe('background jobs', { timeout: 60_000 }, () => {
  let t: TestApp;
  let runner: JobRunner;
  let other: JobRunner;
  beforeAll(async () => {
    t = await createTestApp({}, undefined, [TestJobs]);
    runner = new JobRunner(t.app.ctx, { workerId: 'worker-a', retryBaseMs: 60_000, leaseMs: 60_000 });
    other = new JobRunner(t.app.ctx, { workerId: 'worker-b', retryBaseMs: 60_000, leaseMs: 60_000 });
  }, 60_000);
  afterAll(async () => t.close());

  const db = () => t.app.ctx.db;
  /** Time passes: the job (or its lease) is due now. */
  const makeDue = (id: string) => db().update(jobs).set({ runAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, id));
  const expireLease = (id: string) => db().update(jobs).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(jobs.id, id));

  it('retries a failed job after an exponential backoff, then succeeds', async () => {
    flakyFailures = 2;
    const id = await enqueueJob(t.app.ctx, db(), { type: 'test.flaky' });
    expect(await runner.runOnce()).toBe(true);
    let job = (await findJob(db(), id))!;
    expect(job).toMatchObject({ status: 'queued', attempts: 1, lastError: 'transient failure on attempt 1', lockedBy: null });
    const firstDelay = job.runAt.getTime() - job.updatedAt.getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(59_000);
    expect(await runner.runOnce()).toBe(false); // not due yet

    await makeDue(id);
    await runner.runOnce();
    job = (await findJob(db(), id))!;
    expect(job).toMatchObject({ status: 'queued', attempts: 2 });
    expect(job.runAt.getTime() - job.updatedAt.getTime()).toBeGreaterThanOrEqual(119_000); // doubled

    await makeDue(id);
    await runner.runOnce();
    job = (await findJob(db(), id))!;
    expect(job).toMatchObject({ status: 'succeeded', attempts: 3, result: { attempt: 3 }, lockedBy: null, lockedUntil: null });
    expect(job.finishedAt).toBeInstanceOf(Date);
  });

  it('marks a job failed once its attempts are used up', async () => {
    const id = await enqueueJob(t.app.ctx, db(), { type: 'test.always-fails' });
    await runner.runOnce();
    await makeDue(id);
    await runner.runOnce();
    expect(await findJob(db(), id)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'permanent failure' });
    await makeDue(id);
    expect(await runner.runOnce()).toBe(false);
  });

  it('reclaims a job whose worker died once its lease expires, resuming from the checkpoint', async () => {
    processed.length = 0;
    crashGate = { reached: deferred(), release: deferred() };
    const gate = crashGate;
    const id = await enqueueJob(t.app.ctx, db(), { type: 'test.resumable' });
    const dead = runner.runOnce(); // worker A takes the job and stalls after 4 items
    await gate.reached.promise;
    expect(await findJob(db(), id)).toMatchObject({ status: 'running', lockedBy: 'worker-a', checkpoint: { next: 4 }, progressDone: 4 });

    expect(await other.runOnce()).toBe(false); // the lease still holds: nobody else may take it
    await expireLease(id);
    expect(await other.runOnce()).toBe(true); // worker B takes over and finishes from item 4
    expect(processed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await findJob(db(), id)).toMatchObject({ status: 'succeeded', attempts: 2, progressDone: 10, progressTotal: 10, result: { processed: 10 } });

    // Worker A wakes up: its writes are refused and it leaves B's outcome alone.
    gate.release.resolve();
    await dead;
    expect(lateWriteError).toBeInstanceOf(LeaseLostError);
    expect(await findJob(db(), id)).toMatchObject({ status: 'succeeded', progressMessage: 'item 10', lockedBy: null });
  });

  it('refuses a job type no module of the app declares', async () => {
    await expect(enqueueJob(t.app.ctx, db(), { type: 'test.undeclared' })).rejects.toThrow(/unknown job type test.undeclared/);
  });

  it('gives up on a job abandoned more often than its attempts allow', async () => {
    const id = await enqueueJob(t.app.ctx, db(), { type: 'test.noop', maxAttempts: 1 });
    const claimed = await runner.claim(); // worker A claims and dies
    expect(claimed?.id).toBe(id);
    await expireLease(id);
    expect(await other.runOnce()).toBe(true);
    expect(await findJob(db(), id)).toMatchObject({ status: 'failed', attempts: 2, lastError: expect.stringMatching(/abandoned/) });
  });

  it('enqueues each run of a schedule once across instances, and not while the previous run is pending', async () => {
    await upsertSchedule(db(), 'test.every-minute', { type: 'test.noop', everyMs: 60_000, payload: { purpose: 'test' } });
    const [a, b] = await Promise.all([runner.tickSchedules(), other.tickSchedules()]);
    expect(a.length + b.length).toBe(1);
    const first = [...a, ...b][0];
    expect(await findJob(db(), first)).toMatchObject({ type: 'test.noop', payload: { purpose: 'test' }, scheduleName: 'test.every-minute', createdByType: 'system' });
    expect(await runner.tickSchedules()).toEqual([]); // next run is a minute away

    await db().execute(sql`update job_schedules set next_run_at = now() - interval '1 second' where name = 'test.every-minute'`);
    expect(await runner.tickSchedules()).toEqual([]); // the first run has not run yet
    await runner.runOnce();
    await db().execute(sql`update job_schedules set next_run_at = now() - interval '1 second' where name = 'test.every-minute'`);
    const again = await other.tickSchedules();
    expect(again).toHaveLength(1);
    await runner.runOnce();
    const [{ count }] = (await db().execute(sql`select count(*)::int as count from jobs where schedule_name = 'test.every-minute'`) as unknown as { rows: { count: number }[] }).rows;
    expect(count).toBe(2);
  });
});

describe('job event stream and shutdown', { timeout: 60_000 }, () => {
  it('ends open streams when the app closes, instead of waiting for the job', { timeout: 60_000 }, async () => {
    const t = await createTestApp({}, undefined, [TestJobs]);
    const owner = await createCitizen(t.app.ctx);
    const id = await enqueueJob(t.app.ctx, t.app.ctx.db, { type: 'test.noop', createdBy: { kind: 'citizen', citizenId: owner.id, sessionId: 'x' } });
    const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${baseUrl}/api/jobs/${id}/events`, { headers: owner.headers });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: progress');
    await t.close(); // the job is still queued: only the shutdown can end the stream
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).not.toContain('event: done');
  });
});

describe('job routes', { timeout: 60_000 }, () => {
  let t: TestApp;
  let runner: JobRunner;
  let owner: SignedIn;
  let stranger: SignedIn;
  let admin: SignedIn;
  let baseUrl: string;
  beforeAll(async () => {
    t = await createTestApp({}, undefined, [TestJobs]);
    runner = new JobRunner(t.app.ctx, { workerId: 'route-worker', leaseMs: 60_000 });
    owner = await createCitizen(t.app.ctx);
    stranger = await createCitizen(t.app.ctx);
    admin = await createStaff(t.app.ctx, { roles: ['sys_admin'] });
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  }, 60_000);
  afterAll(async () => t.close());

  it('shows a job to whoever started it and to sys_admin, and to nobody else', async () => {
    const id = await enqueueJob(t.app.ctx, t.app.ctx.db, { type: 'test.noop', createdBy: { kind: 'citizen', citizenId: owner.id, sessionId: 'x' } });
    const mine = await t.app.inject({ url: `/api/jobs/${id}`, headers: owner.headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ id, type: 'test.noop', status: 'queued', progress: { done: 0, total: null, message: null } });
    expect(mine.json()).not.toHaveProperty('payload');
    expect((await t.app.inject({ url: `/api/jobs/${id}`, headers: admin.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/jobs/${id}`, headers: stranger.headers })).json().code).toBe('NOT_FOUND');
    expect((await t.app.inject({ url: `/api/jobs/${id}/events`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/jobs/${id}` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/jobs/not-a-uuid', headers: owner.headers })).json().code).toBe('VALIDATION_FAILED');
    await runner.runOnce();
  });

  it('streams progress as Server-Sent Events until the job is done', async () => {
    sseGate = deferred();
    const id = await enqueueJob(t.app.ctx, t.app.ctx.db, { type: 'test.stepped', createdBy: { kind: 'citizen', citizenId: owner.id, sessionId: 'x' } });
    const res = await fetch(`${baseUrl}/api/jobs/${id}/events`, { headers: owner.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const running = runner.runOnce();
    const events: { event: string; data: { status: string; progress: { done: number; message: string | null } } }[] = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body!) {
      buffer += decoder.decode(chunk, { stream: true });
      let sep: number;
      while ((sep = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        events.push({ event, data: JSON.parse(data) });
        // Let the job go on only once the stream has shown step 1.
        if (event === 'progress' && JSON.parse(data).progress.done === 1) sseGate.resolve();
      }
    }
    await running;
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data.progress.done);
    expect(progress).toContain(1);
    expect([...progress].sort()).toEqual(progress); // in order
    expect(events.find((e) => e.data.progress.done === 1)?.data.progress.message).toBe('第一步');
    const last = events[events.length - 1];
    expect(last.event).toBe('done');
    expect(last.data).toMatchObject({ status: 'succeeded', progress: { done: 2 }, result: { ok: true } });
  });

  it('runs jobs of other types beside a long one (each type its own lane), never more of one type than its lane allows', async () => {
    const db = () => t.app.ctx.db;
    const until = async (what: () => Promise<boolean>) => {
      for (let i = 0; i < 400 && !(await what()); i++) await new Promise((r) => setTimeout(r, 25));
      expect(await what()).toBe(true);
    };
    longGate = deferred();
    wideGate = deferred();
    const lanes = new JobRunner(t.app.ctx, { workerId: 'lanes', pollMs: 20, leaseMs: 60_000, concurrency: 4 });
    const firstLong = await enqueueJob(t.app.ctx, db(), { type: 'test.long' });
    const secondLong = await enqueueJob(t.app.ctx, db(), { type: 'test.long' });
    await lanes.start();
    try {
      await until(async () => longStarted.includes(firstLong));
      // While the long job runs: quick jobs (another type) go through, the second long one waits its turn.
      const quickIds = [await enqueueJob(t.app.ctx, db(), { type: 'test.quick' }), await enqueueJob(t.app.ctx, db(), { type: 'test.quick' })];
      await until(async () => (await Promise.all(quickIds.map((id) => findJob(db(), id)))).every((j) => j?.status === 'succeeded'));
      expect(await findJob(db(), firstLong)).toMatchObject({ status: 'running', lockedBy: 'lanes' });
      expect(await findJob(db(), secondLong)).toMatchObject({ status: 'queued' });
      expect(longStarted).toEqual([firstLong]);

      // A type declared two wide runs two at once beside it, never three.
      const wideIds: string[] = [];
      for (let i = 0; i < 3; i++) wideIds.push(await enqueueJob(t.app.ctx, db(), { type: 'test.wide' }));
      await until(async () => wideRunning === 2);
      await new Promise((r) => setTimeout(r, 200)); // several polls: the third stays queued
      expect(wideMax).toBe(2);
      expect((await Promise.all(wideIds.map((id) => findJob(db(), id)))).filter((j) => j?.status === 'queued')).toHaveLength(1);
      wideGate.resolve();
      await until(async () => (await Promise.all(wideIds.map((id) => findJob(db(), id)))).every((j) => j?.status === 'succeeded'));

      longGate.resolve();
      await until(async () => (await findJob(db(), secondLong))?.status === 'succeeded');
      expect(longStarted).toEqual([firstLong, secondLong]);
      expect(await findJob(db(), firstLong)).toMatchObject({ status: 'succeeded' });
    } finally {
      longGate.resolve();
      wideGate.resolve();
      await lanes.stop();
    }
  });
});
