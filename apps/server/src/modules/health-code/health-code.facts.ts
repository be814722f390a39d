import { and, gte, sql, type SQL } from 'drizzle-orm';
import { addDays, daysBetween, dayOf, divisionAncestors, startOfDay, PERSON_STATUS_TEXT, registryText } from '@fangxian/contracts/kernel';
import { arrayLiteral } from '../../platform/db/bulk-insert.ts';
import { rows as rawRows } from '../../platform/db/database.ts';
import type { DbOrTx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { defineExtensionPoint } from '../../platform/modules/module.ts';
import { findQuarantinesOf, findQuarantinesOfMany, findRiskAreasCovering, findStatusesOf, findStatusesOfMany } from '../epidemic/index.ts';
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

/** What a batch loader is given: many people at once (one query per source per batch, never per person). */
export interface BatchFactContext {
  ctx: AppContext;
  /** The database or the recomputation's transaction: loaders must read through this. */
  db: DbOrTx;
  persons: readonly PersonRef[];
  today: string;
  /** First day worth loading (the rules' longest window plus their longest recovery). */
  since: string;
  /** True for a fact of this person set aside by an accepted correction. */
  isExcluded(citizenId: string, factType: string, factId: string): boolean;
}

/** A fact source: reads its own data for people and contributes to their Facts. */
export interface FactSource {
  /** Unique among the app's sources, e.g. 'declarations', 'scans'. */
  readonly name: string;
  /** One person's contribution (the citizen's own page, corrections). */
  load(fc: FactContext): Promise<FactContribution>;
  /**
   * The contributions of many people with a bounded number of queries (ids passed as one array
   * parameter, `= any($1)`), by citizen id; a person without facts may be missing from the map. Must
   * give each person exactly what `load` gives them alone (the batched recomputation relies on it, and
   * a property test checks it). A source without it is loaded one person at a time.
   */
  loadMany?(bc: BatchFactContext): Promise<Map<string, FactContribution>>;
  /**
   * For a source that places people in divisions (visits): a SQL query selecting one uuid column of
   * the citizens it places in any of the divisions (GB/T 2260; a city or province covers everything
   * beneath it) since an instant. It is embedded in the one set-based statement that marks the
   * affected codes due when a risk area changes, so its size must not depend on how many match; it
   * should be served by indexes (venues: venues by division, scans by venue and time).
   */
  peopleIn?(divisionCodes: string[], since: Date): SQL;
  /**
   * For a source whose records are kept by a region (registries, screening lists): the divisions where
   * its records of the person arose. Officers of those regions reach the person (regionsOfPerson),
   * whatever residence the person declares. Read only for officers' scope checks, not when computing.
   */
  regionsOf?(fc: FactContext): Promise<string[]>;
}

/** A FactSource from its name and loader (and, for a source of visits, its people in divisions; for a regional registry, its regions). */
export function factSource(name: string, load: FactSource['load'], walk: Pick<FactSource, 'peopleIn' | 'regionsOf'> = {}): FactSource {
  return { name, load, ...walk };
}

/**
 * A FactSource from a batch loader: its one-person load is the batch of one, so both give the same
 * answer by construction.
 */
export function batchFactSource(name: string, loadMany: NonNullable<FactSource['loadMany']>, walk: Pick<FactSource, 'peopleIn' | 'regionsOf'> = {}): FactSource {
  return {
    name,
    loadMany,
    load: async (fc) => {
      const one = await loadMany({ ctx: fc.ctx, db: fc.db, persons: [fc.person], today: fc.today, since: fc.since, isExcluded: (_id, type, factId) => fc.isExcluded(type, factId) });
      return one.get(fc.person.citizenId) ?? {};
    },
    ...walk,
  };
}

/** Groups rows by citizen id, keeping their order. */
export function byCitizen<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const id = key(row);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(row);
  }
  return out;
}

/** A uuid[] array parameter of citizen ids (one bind parameter, whatever the batch size). */
export function idArray(ids: readonly string[]): SQL {
  return sql`${arrayLiteral(ids)}::uuid[]`;
}

