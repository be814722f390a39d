import { todayInChina } from '@fangxian/contracts/kernel';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import { sendNotices, type Notice, type SendSummary } from '../../platform/notifications/index.ts';
import { missingAcrossOrgs } from './checkin.repository.ts';

/** From this hour (China time) the scheduled run reminds every approved organisation's missing members. */
export const REMINDER_HOUR_CHINA = 10;
export const REMIND_JOB = 'checkin.remind-missing';
const CHUNK = 1000;

/** The reminder one missing member gets for one organisation and day; the key makes it once a day whoever sends it. */
export function reminderNotice(org: { id: string; name: string }, citizenId: string, day: string): Notice {
  return {
    recipient: { type: 'citizen', id: citizenId },
    kind: 'checkin.reminder',
    title: { zh: '请完成今日健康打卡', en: 'Please submit today\'s health report' },
    body: { zh: `“${org.name}”提醒您：今日尚未健康打卡。`, en: `"${org.name}" reminds you: you have not reported today.` },
    link: '/m/checkin',
    channels: ['inbox', 'sms'],
    dedupeKey: `reminder:${org.id}:${day}`,
  };
}

/**
 * The scheduled reminder: from REMINDER_HOUR_CHINA on, every active member of an approved organisation
 * without a report today is reminded (inbox + SMS) — once per organisation and day, together with the
 * administrators' manual reminders (same dedupe key), so running it every half hour re-sends nothing.
 * The missing list is one statement; notices go out in chunks of 1000, one transaction each.
 */
export async function remindAllMissing(ctx: AppContext, now: Date = new Date()): Promise<{ day: string; tooEarly: boolean; missing: number } & SendSummary> {
  const day = todayInChina(now);
  const hour = (now.getUTCHours() + 8) % 24;
  const summary: SendSummary = { delivered: 0, duplicate: 0, rateLimited: 0, failed: 0, skipped: 0 };
  if (hour < REMINDER_HOUR_CHINA) return { day, tooEarly: true, missing: 0, ...summary };
  const rows = await missingAcrossOrgs(ctx.db, day);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const s = await ctx.db.transaction((tx) => sendNotices(ctx, tx, part.map((r) => reminderNotice({ id: r.orgId, name: r.orgName }, r.citizenId, day))));
    for (const k of Object.keys(summary) as (keyof SendSummary)[]) summary[k] += s[k];
  }
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor: { kind: 'system', id: REMIND_JOB },
      action: 'checkin.reminder.send',
      subjectType: 'checkin_day',
      detail: { day, missing: rows.length, delivered: summary.delivered, duplicate: summary.duplicate },
    }),
  );
  return { day, tooEarly: false, missing: rows.length, ...summary };
}

/** The scheduled run as a platform job (one instance runs each). */
export const RemindJobType = defineJob(REMIND_JOB, async (run) => remindAllMissing(run.ctx), { maxAttempts: 3 });
export const REMIND_SCHEDULE: ScheduleSpec = { name: REMIND_JOB, type: REMIND_JOB, everyMs: 30 * 60_000 };
