import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of tickets (督查举报, 投诉, 咨询, 建议). */
export const TicketsErrors = defineErrors('TICKETS', {
  TICKETS_TRANSITION_ILLEGAL: { status: 409, zh: '工单当前状态下不能执行此操作', en: 'This action is not possible in the ticket\'s current status' },
  TICKETS_ACTOR_NOT_ALLOWED: { status: 403, zh: '此操作应由其他角色执行（派单人员、承办部门或提交人）', en: 'Another role performs this action (dispatcher, handling department or reporter)' },
  TICKETS_NOTE_REQUIRED: { status: 400, zh: '请填写原因或答复内容', en: 'A reason or an answer is required' },
  TICKETS_DEPARTMENT_REQUIRED: { status: 400, zh: '请选择承办部门', en: 'Choose the department to handle it' },
  TICKETS_SAME_DEPARTMENT: { status: 400, zh: '转办须选择另一个部门', en: 'A transfer must go to another department' },
  TICKETS_DEPARTMENT_UNKNOWN: { status: 400, zh: '该工单所属区域内没有此部门', en: 'No such department serves the ticket\'s region' },
  TICKETS_RATING_INVALID: { status: 400, zh: '评价须为 1（非常满意）至 5（非常不满意）', en: 'A rating is 1 (very satisfied) to 5 (very dissatisfied)' },
  TICKETS_SIGN_IN_REQUIRED: { status: 401, zh: '只有监督举报可以匿名提交，其他类型请先登录', en: 'Only supervision reports may be filed anonymously; please sign in' },
  TICKETS_DIVISION_UNKNOWN: { status: 400, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
  TICKETS_ATTACHMENT_INVALID: { status: 400, zh: '附件不存在或不是您上传的图片/PDF', en: 'An attachment is missing or is not an image or PDF you uploaded' },
  TICKETS_NOT_OVERDUE: { status: 409, zh: '只能督办已超期的工单', en: 'Only an overdue ticket can be pressed (督办)' },
  TICKETS_EXTENSION_DAYS_INVALID: { status: 400, zh: '延期天数须为 1 至 30 个工作日', en: 'An extension is 1 to 30 working days' },
  TICKETS_EXTENSION_PENDING: { status: 409, zh: '已有待审批的延期申请', en: 'An extension request is already pending' },
  TICKETS_NO_EXTENSION: { status: 409, zh: '没有待审批的延期申请', en: 'No extension request is pending' },
  TICKETS_MERGE_MASTER_INVALID: { status: 400, zh: '主工单不存在、已合并或已不予受理，或不在您的辖区', en: 'The master ticket is missing, merged, rejected or outside your region' },
  TICKETS_CATEGORY_CODE_TAKEN: { status: 409, zh: '分类编码已被使用', en: 'The category code is taken' },
  TICKETS_CATEGORY_PARENT_INVALID: { status: 400, zh: '上级分类不存在、类型不同或会形成循环', en: 'The parent category is missing, of another kind, or would make a cycle' },
  TICKETS_CATEGORY_UNKNOWN: { status: 400, zh: '分类不存在、已停用或与工单类型不符', en: 'The category is unknown, inactive or of another kind' },
  TICKETS_ATTRIBUTES_INVALID: { status: 400, zh: '分类表单填写不完整或不正确', en: 'The category form is incomplete or not valid' },
  TICKETS_ROUTING_RULES_INVALID: { status: 400, zh: '分派规则有误（区划、分类或部门不存在，或超出您的辖区）', en: 'A routing rule is not valid (division, category or department unknown, or outside your region)' },
  TICKETS_SUPPORT_CLOSED: { status: 409, zh: '该诉求已办结或已合并，不能再关注，请另行提交', en: 'That ticket is settled or merged; file a new one instead' },
  TICKETS_NOT_SUPPORTING: { status: 404, zh: '您没有关注这条诉求', en: 'You do not support that ticket' },
  TICKETS_SUPPORT_OWN: { status: 409, zh: '这是您本人提交的诉求', en: 'You filed that ticket yourself' },
  TICKETS_FOLLOW_UP_FAILED: { status: 404, zh: '工单编号或查询码不正确', en: 'The ticket number or follow-up code is wrong' },
});
