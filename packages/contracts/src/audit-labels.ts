/**
 * Human labels of audit actions (module.resource.verb) and subject types, in Chinese and English.
 * A label is the verb and the resource put together (查看 + 场所 = 查看场所), so an action added
 * later with a known resource and verb is labelled too; a few actions read better with their own.
 */

export interface Label {
  zh: string;
  en: string;
}

export type LabelLanguage = 'zh-CN' | 'en';

/** Resources (module.resource, or the first part of an older two-part action). */
export const AUDIT_RESOURCES: Record<string, Label> = {
  'admin-staff.staff': { zh: '工作人员账号', en: 'staff account' },
  'admin-staff.venue-option': { zh: '可选场所', en: 'venue options' },
  'audit.chain': { zh: '审计哈希链', en: 'audit hash chain' },
  'audit.trail': { zh: '审计日志', en: 'audit trail' },
  'epidemic.person': { zh: '人员信息', en: 'person' },
  'epidemic.person-status': { zh: '人员状态', en: 'person status' },
  'epidemic.quarantine': { zh: '隔离管控', en: 'quarantine' },
  'epidemic.risk-area': { zh: '风险地区', en: 'risk area' },
  'files.file': { zh: '文件', en: 'file' },
  'health-code.code': { zh: '健康码', en: 'health code' },
  'health-code.own-code': { zh: '本人健康码', en: 'own health code' },
  'health-code.person': { zh: '人员健康码', en: 'person\'s health code' },
  'health-code.confirmation': { zh: '解除确认', en: 'release confirmation' },
  'health-code.correction': { zh: '纠错申请', en: 'correction request' },
  'health-code.declaration': { zh: '健康申报', en: 'health declaration' },
  'health-code.issuer': { zh: '互认发码方', en: 'trusted issuer' },
  'health-code.open': { zh: '开放接口健康码', en: 'open-API health code' },
  'health-code.override': { zh: '人工调整', en: 'manual override' },
  'health-code.release': { zh: '解除管控', en: 'release' },
  'health-code.rule-set': { zh: '赋码规则', en: 'rule set' },
  'identity.api-client': { zh: 'API 客户端', en: 'API client' },
  'identity.citizen': { zh: '市民账号', en: 'citizen account' },
  'identity.me': { zh: '本人信息', en: 'own profile' },
  'identity.real-name': { zh: '实名信息', en: 'real-name profile' },
  'identity.session': { zh: '会话', en: 'session' },
  'identity.sms-outbox': { zh: '短信发件箱', en: 'SMS outbox' },
  'identity.staff': { zh: '工作人员', en: 'staff' },
  'jobs.job': { zh: '后台任务', en: 'background job' },
  'screening.comparison': { zh: '比对结果', en: 'comparison' },
  'screening.dispatch-rule': { zh: '派单规则', en: 'dispatch rules' },
  'screening.import': { zh: '筛查名单导入', en: 'screening import' },
  'screening.person': { zh: '筛查人员', en: 'screened person' },
  'screening.rejected-rows': { zh: '导入错误行', en: 'rejected rows' },
  'screening.review': { zh: '疑似重复人员', en: 'possible duplicate' },
  'screening.source': { zh: '数据来源', en: 'data source' },
  'screening.task': { zh: '核查任务', en: 'follow-up task' },
  'seed.demo': { zh: '演示数据', en: 'demo data' },
  'venues.dynamic-code': { zh: '动态场所码', en: 'rotating place code' },
  'venues.flag': { zh: '异常扫码提示', en: 'scan flag' },
  'venues.manual-scan': { zh: '手工登记', en: 'manual entry' },
  'venues.own-application': { zh: '本人场所登记', en: 'own venue application' },
  'venues.own-scan': { zh: '本人扫码记录', en: 'own scans' },
  'venues.own-venue': { zh: '本场所', en: 'own venue' },
  'venues.place-code': { zh: '场所码', en: 'place code' },
  'venues.retention': { zh: '扫码记录保留', en: 'scan retention' },
  'venues.scan': { zh: '扫码记录', en: 'scans' },
  'venues.staff': { zh: '场所工作人员', en: 'venue staff' },
  'venues.venue': { zh: '场所', en: 'venue' },
  'venues.venue-type': { zh: '场所类型', en: 'venue types' },
  'checkin.member': { zh: '打卡成员', en: 'check-in members' },
  'checkin.membership': { zh: '打卡组织成员关系', en: 'check-in membership' },
  'checkin.org': { zh: '打卡组织', en: 'check-in organisation' },
  'checkin.org-day': { zh: '组织当日打卡', en: 'organisation\'s day' },
  'checkin.reminder': { zh: '打卡提醒', en: 'check-in reminder' },
  'checkin.report': { zh: '每日打卡', en: 'daily check-in' },
  'checkin.summary': { zh: '打卡统计', en: 'check-in summary' },
  'notifications.inbox': { zh: '消息', en: 'inbox' },
  'tickets.attachment': { zh: '工单附件', en: 'ticket attachment' },
  'tickets.open311': { zh: 'Open311 工单', en: 'Open311 request' },
  'tickets.own': { zh: '本人诉求', en: 'own ticket' },
  'tickets.ticket': { zh: '工单', en: 'ticket' },
  'tickets.worklist': { zh: '工单列表', en: 'ticket worklist' },
  'calendar.day': { zh: '工作日历', en: 'working-day calendar' },
  'govservice.application': { zh: '政务服务办件', en: 'service application' },
  'govservice.figures': { zh: '政务服务统计', en: 'service figures' },
  'govservice.inspection': { zh: '告知承诺核查', en: 'commitment inspection' },
  'govservice.item': { zh: '政务服务事项', en: 'service item' },
  'govservice.material': { zh: '办件材料', en: 'application material' },
  'govservice.own': { zh: '本人办件', en: 'own application' },
  'govservice.workbench': { zh: '审批工作台', en: 'service workbench' },
  'tracing.case': { zh: '病例档案', en: 'case file' },
  'tracing.contact': { zh: '密接人员', en: 'contact' },
  'tracing.itinerary': { zh: '活动轨迹', en: 'itinerary' },
  'tracing.self-check': { zh: '同行程自查', en: 'same-trip self-check' },
  correction: { zh: '纠错申请', en: 'correction request' },
  override: { zh: '人工调整', en: 'manual override' },
  person: { zh: '人员信息', en: 'person' },
};

