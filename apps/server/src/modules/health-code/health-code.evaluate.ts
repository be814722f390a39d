import { addDays, dayOf, daysBetween, divisionContains, startOfDay } from '@fangxian/contracts/kernel';
import { formatDay } from './health-code.days.ts';
import { COLOUR_TEXT, renderTemplate } from './health-code.rules.ts';
import {
  FEVER_CELSIUS,
  SEVERITY,
  type Colour,
  type Condition,
  type Evaluation,
  type Evidence,
  type Facts,
  type Hold,
  type Reason,
  type RiskAreaFact,
  type RiskLevel,
  type Rule,
} from './health-code.types.ts';

/** How one condition came out: whether it holds, what it saw, and how long it lasts without new facts. */
interface Match {
  holds: boolean;
  evidence: Evidence[];
  /** True when it rests on a standing fact (a status, the residence, a count) with no known end. */
  ongoing: boolean;
  /** Latest day of the evidence. */
  lastDay: string | null;
  /** First day on which it stops holding if nothing new happens; null = unknown/never. */
  endDay: string | null;
}

const NO: Match = { holds: false, evidence: [], ongoing: false, lastDay: null, endDay: null };

function within(day: string, today: string, n: number): boolean {
  const d = daysBetween(day, today);
  return d >= 0 && d < n;
}

function maxDay(days: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const d of days) if (d && (!best || d > best)) best = d;
  return best;
}

function isNormal(t: { celsius: number; symptoms: string[] }): boolean {
  return t.celsius < FEVER_CELSIUS && t.symptoms.length === 0;
}

/** One record per day: the worst of the day counts (a fever in the evening is a fever day). */
function dailyRecords(facts: Facts): Map<string, { celsius: number; symptoms: string[] }> {
  const byDay = new Map<string, { celsius: number; symptoms: string[] }>();
  for (const t of facts.temperatures) {
    const prev = byDay.get(t.day);
    if (!prev) byDay.set(t.day, { celsius: t.celsius, symptoms: [...t.symptoms] });
    else byDay.set(t.day, { celsius: Math.max(prev.celsius, t.celsius), symptoms: [...new Set([...prev.symptoms, ...t.symptoms])] });
  }
  return byDay;
}

/** Consecutive normal check-in days ending today (or yesterday, while today's check-in may still come), all after `after`. */
export function normalStreak(facts: Facts, today: string, after: string | null = null): { days: number; start: string | null } {
  const byDay = dailyRecords(facts);
  let day = byDay.has(today) ? today : addDays(today, -1);
  let days = 0;
  let start: string | null = null;
  for (;;) {
    const rec = byDay.get(day);
    if (!rec || !isNormal(rec) || (after !== null && day <= after)) break;
    days++;
    start = day;
    day = addDays(day, -1);
  }
  return { days, start };
}

/** Days without a temperature record since the last one, not counting today; 0 for someone who never checked in. */
export function missingTemperatureDays(facts: Facts, today: string): number {
  const last = maxDay(facts.temperatures.map((t) => t.day).filter((d) => d <= today));
  if (!last) return 0;
  return Math.max(0, daysBetween(last, today) - 1);
}

function levels(level: RiskLevel | RiskLevel[]): RiskLevel[] {
  return Array.isArray(level) ? level : [level];
}

function activeOn(area: RiskAreaFact, day: string): boolean {
  return area.from <= day && (area.to === null || day <= area.to);
}

function compare(value: number | string | boolean | string[], c: { gte?: number; lte?: number; gt?: number; lt?: number; eq?: unknown; in?: string[] }): boolean {
  const ops = [c.gte, c.lte, c.gt, c.lt, c.eq, c.in].filter((x) => x !== undefined).length;
  if (ops === 0) return false;
  if (c.eq !== undefined && (Array.isArray(value) || value !== c.eq)) return false;
  if (c.in !== undefined && !(Array.isArray(value) ? value.some((v) => c.in!.includes(v)) : c.in.includes(String(value)))) return false;
  if (c.gte !== undefined || c.lte !== undefined || c.gt !== undefined || c.lt !== undefined) {
    if (typeof value !== 'number') return false;
    if (c.gte !== undefined && !(value >= c.gte)) return false;
    if (c.lte !== undefined && !(value <= c.lte)) return false;
    if (c.gt !== undefined && !(value > c.gt)) return false;
    if (c.lt !== undefined && !(value < c.lt)) return false;
  }
  return true;
}

