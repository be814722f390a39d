/**
 * The epidemic registries' vocabularies (person statuses, risk levels, quarantine kinds) with the
 * words the server puts into citizens' reasons and fact summaries. The web's locale names each
 * value too; its test checks it against these lists.
 */

/** A text in both languages. */
export interface BilingualText {
  zh: string;
  en: string;
}

/** Statuses a person can be registered with (人员状态). */
export const PERSON_STATUSES = ['confirmed', 'suspected', 'asymptomatic', 'close_contact', 'secondary_contact', 'released'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const PERSON_STATUS_TEXT: Record<PersonStatus, BilingualText> = {
  confirmed: { zh: '确诊病例', en: 'confirmed case' },
  suspected: { zh: '疑似病例', en: 'suspected case' },
  asymptomatic: { zh: '无症状感染者', en: 'asymptomatic infection' },
  close_contact: { zh: '密切接触者', en: 'close contact' },
  secondary_contact: { zh: '次密切接触者', en: 'secondary contact' },
  released: { zh: '已解除管控', en: 'released' },
};

/** Risk levels of an area (高/中/低风险地区). */
export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_LEVEL_TEXT: Record<RiskLevel, BilingualText> = {
  high: { zh: '高', en: 'high' },
  medium: { zh: '中', en: 'medium' },
  low: { zh: '低', en: 'low' },
};

/** Kinds of quarantine (居家 / 集中隔离). */
export const QUARANTINE_KINDS = ['home', 'central'] as const;
export type QuarantineKind = (typeof QUARANTINE_KINDS)[number];

export const QUARANTINE_KIND_TEXT: Record<QuarantineKind, BilingualText> = {
  home: { zh: '居家隔离', en: 'home quarantine' },
  central: { zh: '集中隔离', en: 'central quarantine' },
};

/** The text of a registry value in one language; an unknown value is shown as it is. */
export function registryText(texts: Readonly<Record<string, BilingualText>>, value: string, lang: 'zh' | 'en'): string {
  return Object.hasOwn(texts, value) ? texts[value][lang] : value;
}
