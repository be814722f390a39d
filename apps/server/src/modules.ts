import type { ModuleRoutes } from './platform/http/context.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { jobRoutes } from './platform/jobs/jobs.routes.ts';
import { fileRoutes } from './platform/files/files.routes.ts';
import { identityRoutes } from './platform/identity/identity.routes.ts';
import { apiClientRoutes } from './platform/identity/api-clients.routes.ts';
import { divisionRoutes } from './modules/divisions/index.ts';
import { staffAdminRoutes } from './modules/admin-staff/index.ts';
import { venueRoutes } from './modules/venues/index.ts';
import { epidemicRoutes } from './modules/epidemic/index.ts';
import { healthCodeRoutes } from './modules/health-code/index.ts';

/** Every module's routes, registered under /api in this order. */
export const moduleRoutes: ModuleRoutes[] = [identityRoutes, apiClientRoutes, divisionRoutes, staffAdminRoutes, auditRoutes, jobRoutes, fileRoutes, venueRoutes, epidemicRoutes, healthCodeRoutes];