/** Verbs: put before the resource (查看场所, Read venue), or where {r} stands. */
export const AUDIT_VERBS: Record<string, Label> = {
  accept: { zh: '采纳', en: 'Accept' },
  add: { zh: '添加', en: 'Add' },
  apply: { zh: '申办', en: 'Apply for' },
  candidates: { zh: '排查{r}', en: 'Find {r} candidates' },
  dispatch: { zh: '派发', en: 'Dispatch' },
  handle: { zh: '办理', en: 'Handle' },
  import: { zh: '导入', en: 'Import' },
  'import-scans': { zh: '从扫码记录导入{r}', en: 'Import {r} from scans' },
  join: { zh: '加入', en: 'Join' },
  leave: { zh: '退出', en: 'Leave' },
  mark: { zh: '标记', en: 'Mark' },
  rate: { zh: '评价', en: 'Rate' },
  'read-own': { zh: '查看本人{r}', en: 'Read own {r}' },
  remove: { zh: '删除', en: 'Remove' },
  run: { zh: '进行', en: 'Run' },
  send: { zh: '发送', en: 'Send' },
  status: { zh: '变更{r}状态', en: 'Change {r} status' },
  activate: { zh: '启用', en: 'Activate' },
  approve: { zh: '批准', en: 'Approve' },
  cancel: { zh: '取消', en: 'Cancel' },
  change: { zh: '变更', en: 'Change' },
  'change-password': { zh: '{r}修改密码', en: 'Change {r} password' },
  'change-permissions': { zh: '变更{r}权限', en: 'Change {r} permissions' },
  close: { zh: '关闭', en: 'Close' },
  confirm: { zh: '确认', en: 'Confirm' },
  create: { zh: '新建', en: 'Create' },
  decide: { zh: '审核', en: 'Review' },
  delete: { zh: '删除', en: 'Delete' },
  draft: { zh: '起草', en: 'Draft' },
  'dry-run': { zh: '试算', en: 'Dry-run' },
  escalate: { zh: '升级', en: 'Escalate' },
  export: { zh: '导出', en: 'Export' },
  'follow-up': { zh: '跟进', en: 'Follow up' },
  generate: { zh: '生成', en: 'Generate' },
  'keep-apart': { zh: '确认{r}不是同一人', en: 'Keep {r} apart' },
  list: { zh: '查看{r}列表', en: 'List {r}' },
  load: { zh: '载入', en: 'Load' },
  lookup: { zh: '查询', en: 'Look up' },
  manage: { zh: '管理', en: 'Manage' },
  merge: { zh: '合并', en: 'Merge' },
  propose: { zh: '提出', en: 'Propose' },
  publish: { zh: '发布', en: 'Publish' },
  purge: { zh: '清理', en: 'Purge' },
  read: { zh: '查看', en: 'Read' },
  reassign: { zh: '改派', en: 'Reassign' },
  record: { zh: '登记', en: 'Record' },
  register: { zh: '登记', en: 'Register' },
  reject: { zh: '驳回', en: 'Reject' },
  reopen: { zh: '重新打开', en: 'Reopen' },
  replace: { zh: '替换', en: 'Replace' },
  request: { zh: '提交', en: 'Submit' },
  resume: { zh: '继续', en: 'Resume' },
  review: { zh: '审核', en: 'Review' },
  revoke: { zh: '撤销', en: 'Revoke' },
  'revoke-sessions': { zh: '强制{r}下线', en: 'Sign {r} out everywhere' },
  rollback: { zh: '回滚', en: 'Roll back' },
  rotate: { zh: '更换', en: 'Rotate' },
  search: { zh: '检索', en: 'Search' },
  'set-password': { zh: '重置{r}密码', en: 'Reset {r} password' },
  'sign-in': { zh: '{r}登录', en: '{r} sign-in' },
  'sign-out': { zh: '{r}退出登录', en: '{r} sign-out' },
  submit: { zh: '提交', en: 'Submit' },
  trust: { zh: '信任', en: 'Trust' },
  unmerge: { zh: '拆分', en: 'Unmerge' },
  update: { zh: '修改', en: 'Update' },
  upload: { zh: '上传', en: 'Upload' },
  verify: { zh: '核验', en: 'Verify' },
  void: { zh: '作废', en: 'Void' },
  prioritise: { zh: '优先办理', en: 'Prioritise' },
  return: { zh: '退回补正', en: 'Return for correction' },
  sign: { zh: '签署承诺', en: 'Sign commitment for' },
  supply: { zh: '补交材料', en: 'Supply materials for' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
};

/** Actions whose composed label would read badly. */
export const AUDIT_ACTION_LABELS: Record<string, Label> = {
  'identity.staff.sign-in': { zh: '工作人员登录', en: 'Staff sign-in' },
  'identity.citizen.sign-in': { zh: '市民登录', en: 'Citizen sign-in' },
  'identity.session.sign-out': { zh: '退出登录', en: 'Sign out' },
  'identity.staff.change-password': { zh: '工作人员修改密码', en: 'Staff changed password' },
  'identity.real-name.register': { zh: '完成实名认证', en: 'Real-name registration' },
  'identity.real-name.update': { zh: '更正实名信息', en: 'Real-name correction' },
  'admin-staff.staff.change-permissions': { zh: '变更工作人员权限', en: 'Change staff permissions' },
  'admin-staff.staff.revoke-sessions': { zh: '强制工作人员下线', en: 'Sign a staff account out everywhere' },
  'admin-staff.staff.set-password': { zh: '重置工作人员密码', en: 'Reset a staff password' },
  'audit.trail.search': { zh: '检索审计日志', en: 'Search the audit trail' },
  'audit.chain.verify': { zh: '校验审计哈希链', en: 'Verify the audit hash chain' },
  'health-code.code.verify': { zh: '查验健康码', en: 'Verify a health code' },
  'screening.review.keep-apart': { zh: '确认疑似重复人员不是同一人', en: 'Keep possible duplicates apart' },
  'screening.person.merge': { zh: '合并疑似重复人员', en: 'Merge possible duplicates' },
  'venues.venue.approve': { zh: '场所登记审核通过', en: 'Approve a venue' },
  'venues.venue.reject': { zh: '驳回场所登记', en: 'Reject a venue' },
  'venues.place-code.rotate': { zh: '更换场所码（旧海报作废）', en: 'Rotate the place code' },
  'seed.demo.load': { zh: '载入演示数据', en: 'Load demo data' },
};

function pick(label: Label, language: LabelLanguage): string {
  return language === 'en' ? label.en : label.zh;
}

/** The label of an action, or null when its resource or verb is unknown (the caller shows the code). */
export function auditActionLabel(action: string, language: LabelLanguage = 'zh-CN'): string | null {
  const exact = AUDIT_ACTION_LABELS[action];
  if (exact) return pick(exact, language);
  const parts = action.split('.');
  if (parts.length < 2) return null;
  const verb = AUDIT_VERBS[parts[parts.length - 1]];
  const resource = AUDIT_RESOURCES[parts.slice(0, -1).join('.')];
  if (!verb || !resource) return null;
  const template = language === 'en' ? verb.en : verb.zh;
  const name = language === 'en' ? resource.en : resource.zh;
  const text = template.includes('{r}') ? template.replace('{r}', name) : language === 'en' ? `${template} ${name}` : `${template}${name}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Filter choices: "every action on a resource" (module.resource.*) with the resource's label. */
export function auditResourceOptions(language: LabelLanguage = 'zh-CN'): { value: string; label: string }[] {
  return Object.entries(AUDIT_RESOURCES)
    .filter(([key]) => key.includes('.'))
    .map(([key, label]) => ({ value: `${key}.*`, label: pick(label, language) }));
}

/** Subject types as stored in the trail (snake case). */
export const AUDIT_SUBJECT_TYPES: Record<string, Label> = {
  citizen: { zh: '市民', en: 'Citizen' },
  staff: { zh: '工作人员', en: 'Staff' },
  venue: { zh: '场所', en: 'Venue' },
  scan: { zh: '扫码记录', en: 'Scan' },
  health_code: { zh: '健康码', en: 'Health code' },
  rule_set: { zh: '赋码规则', en: 'Rule set' },
  override: { zh: '人工调整', en: 'Override' },
  correction: { zh: '纠错申请', en: 'Correction' },
  risk_area: { zh: '风险地区', en: 'Risk area' },
  person_status: { zh: '人员状态', en: 'Person status' },
  quarantine: { zh: '隔离管控', en: 'Quarantine' },
  api_client: { zh: 'API 客户端', en: 'API client' },
  session: { zh: '会话', en: 'Session' },
  file: { zh: '文件', en: 'File' },
  issuer: { zh: '互认发码方', en: 'Issuer' },
  screening_import: { zh: '筛查名单导入', en: 'Screening import' },
  screening_person: { zh: '筛查人员', en: 'Screened person' },
  screening_task: { zh: '核查任务', en: 'Follow-up task' },
  screening_source: { zh: '数据来源', en: 'Data source' },
  screening_dispatch_rules: { zh: '派单规则', en: 'Dispatch rules' },
  screening_export: { zh: '筛查导出', en: 'Screening export' },
  person: { zh: '人员', en: 'Person' },
  trusted_issuer: { zh: '互认发码方', en: 'Trusted issuer' },
  scans: { zh: '扫码记录', en: 'Scans' },
  approval: { zh: '审批', en: 'Approval' },
  checkin_day: { zh: '组织当日打卡', en: 'Organisation day' },
  checkin_org: { zh: '打卡组织', en: 'Check-in organisation' },
  ticket: { zh: '工单', en: 'Ticket' },
  calendar_day: { zh: '工作日历', en: 'Calendar day' },
  gs_application: { zh: '政务服务办件', en: 'Service application' },
  gs_item: { zh: '政务服务事项', en: 'Service item' },
  tracing_case: { zh: '病例档案', en: 'Case file' },
  tracing_contact: { zh: '密接人员', en: 'Contact' },
  sms_outbox: { zh: '短信发件箱', en: 'SMS outbox' },
  phone: { zh: '手机号', en: 'Phone' },
};

/** The label of a subject type, or the type itself. */
export function auditSubjectTypeLabel(type: string, language: LabelLanguage = 'zh-CN'): string {
  const label = AUDIT_SUBJECT_TYPES[type];
  return label ? pick(label, language) : type;
}
