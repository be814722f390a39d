/** Government-service strings (namespace `govservice`): catalogue, 我的办件, the department workbench. */
const govservice = {
  nav: { section: '政务服务', workbench: '审批工作台', catalogue: '事项管理', services: '办事大厅', mine: '我的办件' },
  status: { draft: '草稿', submitted: '待预审', returned: '待补正', accepted: '已受理', under_review: '审查中', approved: '准予办理', rejected: '不予办理', revoked: '已撤销', withdrawn: '已撤回' },
  mode: { normal: '一般办理', tolerance: '容缺受理', commitment: '告知承诺' },
  part: { pending: '待审查', approved: '通过', rejected: '不通过' },
  action: {
    create: '创建申请', submit: '提交申请', resubmit: '补正后重新提交', return: '退回补正', accept: '受理', reject: '不予受理', commit: '承诺即办',
    review: '部门审查', approve: '准予办理', refuse: '不予办理', revoke: '撤销准予决定', withdraw: '撤回', sign: '签署承诺书', supply: '补交材料',
    escalate: '补交逾期督办', 'green-channel': '纳入绿色通道', inspect: '事后核查',
  },
  applicantType: { person: '个人', enterprise: '企业（授权代理人）' },
  itemType: { administrative_licence: '行政许可', administrative_confirmation: '行政确认', public_service: '公共服务', administrative_filing: '行政备案', other: '其他' },
  channel: { window: '窗口办', online: '网上办', mobile: '掌上办', self_service: '自助办', express: '政务快递' },
  materialForm: { original: '原件', copy: '复印件', original_and_copy: '原件和复印件', electronic: '电子材料' },
  field: {
    number: '办件编号', item: '办理事项', status: '状态', mode: '办理方式', applicant: '申请人', department: '实施部门', dueAt: '办结时限', submittedAt: '提交时间',
    materials: '申请材料', form: '申请表', parts: '并联审查', history: '办理记录', timeline: '办理进度', result: '办理结果', decisionNote: '决定说明',
    legalLimit: '法定时限', promisedLimit: '承诺时限', visits: '跑动次数', channels: '办理渠道', fees: '收费', guide: '办事指南', modes: '疫情期间办理方式',
    supplyBy: '补交期限', inspection: '事后核查', creditCode: '统一社会信用代码', enterpriseName: '企业名称', phone: '联系电话', address: '收件地址',
  },
  days: '{{count}} 个工作日',
  visits: { '0': '零跑动', '1': '最多跑一次', more: '{{count}} 次' },
  free: '不收费',
  catalogue: {
    title: '办事大厅', intro: '按事项名称、部门或关键词搜索（输入两个字即可）。', search: '搜索事项', none: '没有找到匹配的事项', apply: '在线申请',
    tolerance: '容缺受理', commitment: '告知承诺', priority: '优先办',
  },
  apply: {
    title: '在线申请', applicantType: '申请人类型', enterpriseHint: '以企业名义申请时，您作为授权代理人办理，请上传授权委托书等材料。',
    mode: '办理方式', upload: '上传', missingLater: '容缺，稍后补交', commitmentRead: '我已阅读并承诺', priority: '申请优先办（填写理由）',
    express: '结果快递送达', submit: '提交申请', submitted: '已提交，办件编号 {{number}}', required: '必填', formError: '请检查：{{fields}}',
    problem: {
      required: '必填', type: '格式不对', pattern: '格式不对', too_short: '太短', too_long: '太长', below_min: '太小', above_max: '太大', option: '请选择',
      date: '日期无效', id_number: '身份证号无效', phone: '手机号无效', uscc: '统一社会信用代码无效', unknown: '未知字段', hidden: '不应填写',
    },
  },
  mine: {
    title: '我的办件', none: '还没有办件', supply: '补交材料', supplyIntro: '请于 {{date}} 前补交以下容缺材料：', supplied: '已补交',
    correction: '补正意见', resubmit: '重新提交', withdraw: '撤回', resultRevoked: '已撤销', inspectionDue: '核查期限 {{date}}', signedAt: '已于 {{date}} 签署',

    document: '电子证照', documentCode: '文书编码', download: '下载 PDF', verify: '查验真伪', documentRevoked: '已撤销：{{reason}}',
    documentIntro: '办理结果已签发为带电子签名的 PDF，任何人可凭文书编码或扫描二维码查验真伪。',
    shipments: '政务快递', tracking: '运单号', shipTo: '寄往',
    rate: '评价本次办理', rateIntro: '请对本次办理服务作出评价（好差评），每件只能评价一次。', rated: '感谢您的评价', comment: '意见建议（选填）', yourRating: '您的评价',
  },
  rating: { '1': '非常满意', '2': '满意', '3': '基本满意', '4': '不满意', '5': '非常不满意' },
  shipmentStatus: { created: '已下单', picked_up: '已揽收', in_transit: '运输中', delivered: '已签收', returned: '已退回' },
  workbench: {
    intro: '窗口人员看到本辖区待预审、待受理和审查中的办件；业务部门看到需要本部门审查或核查的办件。绿色通道、优先办和超期办件排在最前，所有查看均记录审计。',
    window: '综合窗口', department: '本部门审查', inspections: '事后核查', overdue: '已超期', dueSoon: '即将到期', green: '绿色通道', priority: '申请优先',
    missing: '缺 {{count}} 项', supplyOverdue: '补交逾期', detail: '办件详情', masked: '个人信息已脱敏', noActions: '当前没有您可执行的操作',
    note: '意见（告知申请人）', internalNote: '内部备注（申请人看不到）', comment: '补正意见', approve: '审查通过', reject: '审查不通过',
    passed: '核查属实', failed: '核查不实（撤销许可）', greenReason: '绿色通道理由', done: '已完成', material: '材料', file: '文件 {{n}}',
  },
  editor: {
    intro: '编辑事项实施清单（JSON），右侧实时预览申请表。发布新版本不影响已提交的办件。', create: '新建事项', code: '事项编码', region: '区划代码',
    save: '保存草稿', publish: '发布', published: '已发布 v{{version}}', draft: '草稿 v{{version}}', invalidJson: 'JSON 格式错误', preview: '表单预览', schemaErrors: '表单定义问题',
  },
  bundle: {
    title: '一件事一次办', tag: '一件事', items: '包含事项', create: '新建“一件事”', lifeEvent: '人生事件', itemsHint: '事项编码（两个以上，顺序即合并表单的顺序）',
    lead: '牵头部门', resultTitle: '办结通知书名称', promised: '承诺时限（空=最长成员时限）', preview: '合并预览', conflicts: '无法合并', save: '保存草稿',
    fields: '合并申请表字段', materials: '合并材料', parts: '拆分到部门', reviewItem: '审查事项',
  },
  verify: {
    tag: '云核验', title: '云核验（远程视频核验）', booked: '已预约', none: '近两周暂无可预约时段', room: '视频会议室号 {{code}}', cancel: '取消预约',
    status: { booked: '待核验', verified: '核验通过', failed: '核验未通过', cancelled: '已取消' },
    console: '云核验', publish: '发布可预约时段', day: '日期', from: '开始', to: '结束', capacity: '每时段人数', withdraw: '撤回', verified: '核验通过', failed: '核验未通过', reason: '未通过原因',
    published: '已发布 {{created}} 个时段（跳过已有 {{skipped}} 个）', bookings: '预约', slots: '我的时段',
  },
  project: {
    title: '直通车项目', console: '直通车', create: '登记项目', code: '项目编号', name: '项目名称', park: '所在园区', enterpriseName: '企业名称', enterpriseCode: '统一社会信用代码',
    handler: '专员账号 ID', applications: '项目办件', link: '关联办件（办件 ID）', none: '暂无项目',
  },
  import: { title: '导入 XLSX', done: '新建 {{created}} 项、更新 {{updated}} 项、未变 {{unchanged}} 项', errors: '未导入的行', line: '{{sheet}} 第 {{line}} 行' },
};
export default govservice;
