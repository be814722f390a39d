import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of staff administration. */
export const StaffAdminErrors = defineErrors('ADMIN_STAFF', {
  ADMIN_STAFF_USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'This username is already taken' },
  ADMIN_STAFF_PASSWORD_WEAK: { status: 400, zh: '密码至少10位，须同时包含字母和数字，且不能包含用户名', en: 'Passwords need at least 10 characters with letters and digits, and must not contain the username' },
  ADMIN_STAFF_DIVISION_INVALID: { status: 400, zh: '行政区划代码不正确', en: 'The division code is not valid' },
  ADMIN_STAFF_VENUE_REQUIRED: { status: 400, zh: '场所工作人员必须关联一个场所', en: 'Venue staff accounts must belong to a venue' },
  ADMIN_STAFF_TEXT_INVALID: {
    status: 400,
    zh: '姓名和部门只能使用可打印的文字、数字和标点，不能包含表情符号、HTML 标记或控制字符',
    en: 'Names and departments may use printable letters, digits and punctuation only, no emoji, HTML or control characters',
  },
  ADMIN_STAFF_CANNOT_MODIFY_SELF: { status: 409, zh: '不能停用自己的账号或移除自己的管理员角色', en: 'You cannot disable your own account or remove your own administrator role' },
});