function windowed(evidence: Evidence[], withinDays: number): Match {
  if (evidence.length === 0) return NO;
  evidence.sort((a, b) => (b.day ?? '').localeCompare(a.day ?? ''));
  const lastDay = maxDay(evidence.map((e) => e.day));
  return { holds: true, evidence, ongoing: false, lastDay, endDay: lastDay ? addDays(lastDay, withinDays) : null };
}

function standing(evidence: Evidence[]): Match {
  return { holds: true, evidence, ongoing: true, lastDay: null, endDay: null };
}

/** Evaluates one condition of the rule language against the facts on `today`. */
export function matchCondition(c: Condition, facts: Facts, today: string): Match {
  if ('fact' in c) return matchFact(c, facts, today);
  if ('all' in c) {
    const parts = c.all.map((p) => matchCondition(p, facts, today));
    if (!parts.every((p) => p.holds)) return NO;
    const ends = parts.map((p) => p.endDay);
    const known = ends.filter((e): e is string => e !== null);
    return {
      holds: true,
      evidence: parts.flatMap((p) => p.evidence),
      ongoing: parts.some((p) => p.ongoing),
      lastDay: maxDay(parts.map((p) => p.lastDay)),
      // All must keep holding: it ends when the first part ends.
      endDay: known.length > 0 ? known.sort()[0] : null,
    };
  }
  if ('any' in c) {
    const parts = c.any.map((p) => matchCondition(p, facts, today)).filter((p) => p.holds);
    if (parts.length === 0) return NO;
    const ends = parts.map((p) => p.endDay);
    return {
      holds: true,
      evidence: parts.flatMap((p) => p.evidence),
      ongoing: parts.some((p) => p.ongoing),
      lastDay: maxDay(parts.map((p) => p.lastDay)),
      endDay: ends.some((e) => e === null) ? null : maxDay(ends),
    };
  }
  if ('not' in c) {
    return matchCondition(c.not, facts, today).holds ? NO : standing([]);
  }
  return NO;
}

