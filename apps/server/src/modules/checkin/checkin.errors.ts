import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of organisations and the daily check-in. */
export const CheckinErrors = defineErrors('CHECKIN', {
  CHECKIN_CREDIT_CODE_INVALID: { status: 400, zh: '统一社会信用代码不正确（校验位不符）', en: 'The unified social credit code is not valid (check character mismatch)' },
  CHECKIN_CREDIT_CODE_TAKEN: { status: 409, zh: '该统一社会信用代码的单位已登记', en: 'An organisation with this unified social credit code is already registered' },
  CHECKIN_DIVISION_INVALID: { status: 400, zh: '行政区划代码不正确', en: 'The division code is not valid' },
  CHECKIN_ORG_NOT_PENDING: { status: 409, zh: '该单位已审核', en: 'This organisation has already been reviewed' },
  CHECKIN_REJECTION_REASON_REQUIRED: { status: 400, zh: '不通过须填写原因', en: 'Give a reason when not approving' },
  CHECKIN_ORG_NOT_APPROVED: { status: 409, zh: '该单位尚未通过审核', en: 'This organisation has not been approved' },
  CHECKIN_INVITE_CODE_UNKNOWN: { status: 404, zh: '邀请码无效', en: 'This invitation code is not valid' },
  CHECKIN_ALREADY_MEMBER: { status: 409, zh: '您已是该单位成员', en: 'You are already a member of this organisation' },
  CHECKIN_NOT_MEMBER: { status: 404, zh: '您不是该单位成员', en: 'You are not a member of this organisation' },
  CHECKIN_NOT_ADMIN: { status: 403, zh: '仅单位管理员可操作', en: 'Only the organisation\'s administrators may do this' },
  CHECKIN_LAST_ADMIN: { status: 409, zh: '您是该单位唯一的管理员，不能退出', en: 'You are the organisation\'s only administrator and cannot leave' },
  CHECKIN_TEMPERATURE_INVALID: { status: 400, zh: '体温须在34.0至43.0℃之间，最多一位小数', en: 'The temperature must be between 34.0 and 43.0 °C with at most one decimal' },
  CHECKIN_SYMPTOM_INVALID: { status: 400, zh: '症状不在可选范围内或重复', en: 'A symptom is not on the list, or is repeated' },
  CHECKIN_DAY_INVALID: { status: 400, zh: '日期不正确', en: 'The day is not valid' },
  CHECKIN_IMPORT_FILE_INVALID: { status: 400, zh: '请上传成员导入模板格式的 XLSX 文件（首行为表头，最多5000行）', en: 'Upload an XLSX file in the member import template\'s format (a header row, at most 5000 rows)' },
  CHECKIN_REAL_NAME_REQUIRED: { status: 409, zh: '请先完成实名认证', en: 'Complete your real-name profile first' },
  CHECKIN_EXTRA_FIELD_INVALID: { status: 400, zh: '单位附加项填写不正确', en: 'An answer to an organisation\'s extra question is not valid' },
  CHECKIN_DEPARTMENT_UNKNOWN: { status: 404, zh: '部门不存在', en: 'This department does not exist' },
  CHECKIN_DEPARTMENT_TAKEN: { status: 409, zh: '同级已有同名部门', en: 'A department of that name already exists at this level' },
  CHECKIN_DEPARTMENT_TOO_DEEP: { status: 400, zh: '部门层级过深（最多6级）', en: 'Departments nest at most 6 levels deep' },
  CHECKIN_DEPARTMENT_CYCLE: { status: 400, zh: '不能把部门移到它自己或它的下级部门之下', en: 'A department cannot be moved under itself or one of its sub-departments' },
  CHECKIN_DEPARTMENT_NOT_EMPTY: { status: 409, zh: '该部门还有成员或下级部门，请先移走后再删除', en: 'This department still has members or sub-departments; move them elsewhere before deleting it' },
  CHECKIN_MEMBERS_UNKNOWN: { status: 404, zh: '所选人员中有不是本单位成员的（可能已退出），请刷新后重试', en: 'Some of the selected people are not members of this organisation (they may have left); reload and try again' },
  CHECKIN_DEPARTMENT_MOVE_TARGET_INVALID: { status: 400, zh: '成员不能移到正要删除的部门', en: 'Members cannot be moved to the department being deleted' },
});
