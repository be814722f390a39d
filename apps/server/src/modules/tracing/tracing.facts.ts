import { dayOf } from '@fangxian/contracts/kernel';
import { batchFactSource, formatDay, type FactContribution } from '../health-code/index.ts';
import { labResultsOfMany, tracingFactsOf, tracingFactsOfMany, type PersonTracingFacts } from './tracing.repository.ts';

type Entry = NonNullable<FactContribution['personStatuses']>[number];

const CASE_TEXT: Record<string, { zh: string; en: string }> = {
  suspected: { zh: '疑似病例', en: 'suspected case' },
  asymptomatic: { zh: '无症状感染者', en: 'asymptomatic case' },
  confirmed: { zh: '确诊病例', en: 'confirmed case' },
  recovered: { zh: '治愈出院', en: 'recovered' },
  close: { zh: '密切接触者', en: 'close contact' },
  secondary: { zh: '次密切接触者', en: 'secondary contact' },
};

const LAB_TEXT: Record<string, { zh: string; en: string }> = {
  nucleic_acid: { zh: '核酸检测', en: 'Nucleic acid test' },
  antigen: { zh: '抗原检测', en: 'Antigen test' },
  antibody: { zh: '抗体检测', en: 'Antibody test' },
};

/**
 * Case files and confirmed contacts as person-status facts of the health code: a case's person is
 * suspected / asymptomatic / confirmed (recovered → released), a confirmed close or secondary contact is
 * close_contact / secondary_contact from the day the officer confirmed it. General contacts and
 * dismissed candidates add nothing; an excluded case adds nothing and its contacts lapse.
 */
export const TracingFacts = batchFactSource(
  'tracing',
  async ({ db, persons, isExcluded: isExcludedOf, since }) => {
    // Two statements for the whole batch (cases and contacts; lab results), whatever its size.
    const tracing = await tracingFactsOfMany(db, persons);
    const labsByIndex = await labResultsOfMany(db, [...new Set(persons.map((p) => p.documentIndex).filter((x): x is string => x !== null))], since);
    const out = new Map<string, FactContribution>();
    for (const person of persons) {
      const labs = person.documentIndex ? (labsByIndex.get(person.documentIndex) ?? []) : [];
      out.set(person.citizenId, contributionOf(tracing.get(person.citizenId)!, labs, (type, id) => isExcludedOf(person.citizenId, type, id)));
    }
    return out;
  },
  {
    regionsOf: async ({ db, person }) => {
      const found = await tracingFactsOf(db, person.citizenId, person.documentIndex);
      return [...found.cases.map((c) => c.regionCode), ...found.contacts.map((c) => c.regionCode)];
    },
  },
);

/** One person's tracing contribution from their cases, contacts and lab results since the window's start. */
function contributionOf(
  found: PersonTracingFacts,
  allLabs: { id: string; testType: string; result: string; sampleDate: string; lab: string }[],
  isExcluded: (type: string, id: string) => boolean,
): FactContribution {
  const entries: (Entry & { id: string; type: string; key: string })[] = [];
  for (const c of found.cases) {
    if (c.status === 'excluded') continue;
    const status = c.status === 'recovered' ? 'released' : (c.status as Entry['status']);
    const day = c.status === 'recovered' ? dayOf(c.updatedAt) : c.status === 'confirmed' ? (c.confirmedDate ?? c.reportDate) : c.reportDate;
    entries.push({ status, day, source: '流调病例档案', id: c.id, type: 'tracing_case', key: c.status });
  }
  for (const c of found.contacts) {
    if (c.level !== 'close' && c.level !== 'secondary') continue;
    const day = dayOf(c.decidedAt);
    entries.push({ status: c.level === 'close' ? 'close_contact' : 'secondary_contact', day, source: '流调时空交集', id: c.id, type: 'tracing_contact', key: c.level });
  }
  const kept = entries.filter((e) => !isExcluded(e.type, e.id)).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  // Lab results: the latest sample of each test type as `ext:lab.<type>` (value positive / negative, day = sample day).
  const labs = allLabs.filter((l) => !isExcluded('tracing_lab', l.id));
  const extra: Record<string, { value: string; day: string; label: { zh: string; en: string } }> = {};
  for (const l of labs) {
    extra[`lab.${l.testType}`] = { value: l.result, day: l.sampleDate, label: { zh: `${LAB_TEXT[l.testType]?.zh ?? l.testType}${l.result === 'positive' ? '阳性' : '阴性'}（${l.lab}）`, en: `${LAB_TEXT[l.testType]?.en ?? l.testType} ${l.result} (${l.lab})` } };
  }
  return {
    personStatuses: kept.map((e) => ({ status: e.status, day: e.day, source: e.source })),
    extra,
    disputable: [
      ...labs.map((l) => ({
        type: 'tracing_lab',
        id: l.id,
        day: l.sampleDate,
        summary: { zh: `${formatDay(l.sampleDate, 'zh')} 采样${LAB_TEXT[l.testType]?.zh ?? l.testType}${l.result === 'positive' ? '阳性' : '阴性'}（${l.lab}）`, en: `${LAB_TEXT[l.testType]?.en ?? l.testType} ${l.result}, sampled ${formatDay(l.sampleDate, 'en')} (${l.lab})` },
      })),
      ...kept.map((e) => ({
      type: e.type,
      id: e.id,
      day: e.day,
      summary: {
        zh: `${formatDay(e.day, 'zh')} 流调登记为${CASE_TEXT[e.key]?.zh ?? e.key}`,
        en: `Registered by tracing as ${CASE_TEXT[e.key]?.en ?? e.key} on ${formatDay(e.day, 'en')}`,
      },
    })),
    ],
  };
}
