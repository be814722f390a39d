import type { ModuleManifest } from './platform/modules/module.ts';
import { IdentityModule } from './platform/identity/index.ts';
import { DivisionsModule } from './platform/divisions/index.ts';
import { AuditModule } from './platform/audit/index.ts';
import { JobsModule } from './platform/jobs/index.ts';
import { FilesModule } from './platform/files/index.ts';
import { ApprovalsModule } from './platform/approvals/index.ts';
import { NotificationsModule } from './platform/notifications/index.ts';
import { DocumentsModule } from './platform/documents/index.ts';
import { DeliveryModule } from './platform/delivery/index.ts';
import { EvaluationsModule } from './platform/evaluations/index.ts';
import { CalendarModule } from './platform/calendar/index.ts';
import { AdminStaffModule } from './modules/admin-staff/index.ts';
import { EpidemicModule } from './modules/epidemic/index.ts';
import { HealthCodeModule } from './modules/health-code/index.ts';
import { VenuesModule } from './modules/venues/index.ts';
import { ScreeningModule } from './modules/screening/index.ts';
import { TicketsModule } from './modules/tickets/index.ts';
import { TracingModule } from './modules/tracing/index.ts';
import { CheckinModule } from './modules/checkin/index.ts';
import { HallModule } from './modules/hall/index.ts';
import { GovserviceModule } from './modules/govservice/index.ts';

/**
 * Every module of the application: the platform pieces, then the domain modules. buildApp orders
 * them by their `dependsOn` (keeping this order otherwise), then registers what each declares.
 * Adding a module is adding its manifest here (docs/DEVELOPING.md "Adding a module").
 */
export const appModules: readonly ModuleManifest[] = [
  IdentityModule,
  DivisionsModule,
  AuditModule,
  JobsModule,
  FilesModule,
  ApprovalsModule,
  NotificationsModule,
  DocumentsModule,
  DeliveryModule,
  EvaluationsModule,
  CalendarModule,
  AdminStaffModule,
  EpidemicModule,
  HealthCodeModule,
  VenuesModule,
  ScreeningModule,
  TicketsModule,
  TracingModule,
  CheckinModule,
  HallModule,
  GovserviceModule,
];
