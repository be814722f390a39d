import { contribute, defineModule, provide } from '../../platform/modules/module.ts';
import { NoticeTemplates } from '../../platform/notifications/index.ts';
import { HealthCodeNoticeListeners, HealthCodeTemplates } from './health-code.notices.ts';
import { AreaRecomputeJobType, EpidemicListeners } from './health-code.epidemic-listener.ts';
import { HealthCodeErrors } from './health-code.errors.ts';
import { DeclarationFacts, HealthCodeFactSources, PersonStatusFacts, QuarantineFacts, RecordedFacts } from './health-code.facts.ts';
import { sweepSchedules } from './health-code.jobs.ts';
import { HealthCodeActions } from './health-code.policy.ts';
import { healthCodeRoutes } from './health-code.routes.ts';
import { DryRunJobType, RulesRecomputeJobType } from './health-code.rulesets.ts';
import { CodeCachesState, createCodeCaches, SweepJobType } from './health-code.service.ts';
import { createSigningState, SigningStateKey } from './health-code.signing.ts';
import { startHealthCode } from './health-code.start.ts';
import * as tables from './health-code.tables.ts';

/** The health code as other modules see it. */
export { currentCodeFor, doorCodeOf, heldDoorCode, onFactsChanged, onVisitRecorded, recordFact, recomputeCode, sweepDueCodes, type CurrentCode, type DoorCode, type Cause } from './health-code.service.ts';
export { verifyCodeToken, HealthCodeDoorChecks, type VerifyResult, type DoorCheck, type DoorCheckRecorder } from './health-code.verify.ts';
export { HealthCodeFactSources, factSource, batchFactSource, byCitizen, type FactSource, type FactContext, type BatchFactContext, type FactContribution, type DisputableFact } from './health-code.facts.ts';
export { formatDay } from './health-code.days.ts';
export { HealthCodeColourChanged, HealthCodeOverrideDecided, HealthCodeCorrectionDecided } from './health-code.events.ts';
export type { Colour, Facts, Rule, Evaluation } from './health-code.types.ts';
export { HealthCodeErrors };

/**
 * The health-code module: declarations, colour rules as versioned data, signed QR tokens and their
 * verification, corrections and overrides. Facts reach it through HealthCodeFactSources (its own
 * sources below; venues contributes scans), registry changes through the epidemic module's events;
 * it imports no module that depends on it.
 */
export const HealthCodeModule = defineModule({
  name: 'health-code',
  dependsOn: ['identity', 'audit', 'divisions', 'jobs', 'epidemic', 'approvals', 'notifications'],
  errors: [HealthCodeErrors],
  actions: [HealthCodeActions],
  tables,
  jobs: [SweepJobType, DryRunJobType, AreaRecomputeJobType, RulesRecomputeJobType],
  schedules: sweepSchedules,
  contributes: [
    contribute(HealthCodeFactSources, DeclarationFacts),
    contribute(HealthCodeFactSources, PersonStatusFacts),
    contribute(HealthCodeFactSources, QuarantineFacts),
    contribute(HealthCodeFactSources, RecordedFacts),
    ...HealthCodeTemplates.map((t) => contribute(NoticeTemplates, t)),
  ],
  listeners: [...EpidemicListeners, ...HealthCodeNoticeListeners],
  state: [provide(CodeCachesState, createCodeCaches), provide(SigningStateKey, createSigningState)],
  onStart: startHealthCode,
  routes: healthCodeRoutes,
});
