/** Route-level code splitting shared by the surfaces. */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A page loaded on first visit (its own chunk of the build): `lazyPage(() => import('./x.page.tsx'), 'XPage')`.
 * Render it inside <Suspense>.
 */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] }));
}
