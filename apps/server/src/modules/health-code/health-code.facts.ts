import { and, desc, eq, gte, isNotNull } from 'drizzle-orm';
import { addDays, daysBetween, dayOf, startOfDay, PERSON_STATUS_TEXT, registryText } from '@fangxian/contracts/kernel';
import type { DbOrTx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineExtensionPoint } from '../../platform/modules/module.ts';
import { findQuarantinesOf, findRiskAreasCovering, findStatusesOf } from '../epidemic/index.ts';
import { formatDay } from './health-code.days.ts';
import { hcDeclarations, hcFactExclusions, hcRecordedFacts } from './health-code.tables.ts';
import { openHealthFields } from './health-code.declarations.ts';
import type { ExtraFact, Facts, Hold, OverrideFact, PersonStatus, QuarantineKind, RiskLevel, Rule, Visit } from './health-code.types.ts';

/**
 * The one place facts enter the health code. Every source — declarations, the epidemic registries,
 * venue scans, and whatever later modules add (tracing, screening, check-in) — is a FactSource
 * contributed to the HealthCodeFactSources extension point in its module's manifest. A source reads
 * its own data for one person and contributes to the Facts; it also lists the facts a citizen may
 * dispute (纠错), and must skip facts set aside by accepted corrections.
 */

/** Who the facts are about: the citizen, and the document blind index the registries are keyed by. */
export interface PersonRef {
  citizenId: string;
  documentIndex: string | null;
  householdDivision: string | null;
}

/** What a source is given. */
export interface FactContext {
  ctx: AppContext;
  /** The database or the recomputation's transaction: loaders must read through this. */
  db: DbOrTx;
  person: PersonRef;
  today: string;
  /** First day worth loading (the rules' longest window plus their longest recovery). */
  since: string;
  /** `${factType}:${factId}` of facts set aside by accepted corrections. */
  isExcluded(factType: string, factId: string): boolean;
}

/** A fact the citizen can see and dispute. */
export interface DisputableFact {
  type: string;
  id: string;
  day: string;
  summary: { zh: string; en: string };
}

/** What one source adds. Lists are appended; `extra` is merged by name; the latest residence wins. */
export interface FactContribution {
  temperatures?: Facts['temperatures'];
  caseContactDays?: string[];
  personStatuses?: Facts['personStatuses'];
  quarantines?: Facts['quarantines'];
  visits?: Visit[];
  residence?: { divisionCode: string; day: string };
  extra?: Record<string, ExtraFact>;
  disputable?: DisputableFact[];
}

/** A fact source: reads its own data for one person and contributes to their Facts. */
export interface FactSource {
  /** Unique among the app's sources, e.g. 'declarations', 'scans'. */
  readonly name: string;
  load(fc: FactContext): Promise<FactContribution>;
  /**
   * For a source that places people in divisions (visits): walks the people it places in any of the
   * divisions (GB/T 2260; a city or province covers everything beneath it) since an instant, a batch
   * at a time; `visit` may answer false to stop, and may see a person more than once. When a risk
   * area changes, the health code marks these people due and recomputes the first of them at once.
   */
  forEachPersonIn?(db: DbOrTx, divisionCodes: string[], since: Date, visit: (citizenIds: string[]) => Promise<boolean | void>): Promise<void>;
  /**
   * For a source whose records are kept by a region (registries, screening lists): the divisions where
   * its records of the person arose. Officers of those regions reach the person (regionsOfPerson),
   * whatever residence the person declares. Read only for officers' scope checks, not when computing.
   */
  regionsOf?(fc: FactContext): Promise<string[]>;
}

/** A FactSource from its name and loader (and, for a source of visits, its walk over people in divisions; for a regional registry, its regions). */
export function factSource(name: string, load: FactSource['load'], walk: Pick<FactSource, 'forEachPersonIn' | 'regionsOf'> = {}): FactSource {
  return { name, load, ...walk };
}

/**
 * Where facts come from: the health code contributes its own sources (declarations, the epidemic
 * registries, recorded facts); other modules contribute theirs in their manifests (venues: scans).
 */
export const HealthCodeFactSources = defineExtensionPoint<FactSource>('health-code.fact-sources');

