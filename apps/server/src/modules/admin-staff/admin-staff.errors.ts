import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of staff administration. */
export const StaffAdminErrors = defineErrors({
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'This username is already taken' },
  PASSWORD_WEAK: { status: 400, zh: '密码至少10位，须同时包含字母和数字，且不能包含用户名', en: 'Passwords need at least 10 characters with letters and digits, and must not contain the username' },
  VENUE_REQUIRED: { status: 400, zh: '场所工作人员必须关联一个场所', en: 'Venue staff accounts must belong to a venue' },
  CANNOT_MODIFY_SELF: { status: 409, zh: '不能停用自己的账号或移除自己的管理员角色', en: 'You cannot disable your own account or remove your own administrator role' },
});
