import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format.ts';

describe('formatDateTime', () => {
  it('shows a timestamp as local date and time with leading zeros', () => {
    const d = new Date(2026, 0, 5, 7, 8, 9);
    expect(formatDateTime(d.toISOString())).toBe('2026-01-05 07:08:09');
  });
  it('shows a dash for nothing or an unreadable value', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('')).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
});
