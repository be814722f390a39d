import { describe, expect, it } from 'vitest';
import { activePage, pagesFor } from './navigation.ts';

const pages: { path: string; action?: string }[] = [
  { path: '/' },
  { path: '/staff', action: 'admin-staff.staff.list' },
  { path: '/staff-reports', action: 'reports.staff-report.read' },
  { path: '/audit', action: 'audit.trail.search' },
];

describe('pagesFor', () => {
  it('shows each user only the pages whose action the server granted', () => {
    expect(pagesFor(pages, ['admin-staff.staff.list', 'audit.trail.search']).map((p) => p.path)).toEqual(['/', '/staff', '/audit']);
    expect(pagesFor(pages, ['audit.trail.search']).map((p) => p.path)).toEqual(['/', '/audit']);
    expect(pagesFor(pages, []).map((p) => p.path)).toEqual(['/']);
  });

  it('needs the surface\'s own action on every page, home included', () => {
    const base = ['venues.own-venue.read'];
    expect(pagesFor(pages, ['audit.trail.search'], base).map((p) => p.path)).toEqual([]);
    expect(pagesFor(pages, ['venues.own-venue.read', 'audit.trail.search'], base).map((p) => p.path)).toEqual(['/', '/audit']);
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