function matchFact(c: Extract<Condition, { fact: string }>, facts: Facts, today: string): Match {
  switch (c.fact) {
    case 'personStatus': {
      const current = facts.personStatuses.filter((s) => s.day <= today).at(-1);
      if (!current || !c.in.includes(current.status)) return NO;
      const evidence: Evidence[] = [{ fact: 'personStatus', status: current.status, day: current.day, source: current.source }];
      if (c.withinDays === undefined) return standing(evidence);
      return within(current.day, today, c.withinDays) ? windowed(evidence, c.withinDays) : NO;
    }
    case 'visitedRiskArea': {
      const wanted = levels(c.level);
      const evidence: Evidence[] = [];
      for (const visit of facts.visits) {
        if (!within(visit.day, today, c.withinDays)) continue;
        for (const area of facts.riskAreas) {
          if (wanted.includes(area.level) && activeOn(area, visit.day) && divisionContains(area.divisionCode, visit.divisionCode)) {
            evidence.push({ fact: 'visitedRiskArea', day: visit.day, divisionCode: visit.divisionCode, area: area.name, level: area.level, source: visit.source });
          }
        }
      }
      const trips = windowed(evidence, c.withinDays);
      if (!c.includeResidence) return trips;
      const home = matchCondition({ fact: 'residenceInRiskArea', level: c.level }, facts, today);
      if (!home.holds) return trips;
      return { ...home, evidence: [...home.evidence, ...trips.evidence] };
    }
    case 'residenceInRiskArea': {
      const wanted = levels(c.level);
      if (!facts.residenceDivision) return NO;
      const evidence: Evidence[] = facts.riskAreas
        .filter((a) => wanted.includes(a.level) && activeOn(a, today) && divisionContains(a.divisionCode, facts.residenceDivision))
        .map((a) => ({ fact: 'residenceInRiskArea', day: today, divisionCode: facts.residenceDivision!, area: a.name, level: a.level, source: 'residence' }));
      return evidence.length > 0 ? standing(evidence) : NO;
    }
    case 'fever': {
      const threshold = c.gte ?? FEVER_CELSIUS;
      const evidence = facts.temperatures
        .filter((t) => within(t.day, today, c.withinDays) && t.celsius >= threshold)
        .map((t) => ({ fact: 'fever', day: t.day, celsius: t.celsius }));
      return windowed(evidence, c.withinDays);
    }
    case 'symptoms': {
      const evidence = facts.temperatures
        .filter((t) => within(t.day, today, c.withinDays))
        .map((t) => ({ t, hits: c.any ? t.symptoms.filter((s) => c.any!.includes(s)) : t.symptoms }))
        .filter(({ hits }) => hits.length > 0)
        .map(({ t, hits }) => ({ fact: 'symptoms', day: t.day, value: hits.join(', ') }));
      return windowed(evidence, c.withinDays);
    }
    case 'contactWithCase': {
      const evidence = facts.caseContactDays.filter((d) => within(d, today, c.withinDays)).map((d) => ({ fact: 'contactWithCase', day: d }));
      return windowed(evidence, c.withinDays);
    }
    case 'quarantine': {
      const active = facts.quarantines.filter((q) => q.from <= today && today <= q.to && (!c.kind || q.kind === c.kind));
      if (active.length === 0) return NO;
      const to = maxDay(active.map((q) => q.to))!;
      return {
        holds: true,
        evidence: active.map((q) => ({ fact: 'quarantine', kind: q.kind, day: q.from, value: q.to })),
        ongoing: false,
        lastDay: today,
        endDay: addDays(to, 1),
      };
    }
    case 'missingTemperatureDays': {
      const value = missingTemperatureDays(facts, today);
      return compare(value, c) ? standing([{ fact: 'missingTemperatureDays', value, day: today }]) : NO;
    }
    case 'consecutiveNormalDays': {
      const value = normalStreak(facts, today).days;
      return compare(value, c) ? standing([{ fact: 'consecutiveNormalDays', value, day: today }]) : NO;
    }
    default: {
      const name = c.fact.slice(4);
      const extra = facts.extra[name];
      if (!extra) return NO;
      if ('withinDays' in c && c.withinDays !== undefined && (!extra.day || !within(extra.day, today, c.withinDays))) return NO;
      if (!compare(extra.value, c)) return NO;
      const value = Array.isArray(extra.value) ? extra.value.join(', ') : extra.value;
      const evidence: Evidence[] = [{ fact: c.fact, value, day: extra.day }];
      if ('withinDays' in c && c.withinDays !== undefined && extra.day) return windowed(evidence, c.withinDays);
      return standing(evidence);
    }
  }
}

function maxColour(colours: Colour[]): Colour {
  return colours.reduce<Colour>((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a), 'green');
}

function render(rule: { text: { zh: string; en: string } }, evidence: Evidence[]): { zh: string; en: string } {
  return { zh: renderTemplate(rule.text.zh, evidence[0], 'zh'), en: renderTemplate(rule.text.en, evidence[0], 'en') };
}

/** A colour-setting reason with the earliest day it could clear (null = unknown: waits on an event). */
interface Blocker {
  colour: Colour;
  clearDay: string | null;
  durationDays: number;
  needsConfirmation: boolean;
  streak: number | null;
}

