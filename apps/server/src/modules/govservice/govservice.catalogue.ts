import type { BundleSpec, FormField, ItemContent, Material } from '@fangxian/contracts/govservice';

/**
 * The demo catalogue (德阳市, 2020 practice): eight items of six departments, with the epidemic modes
 * the seed reports (容缺受理, 告知承诺, 优先办) and one-window items reviewed by two departments.
 */
export const MARKET = '德阳市市场监督管理局';
export const FIRE = '德阳市消防救援支队';
export const PLANNING = '德阳市自然资源和规划局';
export const HOUSING = '德阳市住房和城乡建设局';
export const HRSS = '德阳市人力资源和社会保障局';
export const DISABLED = '德阳市残疾人联合会';
export const HEALTH = '德阳市卫生健康委员会';
export const POLICE = '德阳市公安局';

const b = (zh: string, en: string) => ({ zh, en });
const text = (key: string, zh: string, en: string, extra: Partial<FormField> = {}): FormField => ({ key, label: b(zh, en), type: 'text', required: true, ...extra });
const mat = (key: string, name: string, extra: Partial<Material> = {}): Material => ({ key, name, required: true, form: 'electronic', count: 1, secondary: false, ...extra });
const phone: FormField = { key: 'contactPhone', label: b('联系电话', 'Contact phone'), type: 'phone', required: true };

const FOOD_COMMITMENT = '本人（单位）郑重承诺：所提交的材料真实、合法、有效；经营场所、设施设备、人员及管理制度符合《食品安全法》及食品经营许可审查通则的要求；如有不实，愿承担撤销许可等法律责任。';
const FIRE_COMMITMENT = '本单位承诺：场所已按国家工程建设消防技术标准的要求完成消防设计、施工，消防设施、器材和标志完好有效，已建立消防安全管理制度；如经核查不符合承诺，愿接受撤销许可及依法处理。';

export interface DemoItem {
  code: string;
  content: ItemContent;
}

