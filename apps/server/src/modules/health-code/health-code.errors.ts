import { defineErrors } from '../../platform/http/errors.ts';

/**
 * Error codes of the health code. The HEALTH_CODE_TOKEN_* codes are also the `reason` of a refused
 * verification (answered 200 with valid: false, decision: 'stop'), one distinct code per cause.
 */
export const HealthCodeErrors = defineErrors('HEALTH_CODE', {
  HEALTH_CODE_REAL_NAME_REQUIRED: { status: 409, zh: '请先完成实名认证', en: 'Please complete real-name registration first' },
  HEALTH_CODE_DIVISION_UNKNOWN: { status: 400, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
  HEALTH_CODE_RESIDENCE_TOO_BROAD: { status: 400, zh: '现居住地须填写到区县', en: 'The residence must be a county-level division (not a province or a city with counties)' },
  HEALTH_CODE_DATES_INVALID: { status: 400, zh: '行程日期不正确（须在近 30 天内且不晚于今天）', en: 'The trip dates are not valid (within the last 30 days, not in the future)' },
  HEALTH_CODE_RULESET_INVALID: { status: 400, zh: '规则集不正确', en: 'The rule set is not valid' },
  HEALTH_CODE_RULESET_NOT_DRAFT: { status: 409, zh: '只能试算或发布草稿版本', en: 'Only a draft version can be dry-run or published' },
  HEALTH_CODE_RULESET_CHANGED: { status: 409, zh: '提出申请后已有其他版本生效，请重新提出', en: 'Another version became active since this was proposed; propose it again' },
  HEALTH_CODE_NO_PREVIOUS_RULESET: { status: 409, zh: '没有可回滚的上一版本', en: 'There is no previous version to roll back to' },
  HEALTH_CODE_OVERRIDE_SAME_OFFICER: { status: 409, zh: '人工调整须由另一名工作人员审核', en: 'An override must be approved by a different officer' },
  HEALTH_CODE_OVERRIDE_NOT_PENDING: { status: 409, zh: '该人工调整已处理', en: 'This override has already been decided' },
  HEALTH_CODE_OVERRIDE_NOT_RENEWABLE: { status: 409, zh: '只有审核已过期或已到期的人工调整可以重新提议', en: 'Only an override whose review lapsed or whose time ran out can be proposed again' },
  HEALTH_CODE_OVERRIDE_EXPIRY_INVALID: { status: 400, zh: '到期时间须在未来 30 天内', en: 'The expiry must be within the next 30 days' },
  HEALTH_CODE_PERSON_NOT_FOUND: { status: 404, zh: '未找到该证件号码的实名用户', en: 'No registered person has this document number' },
  HEALTH_CODE_NOTHING_TO_CONFIRM: { status: 409, zh: '该人员当前无待确认的转码', en: 'There is no release waiting for confirmation for this person' },
  HEALTH_CODE_FACT_NOT_FOUND: { status: 404, zh: '未找到要纠错的记录', en: 'The fact to correct was not found' },
  HEALTH_CODE_CORRECTION_NOT_PENDING: { status: 409, zh: '该纠错申请已处理', en: 'This correction request has already been decided' },
  HEALTH_CODE_CORRECTION_DUPLICATE: { status: 409, zh: '该记录已有待处理的纠错申请', en: 'This fact already has a pending correction request' },
  HEALTH_CODE_VENUE_MISMATCH: { status: 403, zh: '只能为本场所验码', en: 'You can only verify codes for your own venue' },
  HEALTH_CODE_ISSUER_KEY_INVALID: { status: 400, zh: '公钥格式不正确', en: 'The public key is not valid' },
  HEALTH_CODE_ISSUER_SCOPE_TOO_NARROW: { status: 403, zh: '互认签发机构须由市级及以上工作人员管理', en: 'Trusted issuers are managed by officers of a city or wider region' },
  HEALTH_CODE_TOKEN_MALFORMED: { status: 400, zh: '健康码格式不正确', en: 'The health code is not well-formed' },
  HEALTH_CODE_TOKEN_FORGED: { status: 400, zh: '健康码签名无效（伪造或被篡改）', en: 'The health code signature is invalid (forged or altered)' },
  HEALTH_CODE_TOKEN_EXPIRED: { status: 400, zh: '健康码已过期，请刷新后重新出示', en: 'The health code has expired; refresh it and show it again' },
  HEALTH_CODE_TOKEN_REPLAYED: { status: 400, zh: '健康码已使用且已过期（疑似截图重放）', en: 'The health code was already used and has expired (a replayed screenshot?)' },
  HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER: { status: 400, zh: '签发机构不在互认名单内', en: 'The issuer is not trusted for mutual recognition' },
});

/** The distinct refusal reasons of verification. */
export type TokenRefusal = Extract<keyof typeof HealthCodeErrors, `HEALTH_CODE_TOKEN_${string}`>;