function conditionText(b: Blocker, to: Colour): { zh: string; en: string } {
  const toZh = COLOUR_TEXT[to].zh;
  const toEn = COLOUR_TEXT[to].en;
  const progressZh = b.streak !== null && b.durationDays > 0 ? `（已连续 ${b.streak} 天）` : '';
  const progressEn = b.streak !== null && b.durationDays > 0 ? ` (${b.streak} so far)` : '';
  if (b.durationDays > 0 && b.needsConfirmation) {
    return {
      zh: `连续 ${b.durationDays} 天正常打卡并经县级指挥部确认后转${toZh}${progressZh}`,
      en: `Turns ${toEn} after ${b.durationDays} consecutive days of normal check-in and confirmation by the county command post${progressEn}`,
    };
  }
  if (b.durationDays > 0) {
    return { zh: `连续 ${b.durationDays} 天正常打卡后转${toZh}${progressZh}`, en: `Turns ${toEn} after ${b.durationDays} consecutive days of normal check-in${progressEn}` };
  }
  if (b.needsConfirmation) return { zh: `经县级指挥部确认后转${toZh}`, en: `Turns ${toEn} after confirmation by the county command post` };
  if (b.clearDay) return { zh: `${formatDay(b.clearDay, 'zh')}起转${toZh}`, en: `Turns ${toEn} from ${formatDay(b.clearDay, 'en')}` };
  return { zh: `相关情况解除后转${toZh}`, en: `Turns ${toEn} once the situation is cleared` };
}

function nextChangeOf(blockers: Blocker[], colour: Colour): Evaluation['nextChange'] {
  if (colour === 'green' || blockers.length === 0) return null;
  const top = blockers.filter((b) => b.colour === colour);
  const unknown = top.some((b) => b.clearDay === null || b.needsConfirmation);
  const clear = unknown ? null : maxDay(top.map((b) => b.clearDay));
  const rest = blockers.filter((b) => SEVERITY[b.colour] < SEVERITY[colour] && (clear === null || b.clearDay === null || b.clearDay > clear));
  const to = maxColour(rest.map((b) => b.colour));
  const decisive = top.find((b) => b.clearDay === null || b.needsConfirmation) ?? top.find((b) => b.clearDay === clear) ?? top[0];
  return { at: clear ? startOfDay(clear).toISOString() : null, to, condition: conditionText(decisive, to) };
}

/**
 * The colour rules: facts + rule set + now → colour, reasons with evidence, and the next change.
 * Pure and deterministic. Holds carry a colour past its condition until the rule's recovery days of
 * normal check-in (and, where the rule says so, a county command officer's confirmation).
 *
 * `recheckAt` is the person's actual next change without new facts: the first China midnight on
 * which evaluating the same facts (with the holds this evaluation carries) gives a different result
 * — colour, reasons, evidence, holds or next change — or the override's expiry, whichever is first;
 * null when nothing changes by itself. See nextRecheck.
 */
export function evaluate(facts: Facts, rules: Rule[], now: Date, options: { recheck?: boolean } = {}): Evaluation {
  const result = evaluateOn(facts, rules, now);
  // Callers that only compare colours or reasons now (a dry run) skip the search: recheckAt is then
  // only the override's expiry.
  const recheck = options.recheck === false ? null : nextRecheck(facts, rules, now, result);
  const override = result.override;
  const recheckAt = override && (!recheck || override.expiresAt < recheck) ? override.expiresAt : recheck;
  return { ...result, recheckAt };
}

/** What a code shows and stores, without the recheck time: two evaluations with equal signatures are the same code. */
function signature(r: Evaluation): string {
  return JSON.stringify([r.colour, r.reasons, r.nextChange, r.pendingConfirmation, r.holds, r.override]);
}

