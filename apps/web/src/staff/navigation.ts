/** Navigation entries of a staff surface (console, venue portal): one list drives menu, routes and shortcuts. */
import type { ReactNode } from 'react';
import type { StaffRole } from '../shared/api/types.ts';
import { hasAnyRole } from '../shared/session/guards.tsx';

export interface NavPage {
  key: string;
  /** Path under the surface's basename; '/' is the surface's home. */
  path: string;
  icon: ReactNode;
  /** Namespaced translation key, e.g. 'console:nav.staff'. */
  labelKey: string;
  /** Who may open it; none = every staff member. Mirrors the server's policies (the server still decides). */
  roles?: StaffRole[];
  /** Menu section key; pages without one are listed first. */
  section?: string;
  element: ReactNode;
}

export interface NavSection {
  key: string;
  labelKey: string;
}

/** The pages a user with these roles may open. */
export function pagesFor<P extends Pick<NavPage, 'roles'>>(pages: readonly P[], roles: readonly StaffRole[]): P[] {
  return pages.filter((page) => hasAnyRole(roles, page.roles));
}

/** The page whose path is the longest prefix of the location (the active menu entry). */
export function activePage<P extends Pick<NavPage, 'path'>>(pages: readonly P[], pathname: string): P | undefined {
  return pages
    .filter((p) => (p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(`${p.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
