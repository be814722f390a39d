import { defineErrors } from '../http/errors.ts';

/** Error codes of sign-in, real-name registration and open-API clients. */
export const IdentityErrors = defineErrors('IDENTITY', {
  IDENTITY_PHONE_INVALID: { status: 400, zh: '请输入正确的中国大陆手机号码', en: 'Enter a valid mainland China mobile number' },
  IDENTITY_OTP_INVALID: { status: 400, zh: '验证码错误或已失效，请重新获取', en: 'The code is wrong or has expired; request a new one' },
  IDENTITY_SIGN_IN_FAILED: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  IDENTITY_ACCOUNT_DISABLED: { status: 403, zh: '账号已停用，请联系管理员', en: 'This account is disabled; contact your administrator' },
  IDENTITY_DOCUMENT_INVALID: { status: 400, zh: '证件号码不正确，请核对后重新输入', en: 'The document number is not valid; check it and try again' },
  IDENTITY_NAME_INVALID: {
    status: 400,
    zh: '姓名只能包含汉字（含生僻字，可用间隔号“·”）或英文字母和空格，不能包含表情符号、数字或 HTML 标记',
    en: 'A name may contain only Chinese characters (rare ones included, with the middle dot ·) or Latin letters and spaces, no emoji, digits or HTML',
  },
  IDENTITY_DIVISION_INVALID: { status: 400, zh: '行政区划代码不正确', en: 'The division code is not valid' },
  IDENTITY_DOCUMENT_IN_USE: { status: 409, zh: '该证件已绑定其他账号', en: 'This document is already linked to another account' },
  IDENTITY_REAL_NAME_LOCKED: { status: 409, zh: '已完成实名认证，如需更换证件请到政务服务中心办理', en: 'Real-name registration is complete; to change the document visit a service centre' },
  IDENTITY_NOT_A_CITIZEN: { status: 403, zh: '仅限市民账号', en: 'Only citizen accounts can do this' },
  IDENTITY_PERMISSION_UNKNOWN: { status: 400, zh: '权限名称不存在', en: 'Unknown permission name' },
  IDENTITY_PASSWORD_RESET_REQUIRED: { status: 403, zh: '管理员要求修改密码，请先设置新密码', en: 'Your administrator requires a new password: set one first' },
  IDENTITY_PASSWORD_WEAK: { status: 400, zh: '新密码不符合要求', en: 'The new password does not meet the rules' },
  IDENTITY_COMMITMENT_REQUIRED: { status: 403, zh: '请先阅读并签署保密承诺书', en: 'Read and sign the confidentiality commitment first' },
  IDENTITY_COMMITMENT_OUTDATED: { status: 409, zh: '保密承诺书已更新，请阅读新版本后签署', en: 'The confidentiality commitment has changed: read the new version and sign it' },
  IDENTITY_COMMITMENT_SCOPE_TOO_NARROW: { status: 403, zh: '保密承诺书文本须由市级及以上管理员修改和审核', en: 'Only administrators of a city or wider change the commitment text' },
  IDENTITY_COMMITMENT_CHANGED: { status: 409, zh: '提出后已发布了另一版本，请基于当前版本重新提出', en: 'Another version was published since this was proposed; propose it again from the current one' },
  IDENTITY_COMMITMENT_STAFF_ONLY: { status: 403, zh: '仅工作人员需要签署保密承诺书', en: 'Only staff accounts sign the confidentiality commitment' },
  IDENTITY_SMS_OUTBOX_OFF: { status: 404, zh: '已接入短信网关，内置发件箱不可查看', en: 'An SMS gateway is configured: the built-in outbox cannot be read' },
});