/** Every number of a rule set that a day offset can be compared against: windows, day-count thresholds, recovery days. */
function ruleConstants(rules: Rule[]): number[] {
  const out = new Set<number>();
  const walk = (c: Condition) => {
    if (!('fact' in c)) {
      if ('all' in c) c.all.forEach(walk);
      else if ('any' in c) c.any.forEach(walk);
      else if ('not' in c) walk(c.not);
      return;
    }
    // Windows always; thresholds only where they count days (not a temperature or a registered-source value).
    const days = c.fact === 'missingTemperatureDays' || c.fact === 'consecutiveNormalDays' ? Object.values(c) : [(c as { withinDays?: number }).withinDays];
    for (const v of days) if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 3660) out.add(Math.trunc(v));
  };
  for (const rule of rules) {
    walk(rule.condition);
    out.add(rule.durationDays);
  }
  return [...out];
}

const ruleConstantsCache = new WeakMap<Rule[], number[]>();

/**
 * The candidate days on which an evaluation of the same facts can differ from today's. Every way the
 * rules depend on the day is a comparison of (day − a fact's day) with a rule's number (a window
 * `withinDays`, a threshold of missing or consecutive days, recovery `durationDays`), or of the day
 * with a fact's day (a status, quarantine or risk area starting or ending, a check-in), or the
 * evidence naming today itself (caught tomorrow). So the result can only change on a fact day plus
 * one of those numbers (±1, +2 for the day-after-yesterday of streaks), or tomorrow. The property
 * test in health-code.evaluate.test.ts checks this against evaluating every day.
 */
function candidateDays(facts: Facts, rules: Rule[], today: string, result: Evaluation): string[] {
  let constants = ruleConstantsCache.get(rules);
  if (!constants) ruleConstantsCache.set(rules, (constants = ruleConstants(rules)));
  const offsets = new Set<number>([0, 1, 2]);
  for (const c of constants) for (const k of [c - 1, c, c + 1, c + 2]) if (k >= 0) offsets.add(k);
  // Days as day numbers (days since 1970-01-01): a few hundred sums, no date parsing in the loop.
  const num = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;
  const bases = new Set<number>([num(today)]);
  for (const t of facts.temperatures) bases.add(num(t.day));
  for (const d of facts.caseContactDays) bases.add(num(d));
  for (const s of facts.personStatuses) bases.add(num(s.day));
  for (const q of facts.quarantines) (bases.add(num(q.from)), bases.add(num(q.to)));
  for (const a of facts.riskAreas) (bases.add(num(a.from)), a.to && bases.add(num(a.to)));
  // A visit only counts against a risk area: without one, visits never change a result.
  if (facts.riskAreas.length > 0) for (const v of facts.visits) bases.add(num(v.day));
  for (const e of Object.values(facts.extra)) if (e.day) bases.add(num(e.day));
  for (const h of [...facts.holds, ...result.holds]) bases.add(num(h.lastEvidenceDay));
  const first = num(today) + 1;
  const days = new Set<number>([first]);
  for (const b of bases) {
    for (const k of offsets) {
      if (b + k >= first) days.add(b + k);
    }
  }
  if (result.nextChange?.at) days.add(num(dayOf(new Date(result.nextChange.at))));
  return [...days].sort((a, b) => a - b).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
}

/** The first China midnight after `now` at which the result differs (see evaluate), or null. */
function nextRecheck(facts: Facts, rules: Rule[], now: Date, result: Evaluation): string | null {
  const today = dayOf(now);
  const base = signature(result);
  const carried: Facts = { ...facts, holds: result.holds };
  for (const day of candidateDays(facts, rules, today, result)) {
    const at = startOfDay(day);
    if (signature(evaluateOn(carried, rules, at)) !== base) return at.toISOString();
  }
  return null;
}

