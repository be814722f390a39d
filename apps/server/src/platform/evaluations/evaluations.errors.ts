import { defineErrors } from '../http/errors.ts';

/** Error codes of 好差评. */
export const EvaluationErrors = defineErrors('EVALUATIONS', {
  EVALUATIONS_ALREADY_RATED: { status: 409, zh: '该次办理已评价', en: 'This handling has already been rated' },
  EVALUATIONS_LEVEL_INVALID: { status: 400, zh: '评价须为五级之一：非常满意、满意、基本满意、不满意、非常不满意', en: 'A rating is one of the five levels, very satisfied to very dissatisfied' },
  EVALUATIONS_NOT_RECTIFIABLE: { status: 409, zh: '该整改任务当前状态下不能执行此操作', en: 'This is not possible in the rectification task\'s current status' },
  EVALUATIONS_NOT_YOUR_DEPARTMENT: { status: 403, zh: '只有被评价部门可以整改或申诉', en: 'Only the rated department may rectify or appeal' },
  EVALUATIONS_APPEAL_NOT_ALLOWED: { status: 409, zh: '只能对差评申诉，且每条评价只能申诉一次', en: 'Only a bad rating may be appealed, and only once' },
  EVALUATIONS_MONTH_INVALID: { status: 400, zh: '月份格式应为 YYYY-MM', en: 'A month is written YYYY-MM' },
});
