import { defineEvent, defineState } from '../../platform/modules/module.ts';
import type { Tx } from '../../platform/db/database.ts';

/** The clock of the module in one app: the system time, or a fixed time a test sets (`GovserviceClock.of(ctx).now = …`). */
export interface Clock {
  now: () => Date;
}
export const GovserviceClock = defineState<Clock>('govservice.clock');

/**
 * A merged decision on an application, in its transaction: approved (with the result to render, sign and
 * perhaps ship), rejected, or revoked after a failed inspection. platform/documents and platform/delivery
 * listen (wired after merge); it carries ids, never personal data.
 */
export interface ApplicationDecided {
  tx: Tx;
  applicationId: string;
  number: string;
  regionCode: string;
  citizenId: string;
  itemCode: string;
  decision: 'approved' | 'rejected' | 'revoked';
  resultId: string | null;
  wantsExpress: boolean;
}
export const GovserviceApplicationDecided = defineEvent<ApplicationDecided>('govservice.application.decided');
