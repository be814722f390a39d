import { addDays } from '@fangxian/contracts/kernel';
import { batchFactSource, byCitizen, formatDay, type FactContribution } from '../health-code/index.ts';
import { reportsOfPeopleSince } from './checkin.repository.ts';
import { normalStreak } from './checkin.rules.ts';

/**
 * Daily check-in reports as health-code facts (a fact source like screening's and tracing's):
 * - each report is a temperature record with its symptoms, so the colour rules that read fever,
 *   symptoms, missing temperature days and consecutive normal days (7 / 14) read check-ins too;
 * - `ext:checkin.abnormal`: the latest abnormal report's reasons, dated its day (a rule set may colour it);
 * - `ext:checkin.normalDays`: consecutive normal check-in days ending today (or yesterday).
 * A report the citizen disputes and an officer sets aside (纠错) is skipped. One query per batch.
 */
export const CheckinFacts = batchFactSource('checkin', async ({ db, persons, since, today, isExcluded }) => {
  const result = new Map<string, FactContribution>();
  const rows = await reportsOfPeopleSince(db, persons.map((p) => p.citizenId), addDays(since, 0));
  for (const [citizenId, mine] of byCitizen(rows, (r) => r.citizenId)) {
    const kept = mine.filter((r) => !isExcluded(citizenId, 'checkin_report', `${citizenId}:${r.day}`) && r.day <= today);
    if (kept.length === 0) continue;
    const lastAbnormal = [...kept].reverse().find((r) => r.abnormal);
    const streak = normalStreak(new Map(kept.map((r) => [r.day, r.abnormal])), today);
    result.set(citizenId, {
      temperatures: kept.map((r) => ({ day: r.day, celsius: r.temperature, symptoms: r.symptoms })),
      extra: {
        ...(lastAbnormal ? { 'checkin.abnormal': { value: lastAbnormal.abnormalReasons, day: lastAbnormal.day, label: { zh: '每日健康打卡异常', en: 'Abnormal daily health report' } } } : {}),
        'checkin.normalDays': { value: streak, day: today, label: { zh: '连续正常打卡天数', en: 'Consecutive normal check-in days' } },
      },
      disputable: kept.filter((r) => r.abnormal).map((r) => ({
        type: 'checkin_report',
        id: `${citizenId}:${r.day}`,
        day: r.day,
        summary: {
          zh: `每日健康打卡 ${formatDay(r.day, 'zh')}：${r.temperature.toFixed(1)}℃（异常）`,
          en: `Daily health report ${formatDay(r.day, 'en')}: ${r.temperature.toFixed(1)} °C (abnormal)`,
        },
      })),
    });
  }
  return result;
});