/** evaluate without the recheck time. */
function evaluateOn(facts: Facts, rules: Rule[], now: Date): Evaluation {
  const today = dayOf(now);
  const reasons: Reason[] = [];
  const blockers: Blocker[] = [];
  const holds = new Map<string, Hold>();
  const matchedIds = new Set<string>();

  for (const rule of rules) {
    const m = matchCondition(rule.condition, facts, today);
    if (!m.holds) continue;
    matchedIds.add(rule.id);
    const text = render(rule, m.evidence);
    reasons.push({ ruleId: rule.id, reasonCode: rule.reasonCode, colour: rule.colour, text, evidence: m.evidence, state: 'active' });
    const lastEvidenceDay = m.ongoing ? today : (m.lastDay ?? today);
    if (rule.durationDays > 0 || rule.needsConfirmation) {
      const prior = facts.holds.find((h) => h.ruleId === rule.id);
      holds.set(rule.id, {
        ruleId: rule.id,
        reasonCode: rule.reasonCode,
        colour: rule.colour,
        durationDays: rule.durationDays,
        needsConfirmation: rule.needsConfirmation,
        lastEvidenceDay: maxDay([prior?.lastEvidenceDay, lastEvidenceDay])!,
        text,
        confirmedAt: null,
      });
    }
    // Recovery counts normal days after the condition's last day (endDay - 1).
    const lastHeld = m.endDay ? addDays(m.endDay, -1) : null;
    const clearDay = m.endDay === null ? null : rule.durationDays > 0 ? addDays(lastHeld!, rule.durationDays) : m.endDay;
    blockers.push({ colour: rule.colour, clearDay, durationDays: rule.durationDays, needsConfirmation: rule.needsConfirmation, streak: null });
  }

  let pendingConfirmation = false;
  for (const hold of facts.holds) {
    if (matchedIds.has(hold.ruleId)) continue;
    const streak = normalStreak(facts, today, hold.lastEvidenceDay);
    const recovered = streak.days >= hold.durationDays;
    if (recovered && (!hold.needsConfirmation || hold.confirmedAt)) continue;
    if (recovered) pendingConfirmation = true;
    holds.set(hold.ruleId, hold);
    reasons.push({
      ruleId: hold.ruleId,
      reasonCode: hold.reasonCode,
      colour: hold.colour,
      text: hold.text,
      evidence: [{ fact: 'recovery', day: hold.lastEvidenceDay, value: streak.days }],
      state: 'recovering',
    });
    const start = streak.start ?? maxDay([today, addDays(hold.lastEvidenceDay, 1)])!;
    const clearDay = recovered ? today : maxDay([addDays(start, hold.durationDays - 1), today]);
    blockers.push({ colour: hold.colour, clearDay, durationDays: hold.durationDays, needsConfirmation: hold.needsConfirmation, streak: streak.days });
  }

  reasons.sort((a, b) => SEVERITY[b.colour] - SEVERITY[a.colour]);
  const ruleColour = maxColour(reasons.map((r) => r.colour));
  const recheckAt = null;
  const ruleResult = { colour: ruleColour, nextChange: nextChangeOf(blockers, ruleColour) };

  const override = facts.override && Date.parse(facts.override.expiresAt) > now.getTime() ? facts.override : null;
  if (override) {
    reasons.unshift({
      ruleId: `override:${override.id}`,
      reasonCode: 'MANUAL_OVERRIDE',
      colour: override.colour,
      text: { zh: `人工调整（经两名工作人员审核）：${override.reason}`, en: `Manual override (approved by two officers): ${override.reason}` },
      // Shown to the citizen (until when, why); the override itself is the result's `override`.
      evidence: [{ fact: 'override', day: dayOf(new Date(override.expiresAt)), value: override.expiresAt, source: override.reason }],
      state: 'override',
    });
    return {
      colour: override.colour,
      reasons,
      nextChange:
        override.colour === ruleColour
          ? ruleResult.nextChange
          : {
              at: override.expiresAt,
              to: ruleColour,
              condition: { zh: `人工调整到期后按规则转${COLOUR_TEXT[ruleColour].zh}`, en: `Returns to the rules' ${COLOUR_TEXT[ruleColour].en} when the override expires` },
            },
      pendingConfirmation,
      holds: [...holds.values()],
      recheckAt,
      override,
    };
  }
  return { colour: ruleColour, reasons, nextChange: ruleResult.nextChange, pendingConfirmation, holds: [...holds.values()], recheckAt, override: null };
}
