/** Ticket strings (namespace `tickets`): 督查举报 / 投诉 / 咨询 / 建议, in the console and the citizen app. */
const tickets = {
  nav: { section: '督查举报', worklist: '工单处理', mine: '我的诉求', new: '投诉举报', outbox: '国办转办回传', kpi: '工单考核', hotline: '热线登记', categories: '工单分类', routing: '派单规则' },
  kind: { report: '监督举报', complaint: '投诉', consultation: '咨询', suggestion: '建议', help: '求助' },
  status: { submitted: '待受理', accepted: '已受理', rejected: '不予受理', assigned: '已派单', in_progress: '办理中', replied: '已答复', closed: '已办结', visited: '已回访', merged: '已合并' },
  action: {
    submit: '提交', accept: '受理', reject: '不予受理', assign: '派单', transfer: '转办', return: '退回', start: '开始办理', reply: '答复', close: '办结', rate: '评价', reopen: '不满意重办',
    supervise: '督办', request_extension: '申请延期', approve_extension: '批准延期', deny_extension: '驳回延期', merge: '合并到主工单', visit: '回访', master_reply: '主工单答复', warn: '临期预警', escalate: '超期升级',
  },
  rating: { '1': '非常满意', '2': '满意', '3': '基本满意', '4': '不满意', '5': '非常不满意' },
  field: {
    number: '工单编号', kind: '类型', status: '状态', title: '标题', description: '内容', region: '所在区域', address: '详细地点', department: '承办部门',
    dueAt: '办理时限', createdAt: '提交时间', reply: '答复', rejectReason: '不予受理原因', rating: '评价', reporter: '反映人', phone: '联系电话',
    email: '电子邮箱', channel: '来源', attachments: '图片', contactName: '联系人（选填）', contactPhone: '联系电话（选填）', note: '说明',
    master: '主工单编号', days: '延期工作日', visitRating: '回访评价（选填）', superviseCount: '督办次数', extension: '待审批延期', masterTicket: '已合并到',
  },
  channel: { app: '市民端', open311: 'Open311 接口', hotline: '12345 热线', national: '国办转办' },
  worklist: {
    intro: '督查室和 12345 派单人员看到本辖区全部工单；承办部门只看到派给本部门的工单。超期工单排在最前。所有查看均记录审计。',
    filterStatus: '按状态筛选', filterKind: '按类型筛选', onlyOverdue: '只看超期', searchNumber: '按工单编号查找', overdue: '已超期', total: '共 {{count}} 件', totalCapped: '{{count}}+ 件', previous: '上一页', next: '下一页', page: '第 {{page}} 页',
    detail: '工单详情', history: '办理记录', anonymous: '匿名举报', masked: '个人信息已脱敏', noActions: '当前没有您可执行的操作',
    notePlaceholder: '填写原因或答复内容', chooseDepartment: '选择承办部门', done: '已{{action}}', attachment: '附件 {{n}}',
    dispatcherView: '派单视角', departmentView: '承办部门视角', extensionDays: '{{days}} 个工作日',
  },
  outbox: {
    intro: '国办转办线索的办理结果回传记录。本地适配器不对外发送，“已发送”表示已记录在此；发送失败的按退避时间自动重试。',
    status: '状态', externalId: '国办编号', event: '回传事项', adapter: '适配器', attempts: '尝试次数', lastError: '最近错误', sentAt: '发送时间',
    state: { pending: '待发送', sent: '已发送', failed: '发送失败' },
  },
  kpi: {
    intro: '本辖区某月的工单考核：各部门的响应率、按时办结率、满意率，以及按来源、分类、日期的数量。每次查看均记入审计。',
    download: '下载 XLSX', month: '月份', received: '受理数', answered: '答复数', responseRate: '响应率', answeredOnTime: '按时答复数', onTimeRate: '按时办结率',
    rated: '评价数', satisfied: '满意数', satisfactionRate: '满意率', byChannel: '按来源', byCategory: '按分类', byDay: '按日期', count: '数量', category: '分类', noCategory: '未分类', day: '日期',
  },
  hotline: {
    intro: '12345 热线话务员代来电群众登记工单。来电人姓名和电话加密保存，工单进入派单员的工单处理列表（来源：12345 热线）。',
    filed: '已登记，工单号 {{number}}', category: '分类（可选）', regionCode: '所在区划代码（6 位）', regionCodeInvalid: '请输入 6 位区划代码',
    callerName: '来电人姓名（可选）', callerPhone: '来电号码（可选）', phoneInvalid: '电话只能包含数字、+、- 和空格', submit: '登记工单',
  },
  categories: {
    intro: '工单分类树及各分类的属性表单（群众或话务员按分类登记时填写的字段）。新增和修改均记入审计；停用的分类不再出现在登记表单中。',
    inactive: '已停用', create: '新增分类', edit: '修改分类', none: '尚无分类', pick: '在左侧选择一个分类查看其表单', code: '编码', name: '名称', nameEn: '英文名称',
    slaUnit: '办理时限单位', slaAmount: '时限', slaHint: '不填则沿用上级分类或类型默认时限', sla: { working_days: '工作日', working_hours: '工作小时' },
    parent: '上级分类', sortOrder: '排序', active: '启用', yes: '是', no: '否', fields: '属性表单字段', addField: '添加字段', removeField: '删除字段',
    fieldCode: '字段编码', fieldLabel: '字段名称', datatype: '类型', required: '必填', order: '顺序', values: '选项', valuesHint: '每行一个“键=名称”，仅列表类型使用',
    codeInvalid: '编码为大写字母开头的 2–40 位大写字母、数字或 -', fieldCodeInvalid: '字段编码为字母开头的字母、数字或下划线（最多 40 位）', saved: '分类已保存',
    type: { string: '单行文本', number: '数字', datetime: '日期时间', text: '多行文本', singlevaluelist: '单选', multivaluelist: '多选' },
  },
  routing: {
    intro: '本辖区的派单规则：分类（含下级）× 区划前缀 × 类型 → 承办部门，最具体的规则优先。可先在本辖区最近 100 件工单上试运行（不保存），再保存（整体替换，记入审计）。',
    category: '分类（含下级）', any: '不限', regionCode: '区划前缀', regionCodeInvalid: '6、9 或 12 位区划代码，或留空', everywhere: '全部区域', priority: '优先级',
    add: '添加规则', remove: '删除规则', dryRun: '试运行（最近 100 件）', save: '保存规则', saved: '派单规则已保存',
    dryRunTitle: '试运行：{{total}} 件中 {{changed}} 件去向改变，{{unrouted}} 件无匹配规则', assigned: '当前承办部门', current: '现行规则去向', proposed: '新规则去向', unrouted: '无匹配',
  },
  citizen: {
    newTitle: '投诉举报', newIntro: '反映疫情防控中的问题。提交后可在“我的诉求”查看办理进度和答复，并对答复评价。',
    photos: '上传图片（最多 9 张）', submit: '提交', submitted: '已提交，工单编号 {{number}}', mineTitle: '我的诉求', none: '还没有提交过诉求',
    detailTitle: '诉求详情', timeline: '办理进度', rate: '评价答复', rateIntro: '不满意（含非常不满意）将退回承办部门重新办理。', rated: '感谢您的评价',
    comment: '评价说明（选填）', titleRequired: '请填写标题（2–100 字）', descriptionRequired: '请填写内容（至少 5 个字）', regionRequired: '请选择所在区域',
    choose: '请选择', dueBy: '应于 {{date}} 前答复', uploading: '上传中…', newTicket: '我要反映',
    category: '分类', fieldRequired: '请填写{{field}}', similarTitle: '附近已有类似的诉求正在办理，您可以先看看：', distance: '约 {{m}} 米',
    support: '我也遇到了', supported: '已关注 {{number}}，办理进展将通知您', supportedForwarded: '{{from}} 已合并至 {{number}} 办理，已为您关注 {{number}}，办理进展将通知您', supportedTitle: '我关注的诉求', supportCount: '{{count}} 人也反映',
    withdraw: '取消关注', withdrawn: '已取消关注 {{number}}', withdrawConfirm: '取消关注 {{number}}？取消后不再计入反映人数，也不再收到办理进展。', keepSupport: '继续关注',
  },
};
export default tickets;
