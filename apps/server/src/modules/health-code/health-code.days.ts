/**
 * Days in citizens' reasons. The calendar arithmetic itself (China days, YYYY-MM-DD) is the
 * kernel's: `@fangxian/contracts/kernel`.
 */

/** "3 月 2 日" / "2 Mar" for reasons shown to citizens. */
export function formatDay(day: string, lang: 'zh' | 'en'): string {
  const [, m, d] = day.split('-').map(Number);
  if (lang === 'zh') return `${m} 月 ${d} 日`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d} ${months[m - 1]}`;
}
