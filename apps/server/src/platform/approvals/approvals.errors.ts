import { defineErrors } from '../http/errors.ts';

/** Error codes of maker-checker approvals. */
export const ApprovalErrors = defineErrors('APPROVALS', {
  APPROVALS_NOT_PENDING: { status: 409, zh: '该申请已处理', en: 'This proposal has already been decided' },
  APPROVALS_EXPIRED: { status: 409, zh: '该申请已过期，请重新提交', en: 'This proposal has expired; propose it again' },
  APPROVALS_REASON_REQUIRED: { status: 400, zh: '驳回须填写驳回原因', en: 'Give a reason when rejecting' },
  APPROVALS_SAME_OFFICER: { status: 409, zh: '须由另一名工作人员审核', en: 'A different officer must approve this' },
});