/** The app's fact sources, in module start order. */
export function factSourcesOf(ctx: AppContext): readonly FactSource[] {
  return ctx.modules.contributions(HealthCodeFactSources);
}

/** Refuses two sources of one name (checked when the app starts). */
export function assertUniqueFactSources(sources: readonly FactSource[]): void {
  const names = new Set<string>();
  for (const source of sources) {
    if (names.has(source.name)) throw new Error(`health-code fact source ${source.name} contributed twice`);
    names.add(source.name);
  }
}

/** How far back facts are loaded for a rule set: its longest window plus its longest recovery, at least 21 days. */
export function lookbackDays(rules: Rule[]): number {
  let window = 14;
  const walk = (c: unknown): void => {
    if (!c || typeof c !== 'object') return;
    const o = c as Record<string, unknown>;
    if (typeof o.withinDays === 'number') window = Math.max(window, o.withinDays);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  let recovery = 0;
  for (const r of rules) {
    walk(r.condition);
    recovery = Math.max(recovery, r.durationDays);
  }
  return Math.min(150, Math.max(21, window + recovery + 1));
}

/** Assembles one person's Facts from every source of the app, plus the disputable facts list. */
export async function assembleFacts(
  ctx: AppContext,
  db: DbOrTx,
  person: PersonRef,
  options: { now: Date; rules: Rule[]; holds: Hold[]; override: OverrideFact | null },
): Promise<{ facts: Facts; disputable: DisputableFact[] }> {
  const today = dayOf(options.now);
  const since = addDays(today, -lookbackDays(options.rules));
  const excludedRows = await db
    .select({ factType: hcFactExclusions.factType, factId: hcFactExclusions.factId })
    .from(hcFactExclusions)
    .where(eq(hcFactExclusions.citizenId, person.citizenId));
  const excluded = new Set(excludedRows.map((r) => `${r.factType}:${r.factId}`));
  const fc: FactContext = { ctx, db, person, today, since, isExcluded: (t, id) => excluded.has(`${t}:${id}`) };

  const facts: Facts = {
    residenceDivision: person.householdDivision,
    temperatures: [],
    caseContactDays: [],
    personStatuses: [],
    quarantines: [],
    visits: [],
    riskAreas: [],
    extra: {},
    holds: options.holds,
    override: options.override,
  };
  const disputable: DisputableFact[] = [];
  let residenceDay = '';
  for (const source of factSourcesOf(ctx)) {
    const c = await source.load(fc);
    facts.temperatures.push(...(c.temperatures ?? []));
    facts.caseContactDays.push(...(c.caseContactDays ?? []));
    facts.personStatuses.push(...(c.personStatuses ?? []));
    facts.quarantines.push(...(c.quarantines ?? []));
    facts.visits.push(...(c.visits ?? []));
    Object.assign(facts.extra, c.extra ?? {});
    disputable.push(...(c.disputable ?? []));
    if (c.residence && c.residence.day >= residenceDay) {
      facts.residenceDivision = c.residence.divisionCode;
      residenceDay = c.residence.day;
    }
  }
  facts.personStatuses.sort((a, b) => a.day.localeCompare(b.day));
  const divisions = [...new Set([...facts.visits.map((v) => v.divisionCode), ...(facts.residenceDivision ? [facts.residenceDivision] : [])])];
  const areas = await findRiskAreasCovering(db, divisions, since);
  facts.riskAreas = areas
    .filter((a) => a.startDate <= today)
    .map((a) => ({ divisionCode: a.divisionCode, name: a.divisionName, level: a.level as RiskLevel, from: a.startDate, to: a.endDate }));
  disputable.sort((a, b) => b.day.localeCompare(a.day));
  return { facts, disputable };
}

/**
 * The divisions a person's records belong to, for officers' region scope: the household (registered)
 * division, the current residence, where the facts arose — visits (scans at venues, declared trips)
 * within the rules' look-back — and the regions whose registries or lists hold records of the person
 * (the sources' regionsOf: person statuses, quarantines, screening lists). A self-declared residence
 * is one of them, never the only way in, so declaring a residence elsewhere hides nobody.
 */
export async function regionsOfPerson(ctx: AppContext, db: DbOrTx, person: PersonRef, rules: Rule[], now: Date = new Date()): Promise<string[]> {
  const { facts } = await assembleFacts(ctx, db, person, { now, rules, holds: [], override: null });
  const today = dayOf(now);
  const fc: FactContext = { ctx, db, person, today, since: addDays(today, -lookbackDays(rules)), isExcluded: () => false };
  const regions = new Set<string>();
  if (person.householdDivision) regions.add(person.householdDivision);
  if (facts.residenceDivision) regions.add(facts.residenceDivision);
  for (const visit of facts.visits) regions.add(visit.divisionCode);
  for (const source of factSourcesOf(ctx)) {
    if (source.regionsOf) for (const region of await source.regionsOf(fc)) if (region) regions.add(region);
  }
  return [...regions];
}

// ---- built-in sources ----

const SYMPTOM_TEXT: Record<string, { zh: string; en: string }> = {
  fever: { zh: '发热', en: 'fever' },
  cough: { zh: '咳嗽', en: 'cough' },
  fatigue: { zh: '乏力', en: 'fatigue' },
  sore_throat: { zh: '咽痛', en: 'sore throat' },
  shortness_of_breath: { zh: '呼吸困难', en: 'shortness of breath' },
  diarrhoea: { zh: '腹泻', en: 'diarrhoea' },
  loss_of_smell: { zh: '嗅觉减退', en: 'loss of smell' },
  other: { zh: '其他症状', en: 'other symptoms' },
};

/**
 * Declarations: temperatures and symptoms, declared contact with cases, trips, and the current
 * residence. The health fields are stored encrypted (health_cipher) and opened here.
 */
export const DeclarationFacts = factSource('declarations', async ({ ctx, db, person, since, today, isExcluded }) => {
  const rows = await db
    .select()
    .from(hcDeclarations)
    .where(and(eq(hcDeclarations.citizenId, person.citizenId), gte(hcDeclarations.declaredOn, since)))
    .orderBy(hcDeclarations.createdAt);
  const out: Required<Pick<FactContribution, 'temperatures' | 'caseContactDays' | 'visits' | 'disputable'>> & FactContribution = {
    temperatures: [],
    caseContactDays: [],
    visits: [],
    disputable: [],
  };
  for (const row of rows) {
    if (isExcluded('declaration', row.id)) continue;
    if (row.kind === 'health') {
      // Null only for a row that predates the encrypted column (nothing to read).
      const health = openHealthFields(ctx.cipher, row.healthCipher);
      const temperature = health?.temperature ?? null;
      const symptoms = health?.symptoms ?? [];
      const contact = health?.contactWithCase ?? false;
      if (temperature !== null) out.temperatures.push({ day: row.declaredOn, celsius: temperature, symptoms });
      if (contact) out.caseContactDays.push(row.declaredOn);
      const sym = symptoms.map((s) => SYMPTOM_TEXT[s] ?? { zh: s, en: s });
      out.disputable.push({
        type: 'declaration',
        id: row.id,
        day: row.declaredOn,
        summary: {
          zh: `${formatDay(row.declaredOn, 'zh')} 健康申报：体温 ${temperature ?? '—'}℃${sym.length ? `，症状：${sym.map((s) => s.zh).join('、')}` : ''}${contact ? '，曾接触病例' : ''}`,
          en: `Health declaration of ${formatDay(row.declaredOn, 'en')}: ${temperature ?? '—'} °C${sym.length ? `, symptoms: ${sym.map((s) => s.en).join(', ')}` : ''}${contact ? ', contact with a case' : ''}`,
        },
      });
    } else {
      for (const leg of row.trips) {
        const from = leg.from < since ? since : leg.from;
        const to = leg.to > today ? today : leg.to;
        for (let day = from; day <= to && daysBetween(from, day) < 60; day = addDays(day, 1)) out.visits.push({ divisionCode: leg.divisionCode, day, source: 'trip' });
      }
      out.disputable.push({
        type: 'declaration',
        id: row.id,
        day: row.declaredOn,
        summary: {
          zh: `${formatDay(row.declaredOn, 'zh')} 行程申报：${row.trips.map((l) => `${l.divisionCode}（${formatDay(l.from, 'zh')}–${formatDay(l.to, 'zh')}）`).join('、')}`,
          en: `Trip declaration of ${formatDay(row.declaredOn, 'en')}: ${row.trips.map((l) => `${l.divisionCode} (${formatDay(l.from, 'en')}–${formatDay(l.to, 'en')})`).join(', ')}`,
        },
      });
    }
  }
  // The current residence is the latest declared one, however old.
  const latest = await db
    .select({ id: hcDeclarations.id, residence: hcDeclarations.residenceDivision, day: hcDeclarations.declaredOn })
    .from(hcDeclarations)
    .where(and(eq(hcDeclarations.citizenId, person.citizenId), isNotNull(hcDeclarations.residenceDivision)))
    .orderBy(desc(hcDeclarations.createdAt))
    .limit(5);
  const current = latest.find((r) => !isExcluded('declaration', r.id));
  if (current?.residence) out.residence = { divisionCode: current.residence, day: current.day };
  return out;
});

/** The person-status registry (by document blind index); its entries are kept by the region that recorded them. */
export const PersonStatusFacts = factSource('person-status', async ({ db, person, isExcluded }) => {
  if (!person.documentIndex) return {};
  const rows = (await findStatusesOf(db, person.documentIndex)).filter((r) => !isExcluded('person_status', r.id));
  return {
    personStatuses: rows.map((r) => ({ status: r.status as PersonStatus, day: r.statusDate, source: r.source })),
    disputable: rows.map((r) => ({
      type: 'person_status',
      id: r.id,
      day: r.statusDate,
      summary: {
        zh: `${formatDay(r.statusDate, 'zh')} 登记为${registryText(PERSON_STATUS_TEXT, r.status, 'zh')}（${r.source}）`,
        en: `Registered as ${registryText(PERSON_STATUS_TEXT, r.status, 'en')} on ${formatDay(r.statusDate, 'en')} (${r.source})`,
      },
    })),
  };
}, { regionsOf: async ({ db, person }) => (person.documentIndex ? (await findStatusesOf(db, person.documentIndex)).map((r) => r.regionCode) : []) });

/** Quarantine periods (by document blind index). */
export const QuarantineFacts = factSource('quarantine', async ({ db, person, isExcluded }) => {
  if (!person.documentIndex) return {};
  const rows = (await findQuarantinesOf(db, person.documentIndex)).filter((r) => !isExcluded('quarantine', r.id));
  return {
    quarantines: rows.map((r) => ({ kind: r.kind as QuarantineKind, from: r.fromDate, to: r.toDate })),
    disputable: rows.map((r) => ({
      type: 'quarantine',
      id: r.id,
      day: r.fromDate,
      summary: {
        zh: `${r.kind === 'central' ? '集中' : '居家'}隔离 ${formatDay(r.fromDate, 'zh')}–${formatDay(r.toDate, 'zh')}`,
        en: `${r.kind === 'central' ? 'Central' : 'Home'} quarantine ${formatDay(r.fromDate, 'en')}–${formatDay(r.toDate, 'en')}`,
      },
    })),
  };
}, { regionsOf: async ({ db, person }) => (person.documentIndex ? (await findQuarantinesOf(db, person.documentIndex)).map((r) => r.regionCode) : []) });

/** Facts pushed with recordFact(): the latest value per source becomes `ext:<source>`. */
export const RecordedFacts = factSource('recorded', async ({ db, person, since, isExcluded }) => {
  const rows = await db
    .select()
    .from(hcRecordedFacts)
    .where(and(eq(hcRecordedFacts.citizenId, person.citizenId), gte(hcRecordedFacts.createdAt, startOfDay(since))))
    .orderBy(hcRecordedFacts.createdAt);
  const extra: Record<string, ExtraFact> = {};
  const disputable: DisputableFact[] = [];
  for (const r of rows) {
    if (isExcluded('recorded', r.id)) continue;
    extra[r.source] = { value: r.value, day: r.day ?? undefined, label: r.label ?? undefined };
    const day = r.day ?? dayOf(r.createdAt);
    disputable.push({ type: 'recorded', id: r.id, day, summary: r.label ?? { zh: `${r.source}: ${String(r.value)}`, en: `${r.source}: ${String(r.value)}` } });
  }
  return { extra, disputable };
});
