import { defineModule } from '../modules/module.ts';
import { EvaluationErrors } from './evaluations.errors.ts';
import { EvaluationActions } from './evaluations.policy.ts';
import { evaluationRoutes } from './evaluations.routes.ts';
import * as tables from './evaluations.tables.ts';

/**
 * What modules use: `recordEvaluation(tx, input, by)` in the transaction where the applicant rates a
 * handling (tickets does, govservice will), `evaluationsOfSource` to show them; the level rules.
 */
export { recordEvaluation, evaluationsOfSource, APPEAL_KIND, type EvaluationInput, type EvaluationRow, type RectificationRow } from './evaluations.service.ts';
export { EVALUATION_LEVELS, LEVEL_NAMES, isBadRating, rectificationDue, RECTIFY_DAYS, type EvaluationLevel } from './evaluations.rules.ts';
export { EvaluationErrors } from './evaluations.errors.ts';

/**
 * 好差评, a platform piece: ratings on the five national levels recorded by the modules that handle
 * (tickets, govservice); a bad rating opens the department's rectification task (整改, deadline, 回访);
 * appeals against malicious ratings go through maker-checker approvals; monthly figures and XLSX.
 */
export const EvaluationsModule = defineModule({
  name: 'evaluations',
  dependsOn: ['identity', 'audit', 'approvals'],
  errors: [EvaluationErrors],
  actions: [EvaluationActions],
  tables,
  routes: evaluationRoutes,
});
