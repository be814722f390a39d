/** Display formats shared by the surfaces. */

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-11-23 14:05:09 in the browser's time zone; '—' for nothing or an unreadable value. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
