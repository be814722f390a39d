import type { ModuleRoutes } from './platform/http/context.ts';

/** Every module's routes, registered under /api in this order. */
export const moduleRoutes: ModuleRoutes[] = [];
