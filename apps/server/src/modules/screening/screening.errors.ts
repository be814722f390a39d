import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of the screening module. */
export const ScreeningErrors = defineErrors('SCREENING', {
  SCREENING_SOURCE_NAME_TAKEN: { status: 409, zh: '已有同名数据来源', en: 'A source with this name exists' },
  SCREENING_DIVISION_UNKNOWN: { status: 400, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
  SCREENING_MAPPING_INVALID: { status: 400, zh: '字段映射不正确', en: 'The column mapping is not valid' },
  SCREENING_FILE_MISSING: { status: 400, zh: '请上传名单文件（CSV 或 XLSX）', en: 'Upload a list file (CSV or XLSX)' },
  SCREENING_IMPORT_FINISHED: { status: 409, zh: '导入已结束', en: 'The import has already finished' },
  SCREENING_REVIEW_DECIDED: { status: 409, zh: '该比对已处理', en: 'This pair has already been decided' },
  SCREENING_MERGE_UNDONE: { status: 409, zh: '该合并已撤销', en: 'This merge has already been undone' },
  SCREENING_MERGE_STALE: { status: 409, zh: '合并后记录已变动，无法撤销', en: 'The records changed after the merge; it cannot be undone' },
  SCREENING_PERSON_MERGED: { status: 409, zh: '该人员已合并到其他记录', en: 'This person was merged into another record' },
  SCREENING_TASK_CLOSED: { status: 409, zh: '任务已销号', en: 'The task is closed' },
  SCREENING_TASK_OPEN: { status: 409, zh: '任务未销号', en: 'The task is still open' },
  SCREENING_CLOSE_INCOMPLETE: { status: 400, zh: '销号前请补全核查信息', en: 'Complete the follow-up before closing' },
  SCREENING_FOLLOW_UP_INVALID: { status: 400, zh: '核查信息不正确', en: 'The follow-up is not valid' },
  SCREENING_FILE_UNREADABLE: { status: 400, zh: '无法读取该文件：请上传 CSV（UTF-8 或 GBK）或 XLSX 名单', en: 'The file cannot be read: upload a CSV (UTF-8 or GBK) or XLSX list' },
  SCREENING_SAMPLE_TOO_LARGE: { status: 413, zh: '样例文件过大：请上传只含前几行的样例', en: 'The sample is too large: upload a file with only the first rows' },
  SCREENING_EXPORT_NOT_APPROVED: { status: 409, zh: '该导出申请尚未获另一名工作人员批准', en: 'This export has not been approved by another officer' },
  SCREENING_EXPORT_WINDOW_PASSED: { status: 409, zh: '批准后的下载时限已过，请重新申请', en: 'The download window after approval has passed; propose the export again' },
  SCREENING_SOURCES_SAME: { status: 400, zh: '请选择两个不同的来源', en: 'Choose two different sources' },
});
