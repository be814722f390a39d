/** Navigation entries of a staff surface (console, venue portal): one list drives menu, routes and shortcuts. */
import { createContext, lazy, useContext, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { mayPerform } from '../shared/session/permissions.ts';

export interface NavPage {
  key: string;
  /** Path under the surface's basename; '/' is the surface's home. */
  path: string;
  icon: ReactNode;
  /** Namespaced translation key, e.g. 'console:nav.staff'. */
  labelKey: string;
  /**
   * The policy action the page needs (the one its list or main read performs); none = every staff
   * member. Shown only when the server lists it in `me.actions`; the server still checks each request.
   */
  action?: string;
  /** Menu section key; pages without one are listed first. */
  section?: string;
  element: ReactNode;
}

export interface NavSection {
  key: string;
  labelKey: string;
}

/** The actions a page needs: the surface's own (`base`, e.g. the venue portal's) and its entry's. */
export function actionsOf(page: Pick<NavPage, 'action'>, base: readonly string[] = []): string[] {
  return page.action ? [...base, page.action] : [...base];
}

/** The pages a user the server granted these actions may open. */
export function pagesFor<P extends Pick<NavPage, 'action'>>(pages: readonly P[], granted: readonly string[], base: readonly string[] = []): P[] {
  return pages.filter((page) => mayPerform(granted, actionsOf(page, base)));
}

/** The page whose path is the longest prefix of the location (the active menu entry). */
export function activePage<P extends Pick<NavPage, 'path'>>(pages: readonly P[], pathname: string): P | undefined {
  return pages
    .filter((p) => (p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(`${p.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** The pages the signed-in user may open, as the surface's layout computed them (for shortcuts on a page). */
export const AllowedPagesContext = createContext<readonly NavPage[]>([]);

/** The pages the signed-in user may open on this surface. */
export function useAllowedPages(): readonly NavPage[] {
  return useContext(AllowedPagesContext);
}

/**
 * A page loaded on first visit (its own chunk of the build): `lazyPage(() => import('./x.page.tsx'), 'XPage')`.
 * The surface renders pages inside <Suspense> (PageBoundary in staff-shell.tsx), so the menu and layout stay while one loads.
 * The page keeps its export's own props (`<StaffInboxPage surface="venue" />`).
 */
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(load: () => Promise<M>, name: K): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}
