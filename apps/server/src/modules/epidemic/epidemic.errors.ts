import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of the epidemic registries. */
export const EpidemicErrors = defineErrors('EPIDEMIC', {
  EPIDEMIC_DIVISION_UNKNOWN: { status: 400, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
  EPIDEMIC_DATES_INVALID: { status: 400, zh: '日期不正确（结束日期不能早于开始日期）', en: 'The dates are not valid (the end may not be before the start)' },
  EPIDEMIC_DOCUMENT_INVALID: { status: 400, zh: '证件号码不正确', en: 'The document number is not valid' },
  EPIDEMIC_BATCH_EMPTY: { status: 400, zh: '批量变更中没有可登记的记录', en: 'No entry of the bulk change can be recorded' },
  EPIDEMIC_ALREADY_VOIDED: { status: 409, zh: '该记录已作废', en: 'This record has already been voided' },
});
