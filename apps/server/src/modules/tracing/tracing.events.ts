import type { Principal } from '../../platform/access/principal.ts';
import { defineEvent } from '../../platform/modules/module.ts';

/**
 * Published after an officer's decision on a co-presence candidate has committed: the hand-off to
 * whoever follows contacts up (a screening task, a follow-up list). Carries ids and the exposure, no
 * personal data: a listener reads the person through its own means and scope.
 */
export const TracingContactDecided = defineEvent<{
  contactId: string;
  caseId: string;
  citizenId: string;
  decision: 'confirmed' | 'dismissed';
  level: 'close' | 'secondary' | 'general' | null;
  lastExposureAt: Date | null;
  regionCode: string;
  /** The county whose worklist follows the contact up (their household county, else the case's region). */
  assignedRegion: string;
  /** Last day of the follow-up period (null: not followed up — dismissed or a general contact). */
  followUntil: string | null;
  actor: Principal;
}>('tracing.contact.decided');