export const DEMO_ITEMS: DemoItem[] = [
  {
    code: 'SCJG-GT-001',
    content: {
      name: '个体工商户设立登记（营业执照）', type: 'administrative_licence', department: MARKET, reviewDepartments: [MARKET],
      legalLimitDays: 15, promisedLimitDays: 1, applicantTypes: ['person'],
      materials: [
        mat('identity', '经营者身份证明', { form: 'copy' }),
        mat('premises', '经营场所使用证明（租赁合同或产权证明）', { form: 'copy', secondary: true }),
        mat('application', '个体工商户设立登记申请书', { form: 'original' }),
      ],
      fees: [{ name: '登记费', amount: 0, basis: '免收' }], channels: ['window', 'online', 'mobile', 'express'], visits: 0,
      modes: { tolerance: { materials: ['premises'], supplyDays: 5 }, commitment: null, priority: true },
      resultTitle: '营业执照', guide: '个体工商户设立登记：经营者本人申请，线上提交材料即可办理，营业执照可邮寄送达。疫情期间经营场所证明可容缺受理。',
      form: { fields: [
        text('shopName', '个体工商户名称', 'Business name', { minLength: 2, maxLength: 50 }),
        text('address', '经营场所', 'Premises address', { maxLength: 100 }),
        text('scope', '经营范围', 'Business scope', { maxLength: 200 }),
        { key: 'capital', label: b('资金数额（万元）', 'Capital (10k yuan)'), type: 'number', required: true, min: 0, max: 100000 },
        { key: 'organisation', label: b('组成形式', 'Form'), type: 'choice', required: true, options: [{ value: 'personal', label: b('个人经营', 'Personal') }, { value: 'family', label: b('家庭经营', 'Family') }] },
        text('familyMembers', '参加经营的家庭成员姓名', 'Family members taking part', { visibleWhen: { field: 'organisation', in: ['family'] } }),
        phone,
      ] },
    },
  },
  {
    code: 'SCJG-SP-002',
    content: {
      name: '食品经营许可（新办）', type: 'administrative_licence', department: MARKET, reviewDepartments: [MARKET],
      legalLimitDays: 20, promisedLimitDays: 5, applicantTypes: ['person', 'enterprise'],
      materials: [
        mat('licence', '营业执照', { form: 'copy' }),
        mat('layout', '经营场所平面布局图及设备布局、工艺流程图', { form: 'original' }),
        mat('system', '食品安全管理制度', { form: 'original', secondary: true }),
        mat('health', '从业人员健康证明', { form: 'copy', secondary: true }),
      ],
      fees: [], channels: ['window', 'online', 'mobile', 'express'], visits: 0,
      modes: { tolerance: { materials: ['system', 'health'], supplyDays: 10 }, commitment: { text: FOOD_COMMITMENT, inspectionDays: 20 }, priority: true },
      resultTitle: '食品经营许可证', guide: '申请食品经营许可：可选择告知承诺制，签署承诺书后当场发证，市场监管部门在 20 个工作日内现场核查；承诺不实的撤销许可。',
      form: { fields: [
        text('operatorName', '经营者名称', 'Operator name'),
        { key: 'category', label: b('主体业态', 'Category'), type: 'choice', required: true, options: [{ value: 'restaurant', label: b('餐饮服务经营者', 'Restaurant') }, { value: 'retail', label: b('食品销售经营者', 'Food retail') }, { value: 'canteen', label: b('单位食堂', 'Canteen') }] },
        { key: 'seats', label: b('就餐座位数', 'Seats'), type: 'number', required: true, min: 0, max: 5000, visibleWhen: { field: 'category', in: ['restaurant'] } },
        text('address', '经营场所', 'Premises address'),
        { key: 'managerId', label: b('食品安全管理员身份证号', 'Food safety manager ID'), type: 'id_number', required: true },
        phone,
      ] },
    },
  },
  {
    code: 'XF-JC-001',
    content: {
      name: '公众聚集场所投入使用、营业前消防安全检查', type: 'administrative_licence', department: FIRE, reviewDepartments: [FIRE],
      legalLimitDays: 10, promisedLimitDays: 5, applicantTypes: ['enterprise'],
      materials: [
        mat('application', '公众聚集场所投入使用、营业消防安全检查申报表', { form: 'original' }),
        mat('licence', '营业执照', { form: 'copy' }),
        mat('acceptance', '消防验收或备案凭证', { form: 'copy' }),
      ],
      fees: [], channels: ['window', 'online'], visits: 0,
      modes: { tolerance: null, commitment: { text: FIRE_COMMITMENT, inspectionDays: 20 }, priority: true },
      resultTitle: '公众聚集场所投入使用、营业消防安全检查合格证', guide: '实行告知承诺管理：申请人作出承诺并提交材料后，当场作出许可决定，消防救援机构于 20 个工作日内核查。',
      form: { fields: [
        text('venueName', '场所名称', 'Venue name'),
        text('address', '场所地址', 'Address'),
        { key: 'area', label: b('建筑面积（平方米）', 'Floor area (m²)'), type: 'number', required: true, min: 1, max: 1000000 },
        { key: 'openOn', label: b('拟开业日期', 'Opening day'), type: 'date', required: true },
        phone,
      ] },
    },
  },
  {
    code: 'GH-JS-001',
    content: {
      name: '建设工程规划许可证核发', type: 'administrative_licence', department: PLANNING, reviewDepartments: [PLANNING, HOUSING],
      legalLimitDays: 20, promisedLimitDays: 10, applicantTypes: ['enterprise'],
      materials: [
        mat('landDocs', '使用土地的有关证明文件', { form: 'copy' }),
        mat('design', '建设工程设计方案', { form: 'original' }),
        mat('review', '设计方案审查意见', { form: 'copy', secondary: true }),
      ],
      fees: [], channels: ['window', 'online', 'express'], visits: 1,
      modes: { tolerance: { materials: ['review'], supplyDays: 10 }, commitment: null, priority: true },
      resultTitle: '建设工程规划许可证', guide: '一窗受理、并联审查：自然资源和规划局与住房和城乡建设局同时审查，统一出件。园区重点项目可申请优先办。',
      form: { fields: [
        text('projectName', '项目名称', 'Project name'),
        text('location', '建设位置', 'Location'),
        { key: 'floorArea', label: b('总建筑面积（平方米）', 'Total floor area (m²)'), type: 'number', required: true, min: 1 },
        { key: 'inPark', label: b('是否园区项目', 'Industrial-park project'), type: 'choice', required: true, options: [{ value: 'yes', label: b('是', 'Yes') }, { value: 'no', label: b('否', 'No') }] },
        text('parkName', '所在园区', 'Park', { visibleWhen: { field: 'inPark', in: ['yes'] } }),
        phone,
      ] },
    },
  },
  {
    code: 'RS-SB-001',
    content: {
      name: '城镇职工基本养老保险关系转移接续', type: 'public_service', department: HRSS, reviewDepartments: [HRSS],
      legalLimitDays: 45, promisedLimitDays: 15, applicantTypes: ['person'],
      materials: [mat('identity', '居民身份证', { form: 'copy' }), mat('certificate', '参保缴费凭证', { form: 'original', secondary: true })],
      fees: [], channels: ['window', 'online', 'mobile'], visits: 0,
      modes: { tolerance: { materials: ['certificate'], supplyDays: 15 }, commitment: null, priority: false },
      resultTitle: '基本养老保险关系转移接续联系函', guide: '跨省转移养老保险关系：线上申请，转出地和转入地经办机构协同办理，全程不见面。',
      form: { fields: [
        text('fromRegion', '转出地', 'Transferring from'),
        { key: 'insuredId', label: b('参保人身份证号', 'Insured person\'s ID'), type: 'id_number', required: true },
        { key: 'insuredSince', label: b('参保时间', 'Insured since'), type: 'date', required: true },
        phone,
      ] },
    },
  },
  {
    code: 'CL-ZJ-001',
    content: {
      name: '残疾人证核发', type: 'administrative_confirmation', department: DISABLED, reviewDepartments: [DISABLED, HEALTH],
      legalLimitDays: 30, promisedLimitDays: 15, applicantTypes: ['person'],
      materials: [mat('photo', '近期免冠照片', { count: 2 }), mat('assessment', '残疾评定表（定点医疗机构出具）', { form: 'original' }), mat('hukou', '户口簿', { form: 'copy', secondary: true })],
      fees: [], channels: ['window', 'online', 'mobile', 'express'], visits: 1,
      modes: { tolerance: { materials: ['hukou'], supplyDays: 10 }, commitment: null, priority: true },
      resultTitle: '中华人民共和国残疾人证', guide: '残联受理，卫健部门审核评定结论，并联办理；证件可邮寄送达。',
      form: { fields: [
        { key: 'category', label: b('残疾类别', 'Category'), type: 'choice', required: true, options: ['视力', '听力', '言语', '肢体', '智力', '精神'].map((v, i) => ({ value: `c${i + 1}`, label: b(v, ['Visual', 'Hearing', 'Speech', 'Physical', 'Intellectual', 'Mental'][i]) })) },
        { key: 'guardianPhone', label: b('监护人电话', 'Guardian phone'), type: 'phone' },
        phone,
      ] },
    },
  },
  {
    code: 'GA-HJ-001',
    content: {
      name: '户口迁入（投靠直系亲属）', type: 'administrative_licence', department: POLICE, reviewDepartments: [POLICE],
      legalLimitDays: 20, promisedLimitDays: 5, applicantTypes: ['person'],
      materials: [mat('relation', '亲属关系证明', { form: 'original' }), mat('housing', '住房证明', { form: 'copy' })],
      fees: [], channels: ['window', 'online', 'mobile'], visits: 1,
      modes: { tolerance: null, commitment: null, priority: false },
      resultTitle: '准予迁入证明', guide: '投靠配偶、父母或子女落户：线上预审，审核通过后到户籍窗口办理一次。',
      form: { fields: [
        { key: 'relation', label: b('与投靠人关系', 'Relation'), type: 'choice', required: true, options: [{ value: 'spouse', label: b('夫妻', 'Spouse') }, { value: 'parent', label: b('父母', 'Parent') }, { value: 'child', label: b('子女', 'Child') }] },
        { key: 'hostId', label: b('被投靠人身份证号', 'Host\'s ID'), type: 'id_number', required: true },
        phone,
      ] },
    },
  },
  {
    code: 'LB-CY-001',
    content: {
      name: '餐饮店开业联办（营业执照、食品经营许可、消防检查一窗受理）', type: 'administrative_licence', department: MARKET, reviewDepartments: [MARKET, FIRE],
      legalLimitDays: 20, promisedLimitDays: 5, applicantTypes: ['person', 'enterprise'],
      materials: [
        mat('identity', '经营者身份证明', { form: 'copy' }),
        mat('premises', '经营场所使用证明', { form: 'copy' }),
        mat('layout', '平面布局图', { form: 'original' }),
        mat('health', '从业人员健康证明', { form: 'copy', secondary: true }),
      ],
      fees: [], channels: ['window', 'online', 'mobile', 'express'], visits: 0,
      modes: { tolerance: { materials: ['health'], supplyDays: 5 }, commitment: null, priority: true },
      resultTitle: '餐饮店开业联办决定书', guide: '开餐馆一件事：一张表单、一套材料，市场监管与消防并联审查，一次出件。',
      form: { fields: [
        text('shopName', '店名', 'Shop name', { minLength: 2, maxLength: 50 }),
        text('address', '经营场所', 'Premises address'),
        { key: 'seats', label: b('座位数', 'Seats'), type: 'number', required: true, min: 1, max: 5000 },
        { key: 'area', label: b('营业面积（平方米）', 'Floor area (m²)'), type: 'number', required: true, min: 1 },
        phone,
      ] },
    },
  },
];

/** 一件事一次办: the demo bundle — opening a restaurant as one application (composed from the demo items at seeding). */
export const DEMO_BUNDLES: { code: string; spec: BundleSpec }[] = [
  {
    code: 'YJS-CY-001',
    spec: {
      name: '开办餐饮店“一件事”（企业）', lifeEvent: '开办餐饮店', department: MARKET, items: ['SCJG-SP-002', 'XF-JC-001'],
      resultTitle: '开办餐饮店“一件事”办结通知书',
      guide: '已领取营业执照的企业开办餐饮店：一次告知、一表申请、一套材料，食品经营许可与公众聚集场所营业前消防安全检查并联办理，市场监管局牵头，一次办结。',
    },
  },
];
