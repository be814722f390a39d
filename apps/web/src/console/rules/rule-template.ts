/**
 * Live preview of a rule's explanation: its template with example evidence in place of the
 * placeholders of docs/health-code.md ("The rule language"), so an officer reads the sentence a
 * citizen will see instead of "{status}（{day}, {source}）".
 */

/** Example values per placeholder and language (what the server fills from the first piece of evidence). */
const EXAMPLES: Record<string, { zh: string; en: string }> = {
  day: { zh: '3 月 2 日', en: '2 Mar' },
  area: { zh: '四川省德阳市旌阳区', en: 'Jingyang District, Deyang, Sichuan' },
  divisionCode: { zh: '510603', en: '510603' },
  level: { zh: '高', en: 'high' },
  status: { zh: '确诊病例', en: 'confirmed case' },
  celsius: { zh: '37.8', en: '37.8' },
  kind: { zh: '居家隔离', en: 'home quarantine' },
  value: { zh: '1', en: '1' },
  source: { zh: '核酸检测', en: 'nucleic acid test' },
};

/** The placeholders a template may use. */
export const TEMPLATE_PLACEHOLDERS = Object.keys(EXAMPLES);

/** The template with each known placeholder replaced by its example; unknown ones are left as they are. */
export function renderTemplate(template: string, language: 'zh' | 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => EXAMPLES[name]?.[language] ?? whole);
}

/** Placeholders of the template that the server does not know (it would refuse the rule set). */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((name) => !(name in EXAMPLES));
}
