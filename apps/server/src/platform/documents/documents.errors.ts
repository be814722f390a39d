import { defineErrors } from '../http/errors.ts';

/** Error codes of electronic results (电子证照 / 批文). */
export const DocumentErrors = defineErrors('DOCUMENTS', {
  DOCUMENTS_UNKNOWN_CODE: { status: 404, zh: '查无此文书编号，该文书不是本平台签发的', en: 'No document has this code: it was not issued here' },
  DOCUMENTS_ALREADY_REVOKED: { status: 409, zh: '该文书已被撤销', en: 'This document has already been revoked' },
  DOCUMENTS_NOT_PDF: { status: 400, zh: '请上传 PDF 文件', en: 'Upload a PDF file' },
  DOCUMENTS_FONT_MISSING: { status: 503, zh: '服务器未安装中文字体，暂时无法生成文书', en: 'The server has no CJK font: documents cannot be rendered now' },
  DOCUMENTS_HOLDER_UNKNOWN: { status: 400, zh: '持证人账号不存在', en: 'The holder\'s account does not exist' },
  DOCUMENTS_DIVISION_UNKNOWN: { status: 400, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
});
