import { todayInChina } from '@fangxian/contracts/kernel';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import type { ScheduleSpec } from '../../platform/modules/module.ts';
import { sendNotices, type Notice, type NoticeTemplate, type SendSummary } from '../../platform/notifications/index.ts';
import { approvedOrgWindows, missingAcrossOrgs } from './checkin.repository.ts';
import { reminderDue } from './checkin.rules.ts';

export const REMIND_JOB = 'checkin.remind-missing';
const CHUNK = 1000;

/** The reminder one missing member gets for one organisation and day; the key makes it once a day whoever sends it. */
export function reminderNotice(org: { id: string; name: string }, citizenId: string, day: string): Notice {
  return {
    recipient: { type: 'citizen', id: citizenId },
    kind: 'checkin.reminder',
    params: { org: org.name },
    link: '/m/checkin',
    channels: ['inbox', 'sms'],
    dedupeKey: `reminder:${org.id}:${day}`,
  };
}

/**
 * The scheduled reminder, per organisation: an approved organisation whose reminder is due (from its
 * `remindBeforeMinutes` before its deadline until the deadline, not before its window opens) has its
 * active members without a report today reminded (inbox + SMS) — once per organisation and day,
 * together with the administrators' manual reminders (same dedupe key), so running it every
 * ten minutes re-sends nothing. The missing list is one statement; notices go out in chunks of
 * 1000, one transaction each.
 */
export async function remindAllMissing(ctx: AppContext, now: Date = new Date()): Promise<{ day: string; tooEarly: boolean; orgs: number; missing: number } & SendSummary> {
  const day = todayInChina(now);
  const summary: SendSummary = { delivered: 0, duplicate: 0, rateLimited: 0, failed: 0, skipped: 0, muted: 0, pending: 0 };
  const due = (await approvedOrgWindows(ctx.db)).filter((o) => reminderDue(o, now));
  if (due.length === 0) return { day, tooEarly: true, orgs: 0, missing: 0, ...summary };
  const rows = await missingAcrossOrgs(ctx.db, day, due.map((o) => o.id));
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const s = await ctx.db.transaction((tx) => sendNotices(ctx, tx, part.map((r) => reminderNotice({ id: r.orgId, name: r.orgName }, r.citizenId, day))));
    for (const k of Object.keys(summary) as (keyof SendSummary)[]) summary[k] = (summary[k] ?? 0) + (s[k] ?? 0);
  }
  await ctx.db.transaction((tx) =>
    appendAudit(tx, {
      actor: { kind: 'system', id: REMIND_JOB },
      action: 'checkin.reminder.send',
      subjectType: 'checkin_day',
      detail: { day, orgs: due.length, missing: rows.length, delivered: summary.delivered, duplicate: summary.duplicate },
    }),
  );
  return { day, tooEarly: false, orgs: due.length, missing: rows.length, ...summary };
}

/** The scheduled run as a platform job (one instance runs each). */
export const RemindJobType = defineJob(REMIND_JOB, async (run) => remindAllMissing(run.ctx), { maxAttempts: 3 });
export const REMIND_SCHEDULE: ScheduleSpec = { name: REMIND_JOB, type: REMIND_JOB, everyMs: 10 * 60_000 };

/** The message kinds check-in sends, with their templates (the notification centre's registry). */
export const CheckinTemplates: NoticeTemplate[] = [
  {
    kind: 'checkin.reminder',
    description: { zh: '每日健康打卡提醒（截止前）', en: 'Daily health report reminder (before the deadline)' },
    title: { zh: '请完成今日健康打卡', en: 'Please submit today\'s health report' },
    body: { zh: '“{org}”提醒您：今日尚未健康打卡。', en: '"{org}" reminds you: you have not reported today.' },
  },
  {
    kind: 'checkin.abnormal',
    description: { zh: '成员打卡异常提醒（单位管理员）', en: 'A member reported abnormal (organisation administrators)' },
    title: { zh: '成员健康打卡异常', en: 'A member reported abnormal' },
    body: { zh: '“{org}”有成员今日打卡异常，请查看今日打卡情况。', en: 'A member of "{org}" reported abnormal today; see today\'s check-ins.' },
    mandatory: ['inbox'],
  },
  {
    kind: 'checkin.invitation',
    description: { zh: '单位邀请加入', en: 'Invitation from an organisation' },
    title: { zh: '单位邀请您加入每日健康打卡', en: 'Invitation to daily health check-in' },
    body: { zh: '“{org}”邀请您加入，接受后您的每日健康打卡将共享给该单位。', en: '"{org}" invites you; once you accept, your daily health reports are shared with it.' },
  },
  {
    kind: 'checkin.org-decision',
    description: { zh: '单位登记审核结果', en: 'Organisation registration decision' },
    title: { zh: '单位登记审核结果', en: 'Organisation registration decision' },
    body: { zh: '“{org}”：{decision}', en: '"{org}": {decision}' },
  },
  {
    kind: 'checkin.promoted',
    description: { zh: '被设为单位管理员', en: 'Made an organisation administrator' },
    title: { zh: '您已成为单位管理员', en: 'You are now an administrator' },
    body: { zh: '您已被设为“{org}”的每日打卡管理员。', en: 'You were made a check-in administrator of "{org}".' },
  },
];
