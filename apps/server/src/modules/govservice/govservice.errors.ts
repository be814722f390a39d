import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of government services (政务服务). */
export const GovserviceErrors = defineErrors('GOVSERVICE', {
  GOVSERVICE_ITEM_INVALID: { status: 400, zh: '事项实施清单不完整或有误（如承诺时限超过法定时限、容缺材料不是次要材料、表单定义有误）', en: 'The item\'s implementation list is incomplete or wrong (promised limit over the legal one, a 容缺 material not secondary, a bad form)' },
  GOVSERVICE_ITEM_CODE_TAKEN: { status: 409, zh: '事项编码已存在', en: 'An item with this code exists' },
  GOVSERVICE_ITEM_NOT_PUBLISHED: { status: 409, zh: '该事项尚未发布，暂不能申请', en: 'This item is not published yet' },
  GOVSERVICE_NO_DRAFT: { status: 409, zh: '该事项没有待发布的草稿', en: 'This item has no draft to publish' },
  GOVSERVICE_FORM_INVALID: { status: 400, zh: '申请表填写有误，请按提示修改', en: 'The application form has errors; see each field' },
  GOVSERVICE_MATERIALS_INCOMPLETE: { status: 400, zh: '必要材料未上传齐全', en: 'Required materials are missing' },
  GOVSERVICE_MATERIAL_UNKNOWN: { status: 400, zh: '材料不属于该事项，或文件不存在、不是您上传的图片/PDF', en: 'A material is not one of the item\'s, or a file is missing or not an image or PDF you uploaded' },
  GOVSERVICE_APPLICANT_TYPE: { status: 400, zh: '该事项不受理此类申请人', en: 'This item does not accept this kind of applicant' },
  GOVSERVICE_ENTERPRISE_REQUIRED: { status: 400, zh: '企业申请须填写企业名称和有效的统一社会信用代码（GB 32100）', en: 'An enterprise application needs the name and a valid unified social credit code (GB 32100)' },
  GOVSERVICE_REAL_NAME_REQUIRED: { status: 403, zh: '办理政务服务须先完成实名认证', en: 'Complete real-name registration before applying' },
  GOVSERVICE_MODE_NOT_ALLOWED: { status: 400, zh: '该事项不支持所选办理方式', en: 'This item does not allow the chosen mode' },
  GOVSERVICE_COMMITMENT_MISMATCH: { status: 400, zh: '承诺书内容与事项要求不一致，请重新阅读并签署', en: 'The commitment signed is not the item\'s text; read and sign it again' },
  GOVSERVICE_TOLERANCE_INVALID: { status: 400, zh: '容缺材料须是该事项允许容缺的材料，且未上传', en: 'Missing materials must be ones the item allows to be missing, and not uploaded' },
  GOVSERVICE_TRANSITION_ILLEGAL: { status: 409, zh: '办件当前状态下不能执行此操作', en: 'This action is not possible in the application\'s current status' },
  GOVSERVICE_NOTE_REQUIRED: { status: 400, zh: '请填写原因或意见', en: 'A reason or comment is required' },
  GOVSERVICE_NOTHING_MISSING: { status: 409, zh: '该办件没有待补交的材料', en: 'Nothing is missing from this application' },
  GOVSERVICE_PART_DECIDED: { status: 409, zh: '本部门已对该办件作出审查意见', en: 'Your department has already decided its part' },
  GOVSERVICE_INSPECTION_DECIDED: { status: 409, zh: '该核查任务已完成', en: 'This inspection is already recorded' },
  GOVSERVICE_DELIVERY_ADDRESS_REQUIRED: { status: 400, zh: '选择快递送达须填写收件地址', en: 'Express delivery needs an address' },
});
