import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of venues, place codes and scans. */
export const VenueErrors = defineErrors('VENUES', {
  VENUES_DIVISION_INVALID: { status: 400, zh: '场所所在区县代码不正确', en: 'The venue\'s county division code is not valid' },
  VENUES_NAME_INVALID: {
    status: 400,
    zh: '场所名称只能使用可打印的文字、数字和标点，不能包含表情符号、HTML 标记或控制字符',
    en: 'A venue name may use printable letters, digits and punctuation only, no emoji, HTML or control characters',
  },
  VENUES_CONTACT_NAME_INVALID: {
    status: 400,
    zh: '联系人姓名只能包含汉字（含生僻字，可用间隔号“·”）或英文字母和空格，不能包含表情符号、数字或 HTML 标记',
    en: 'The contact name may contain only Chinese characters (with the middle dot ·) or Latin letters and spaces, no emoji, digits or HTML',
  },
  VENUES_STAFF_NAME_INVALID: {
    status: 400,
    zh: '姓名只能使用可打印的文字、数字和标点，不能包含表情符号、HTML 标记或控制字符',
    en: 'The name may use printable letters, digits and punctuation only, no emoji, HTML or control characters',
  },
  VENUES_REJECTION_REASON_REQUIRED: { status: 400, zh: '驳回场所登记须填写驳回原因', en: 'Give a reason when rejecting a venue registration' },
  VENUES_NOT_PENDING: { status: 409, zh: '该场所已审核', en: 'This venue has already been reviewed' },
  VENUES_NOT_APPROVED: { status: 409, zh: '场所尚未通过审核', en: 'This venue has not been approved' },
  VENUES_STAFF_USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'This username is already taken' },
  VENUES_STAFF_PASSWORD_WEAK: { status: 400, zh: '密码至少10位，须包含字母和数字，且不能包含用户名', en: 'The password needs at least 10 characters with letters and digits, and must not contain the username' },
  VENUES_PLACE_CODE_INVALID: { status: 400, zh: '无法识别的场所码', en: 'This is not a valid place code' },
  VENUES_PLACE_CODE_FORGED: { status: 400, zh: '场所码校验失败', en: 'This place code failed verification' },
  VENUES_PLACE_CODE_EXPIRED: { status: 400, zh: '场所码已过期，请重新扫描场所屏幕上的码', en: 'This place code has expired; scan the code on the venue\'s screen again' },
  VENUES_PLACE_CODE_REVOKED: { status: 400, zh: '该场所码已作废，请扫描场所张贴的新码', en: 'This place code has been withdrawn; scan the venue\'s new poster' },
  VENUES_PLACE_CODE_VENUE_CLOSED: { status: 409, zh: '该场所码暂不可用', en: 'This venue\'s place code is not in use' },
  VENUES_POSTER_FONT_MISSING: { status: 503, zh: '服务器缺少中文字体，暂无法生成PDF海报，请下载PNG', en: 'The server has no CJK font for the PDF poster; download the PNG instead' },
  VENUES_REAL_NAME_REQUIRED: { status: 409, zh: '请先完成实名认证', en: 'Complete your real-name profile first' },
});
