/**
 * The built-in public-holiday schedules (全国年节及纪念日放假办法 as published each year by the General
 * Office of the State Council). Loaded into `calendar_days` at start-up for a year that has no rows yet;
 * after that the table, edited by a system administrator, is the truth.
 *
 * 2026: 国务院办公厅关于2026年部分节假日安排的通知 (official).
 * 2027: only the statutory holidays themselves (元旦, 春节 4 days, 清明, 劳动节 2 days, 端午, 中秋, 国庆 3 days)
 * on their known dates, marked `provisional`: the make-up working days and bridged days are set by the
 * notice published late in the previous year, which an officer must enter (docs/govservice.md).
 */
export interface ScheduledDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

const range = (from: string, to: string, name: string): ScheduledDay[] => {
  const out: ScheduledDay[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push({ day: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return out;
};
const workday = (day: string, name: string): ScheduledDay => ({ day, kind: 'workday', name });

export const SCHEDULES: Readonly<Record<number, { source: 'official' | 'provisional'; days: readonly ScheduledDay[] }>> = {
  2026: {
    source: 'official',
    days: [
      ...range('2026-01-01', '2026-01-03', '元旦'),
      workday('2026-01-04', '元旦调休上班'),
      workday('2026-02-14', '春节调休上班'),
      ...range('2026-02-15', '2026-02-23', '春节'),
      workday('2026-02-28', '春节调休上班'),
      ...range('2026-04-04', '2026-04-06', '清明节'),
      ...range('2026-05-01', '2026-05-05', '劳动节'),
      workday('2026-05-09', '劳动节调休上班'),
      ...range('2026-06-19', '2026-06-21', '端午节'),
      workday('2026-09-20', '国庆节调休上班'),
      ...range('2026-09-25', '2026-09-27', '中秋节'),
      ...range('2026-10-01', '2026-10-07', '国庆节'),
      workday('2026-10-10', '国庆节调休上班'),
    ],
  },
  2027: {
    source: 'provisional',
    days: [
      ...range('2027-01-01', '2027-01-01', '元旦'),
      ...range('2027-02-05', '2027-02-08', '春节'),
      ...range('2027-04-05', '2027-04-05', '清明节'),
      ...range('2027-05-01', '2027-05-02', '劳动节'),
      ...range('2027-06-09', '2027-06-09', '端午节'),
      ...range('2027-09-15', '2027-09-15', '中秋节'),
      ...range('2027-10-01', '2027-10-03', '国庆节'),
    ],
  },
};
