import { describe, expect, it } from 'vitest';
import { activePage, pagesFor } from './navigation.ts';
import type { StaffRole } from '../shared/api/types.ts';

const pages: { path: string; roles?: StaffRole[] }[] = [
  { path: '/' },
  { path: '/staff', roles: ['sys_admin'] },
  { path: '/staff-reports', roles: ['big_data'] },
  { path: '/audit', roles: ['sys_admin', 'supervision'] },
];

describe('pagesFor', () => {
  it('shows each role only the pages it may open', () => {
    expect(pagesFor(pages, ['sys_admin']).map((p) => p.path)).toEqual(['/', '/staff', '/audit']);
    expect(pagesFor(pages, ['supervision']).map((p) => p.path)).toEqual(['/', '/audit']);
    expect(pagesFor(pages, ['venue_staff']).map((p) => p.path)).toEqual(['/']);
  });
});

describe('activePage', () => {
  it('picks the page whose path is the longest prefix, on segment boundaries', () => {
    expect(activePage(pages, '/')?.path).toBe('/');
    expect(activePage(pages, '/staff')?.path).toBe('/staff');
    expect(activePage(pages, '/staff/123')?.path).toBe('/staff');
    expect(activePage(pages, '/staff-reports')?.path).toBe('/staff-reports');
    expect(activePage(pages, '/unknown')).toBeUndefined();
  });
});
