/** The health code as other modules see it. */
export { currentCodeFor, doorCodeOf, heldDoorCode, onFactsChanged, recordFact, recomputeCode, sweepDueCodes, type CurrentCode, type DoorCode, type Cause } from './health-code.service.ts';
export { verifyCodeToken, decisionFor, type VerifyResult } from './health-code.verify.ts';
export { registerFactSource, type FactLoader, type FactContext, type FactContribution, type DisputableFact } from './health-code.facts.ts';
export type { Colour, Facts, Rule, Evaluation } from './health-code.types.ts';
export { healthCodeRoutes } from './health-code.routes.ts';
