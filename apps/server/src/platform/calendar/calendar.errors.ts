import { defineErrors } from '../http/errors.ts';

/** Error codes of the working-day calendar. */
export const CalendarErrors = defineErrors('CALENDAR', {
  CALENDAR_DAY_INVALID: { status: 400, zh: '日期不是有效的公历日期（YYYY-MM-DD）', en: 'The day is not a real date (YYYY-MM-DD)' },
  CALENDAR_WORKDAY_ON_WEEKDAY: { status: 400, zh: '调休上班日只能设在周六或周日', en: 'A make-up working day must be a Saturday or Sunday' },
});
