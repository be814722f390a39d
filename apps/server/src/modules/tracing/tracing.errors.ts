import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of case files, itineraries and tracing. */
export const TracingErrors = defineErrors('TRACING', {
  TRACING_DOCUMENT_INVALID: { status: 400, zh: '证件号码不正确', en: 'The document number is not valid' },
  TRACING_DIVISION_UNKNOWN: { status: 400, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
  TRACING_DATES_INVALID: {
    status: 400,
    zh: '日期不正确（不能晚于今天，发病日期不能晚于报告日期，确诊日期不能早于报告日期）',
    en: 'The dates are not valid (none in the future, onset not after report, confirmation not before report)',
  },
  TRACING_TRANSITION_INVALID: { status: 409, zh: '病例当前状态不能变更为该状态', en: 'The case cannot move from its current status to that one' },
  TRACING_TIMES_INVALID: { status: 400, zh: '时间不正确（结束须晚于开始，且不能晚于现在，最长 7 天）', en: 'The times are not valid (end after start, not in the future, at most 7 days)' },
  TRACING_TRIP_NUMBER_INVALID: { status: 400, zh: '车次/航班号格式不正确', en: 'The train, flight or line number is malformed' },
  TRACING_SEAT_INVALID: { status: 400, zh: '座位号或车厢号不正确', en: 'The seat or carriage is not valid' },
  TRACING_VENUE_UNKNOWN: { status: 400, zh: '场所不存在', en: 'Unknown venue' },
  TRACING_POINT_INCOMPLETE: { status: 400, zh: '轨迹点信息不完整（停留点需场所或地点名称，行程需交通方式、车次和日期）', en: 'The itinerary point is incomplete (a stay needs a venue or a place name; a trip needs mode, number and date)' },
  TRACING_STAY_OVERLAPS: { status: 409, zh: '与该病例已有的停留时间重叠', en: 'The stay overlaps another stay of this case' },
  TRACING_POINT_PUBLISHED: { status: 409, zh: '已发布的轨迹点不能删除', en: 'A published itinerary point cannot be removed' },
  TRACING_NOTHING_TO_PUBLISH: { status: 409, zh: '没有待发布的轨迹点', en: 'There is no unpublished itinerary point' },
  TRACING_CASE_EXCLUDED: { status: 409, zh: '已排除的病例不能发布轨迹', en: 'An excluded case\'s itinerary cannot be published' },
  TRACING_PUBLICATION_PENDING: { status: 409, zh: '该病例已有待审核的公布申请', en: 'A publication proposal for this case is already awaiting approval' },
  TRACING_HANDOVER_SAME_REGION: { status: 409, zh: '该密接已在此地区的名单中', en: 'The contact is already on that region\'s worklist' },
  TRACING_FOLLOW_UP_CLOSED: { status: 409, zh: '该密接的随访已结束或已转为病例', en: 'This contact\'s follow-up has ended or been escalated to a case' },
  TRACING_FOLLOW_UP_UNREACHED: { status: 400, zh: '未联系上时不能填写症状、体温或检测', en: 'Symptoms, temperature and tests cannot be recorded when the contact was not reached' },
  TRACING_CONTACT_NOT_REAL_NAME: { status: 409, zh: '该人员未实名认证，请按证件号登记病例', en: 'This person has no verified identity; register the case by document number' },
  TRACING_FONT_MISSING: { status: 503, zh: '服务器未安装中文字体，暂时无法生成随访表', en: 'The server has no CJK font: the follow-up sheet cannot be rendered now' },
  TRACING_LAB_NO_CASE_PROPOSED: { status: 409, zh: '该检测结果不需要立案（非阳性、已立案或该人员已有病例）', en: 'This result proposes no case (not positive, already opened, or the person already has an open case)' },
  TRACING_CLUSTER_UNKNOWN: { status: 400, zh: '聚集性疫情不存在', en: 'Unknown cluster' },
  TRACING_IMPORT_UNREADABLE: { status: 400, zh: '文件无法读取（请上传 CSV 或 XLSX，首行为表头）', en: 'The file cannot be read (upload CSV or XLSX with a header row)' },
  TRACING_IMPORT_COLUMNS: { status: 400, zh: '表头缺少必填列或行数过多（姓名、证件号码、状态、报告日期、所属地区；最多 5000 行）', en: 'A required column is missing or there are too many rows (name, document number, status, report date, region; at most 5000 rows)' },
  TRACING_REPORT_DECIDED: { status: 409, zh: '该报告已处理', en: 'This report has already been decided' },
  TRACING_NOT_A_CANDIDATE: { status: 409, zh: '该人员不在此病例的时空交集名单中', en: 'This person is not a co-presence candidate of this case' },
});