/** A text[] array parameter. */
export function textArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values)}::text[]`;
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

/** What assembly needs besides the people: the instant, the rules (their lookback) and each person's stored holds and override. */
export interface AssembleOptions {
  now: Date;
  rules: Rule[];
  /** Holds by citizen id (none when missing). */
  holds: ReadonlyMap<string, Hold[]>;
  /** Override in force by citizen id (none when missing). */
  overrides: ReadonlyMap<string, OverrideFact | null>;
}

/** Assembles one person's Facts from every source of the app, plus the disputable facts list (the batch of one). */
export async function assembleFacts(
  ctx: AppContext,
  db: DbOrTx,
  person: PersonRef,
  options: { now: Date; rules: Rule[]; holds: Hold[]; override: OverrideFact | null },
): Promise<{ facts: Facts; disputable: DisputableFact[] }> {
  const many = await assembleFactsMany(ctx, db, [person], {
    now: options.now,
    rules: options.rules,
    holds: new Map([[person.citizenId, options.holds]]),
    overrides: new Map([[person.citizenId, options.override]]),
  });
  return many.get(person.citizenId)!;
}

/**
 * Assembles the Facts of a batch of people: one query per fact source (its loadMany; a source without
 * one is loaded person by person), one for the corrections' exclusions and one for the risk areas —
 * however many people are in the batch. Each person gets exactly what assembling them alone gives.
 */
export async function assembleFactsMany(
  ctx: AppContext,
  db: DbOrTx,
  persons: readonly PersonRef[],
  options: AssembleOptions,
): Promise<Map<string, { facts: Facts; disputable: DisputableFact[] }>> {
  const out = new Map<string, { facts: Facts; disputable: DisputableFact[] }>();
  if (persons.length === 0) return out;
  const today = dayOf(options.now);
  const since = addDays(today, -lookbackDays(options.rules));
  const ids = persons.map((p) => p.citizenId);
  const excludedRows = await db
    .select({ citizenId: hcFactExclusions.citizenId, factType: hcFactExclusions.factType, factId: hcFactExclusions.factId })
    .from(hcFactExclusions)
    .where(sql`${hcFactExclusions.citizenId} = any(${idArray(ids)})`);
  const excluded = new Set(excludedRows.map((r) => `${r.citizenId}:${r.factType}:${r.factId}`));
  const isExcluded = (citizenId: string, t: string, id: string) => excluded.has(`${citizenId}:${t}:${id}`);

  const state = new Map<string, { facts: Facts; disputable: DisputableFact[]; residenceDay: string }>();
  for (const person of persons) {
    state.set(person.citizenId, {
      facts: {
        residenceDivision: person.householdDivision,
        temperatures: [],
        caseContactDays: [],
        personStatuses: [],
        quarantines: [],
        visits: [],
        riskAreas: [],
        extra: {},
        holds: options.holds.get(person.citizenId) ?? [],
        override: options.overrides.get(person.citizenId) ?? null,
      },
      disputable: [],
      residenceDay: '',
    });
  }
  for (const source of factSourcesOf(ctx)) {
    let contributions: Map<string, FactContribution>;
    if (source.loadMany) contributions = await source.loadMany({ ctx, db, persons, today, since, isExcluded });
    else {
      contributions = new Map();
      for (const person of persons) {
        contributions.set(person.citizenId, await source.load({ ctx, db, person, today, since, isExcluded: (t, id) => isExcluded(person.citizenId, t, id) }));
      }
    }
    for (const [citizenId, c] of contributions) {
      const s = state.get(citizenId);
      if (!s) continue; // a loader's stray row is nobody's fact here
      const facts = s.facts;
      facts.temperatures.push(...(c.temperatures ?? []));
      facts.caseContactDays.push(...(c.caseContactDays ?? []));
      facts.personStatuses.push(...(c.personStatuses ?? []));
      facts.quarantines.push(...(c.quarantines ?? []));
      facts.visits.push(...(c.visits ?? []));
      Object.assign(facts.extra, c.extra ?? {});
      s.disputable.push(...(c.disputable ?? []));
      if (c.residence && c.residence.day >= s.residenceDay) {
        facts.residenceDivision = c.residence.divisionCode;
        s.residenceDay = c.residence.day;
      }
    }
  }
  // One query for the risk areas that may touch anyone of the batch; each person keeps those over their places.
  const divisionsOf = new Map<string, Set<string>>();
  const all = new Set<string>();
  for (const [citizenId, s] of state) {
    const mine = new Set<string>();
    for (const code of [...s.facts.visits.map((v) => v.divisionCode), ...(s.facts.residenceDivision ? [s.facts.residenceDivision] : [])]) {
      for (const ancestor of divisionAncestors(code)) mine.add(ancestor);
    }
    divisionsOf.set(citizenId, mine);
    for (const d of mine) all.add(d);
  }
  const areas = all.size > 0 ? await findRiskAreasCovering(db, [...all], since) : [];
  areas.sort((x, y) => x.divisionCode.localeCompare(y.divisionCode) || x.startDate.localeCompare(y.startDate) || x.level.localeCompare(y.level) || x.id.localeCompare(y.id));
  for (const [citizenId, s] of state) {
    const mine = divisionsOf.get(citizenId)!;
    s.facts.personStatuses.sort((a, b) => a.day.localeCompare(b.day));
    s.facts.riskAreas = areas
      .filter((a) => a.startDate <= today && mine.has(a.divisionCode))
      .map((a) => ({ divisionCode: a.divisionCode, name: a.divisionName, level: a.level as RiskLevel, from: a.startDate, to: a.endDate }));
    s.disputable.sort((a, b) => b.day.localeCompare(a.day));
    out.set(citizenId, { facts: s.facts, disputable: s.disputable });
  }
  return out;
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
export const DeclarationFacts = batchFactSource('declarations', async ({ ctx, db, persons, since, today, isExcluded }) => {
  const ids = persons.map((p) => p.citizenId);
  const rows = await db
    .select()
    .from(hcDeclarations)
    .where(and(sql`${hcDeclarations.citizenId} = any(${idArray(ids)})`, gte(hcDeclarations.declaredOn, since)))
    .orderBy(hcDeclarations.createdAt, hcDeclarations.id);
  const result = new Map<string, FactContribution>();
  for (const [citizenId, mine] of byCitizen(rows, (r) => r.citizenId)) {
    const out: Required<Pick<FactContribution, 'temperatures' | 'caseContactDays' | 'visits' | 'disputable'>> & FactContribution = {
      temperatures: [],
      caseContactDays: [],
      visits: [],
      disputable: [],
    };
    result.set(citizenId, out);
    for (const row of mine) {
      if (isExcluded(citizenId, 'declaration', row.id)) continue;
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
  }
  // The current residence is the latest declared one, however old (the latest five per person, skipping set-aside ones).
  const latest = await rawRows<{ id: string; citizenId: string; residence: string; day: string }>(
    db,
    sql`select id, citizen_id as "citizenId", residence_division as residence, declared_on::text as day
        from (select id, citizen_id, residence_division, declared_on,
                     row_number() over (partition by citizen_id order by created_at desc, id desc) as n
                from hc_declarations
               where citizen_id = any(${idArray(ids)}) and residence_division is not null) as d
       where n <= 5 order by citizen_id, n`,
  );
  for (const [citizenId, mine] of byCitizen(latest, (r) => r.citizenId)) {
    const current = mine.find((r) => !isExcluded(citizenId, 'declaration', r.id));
    if (!current) continue;
    let out = result.get(citizenId);
    if (!out) result.set(citizenId, (out = {}));
    out.residence = { divisionCode: current.residence, day: current.day };
  }
  return result;
});

/** The person-status registry (by document blind index); its entries are kept by the region that recorded them. */
export const PersonStatusFacts = batchFactSource('person-status', async ({ db, persons, isExcluded }) => {
  const result = new Map<string, FactContribution>();
  const byIndex = byCitizen(persons.filter((p) => p.documentIndex), (p) => p.documentIndex!);
  if (byIndex.size === 0) return result;
  const found = byCitizen(await findStatusesOfMany(db, [...byIndex.keys()]), (r) => r.documentIndex);
  for (const [index, people] of byIndex) {
    for (const person of people) {
      const rows = (found.get(index) ?? []).filter((r) => !isExcluded(person.citizenId, 'person_status', r.id));
      result.set(person.citizenId, {
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
      });
    }
  }
  return result;
}, { regionsOf: async ({ db, person }) => (person.documentIndex ? (await findStatusesOf(db, person.documentIndex)).map((r) => r.regionCode) : []) });

/** Quarantine periods (by document blind index). */
export const QuarantineFacts = batchFactSource('quarantine', async ({ db, persons, isExcluded }) => {
  const result = new Map<string, FactContribution>();
  const byIndex = byCitizen(persons.filter((p) => p.documentIndex), (p) => p.documentIndex!);
  if (byIndex.size === 0) return result;
  const found = byCitizen(await findQuarantinesOfMany(db, [...byIndex.keys()]), (r) => r.documentIndex);
  for (const [index, people] of byIndex) {
    for (const person of people) {
      const rows = (found.get(index) ?? []).filter((r) => !isExcluded(person.citizenId, 'quarantine', r.id));
      result.set(person.citizenId, {
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
      });
    }
  }
  return result;
}, { regionsOf: async ({ db, person }) => (person.documentIndex ? (await findQuarantinesOf(db, person.documentIndex)).map((r) => r.regionCode) : []) });

/** Facts pushed with recordFact(): the latest value per source becomes `ext:<source>`. */
export const RecordedFacts = batchFactSource('recorded', async ({ db, persons, since, isExcluded }) => {
  const rows = await db
    .select()
    .from(hcRecordedFacts)
    .where(and(sql`${hcRecordedFacts.citizenId} = any(${idArray(persons.map((p) => p.citizenId))})`, gte(hcRecordedFacts.createdAt, startOfDay(since))))
    .orderBy(hcRecordedFacts.createdAt, hcRecordedFacts.id);
  const result = new Map<string, FactContribution>();
  for (const [citizenId, mine] of byCitizen(rows, (r) => r.citizenId)) {
    const extra: Record<string, ExtraFact> = {};
    const disputable: DisputableFact[] = [];
    for (const r of mine) {
      if (isExcluded(citizenId, 'recorded', r.id)) continue;
      extra[r.source] = { value: r.value, day: r.day ?? undefined, label: r.label ?? undefined };
      const day = r.day ?? dayOf(r.createdAt);
      disputable.push({ type: 'recorded', id: r.id, day, summary: r.label ?? { zh: `${r.source}: ${String(r.value)}`, en: `${r.source}: ${String(r.value)}` } });
    }
    result.set(citizenId, { extra, disputable });
  }
  return result;
});
