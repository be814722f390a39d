import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, dayOf, startOfDay } from '@fangxian/contracts/kernel';
import { evaluate, matchCondition, missingTemperatureDays, normalStreak } from './health-code.evaluate.ts';
import { DEFAULT_RULES } from './health-code.default-rules.ts';
import { SEVERITY, type Colour, type Evaluation, type Facts, type Hold, type Rule } from './health-code.types.ts';

// 2026-03-16 10:00 in China (02:00 UTC).
const NOW = new Date('2026-03-16T02:00:00Z');
const TODAY = '2026-03-16';
const d = (n: number) => addDays(TODAY, n);

function facts(partial: Partial<Facts> = {}): Facts {
  return {
    residenceDivision: null,
    temperatures: [],
    caseContactDays: [],
    personStatuses: [],
    quarantines: [],
    visits: [],
    riskAreas: [],
    extra: {},
    holds: [],
    override: null,
    ...partial,
  };
}

const normalDays = (from: number, to: number) => {
  const out = [];
  for (let i = from; i <= to; i++) out.push({ day: d(i), celsius: 36.5, symptoms: [] });
  return out;
};

const wuhou = { divisionCode: '510107', name: '四川省成都市武侯区', level: 'high' as const, from: d(-20), to: null };

describe('evaluate: the default rules', () => {
  it('gives green with no reasons and no next change when there are no facts', () => {
    const r = evaluate(facts(), DEFAULT_RULES, NOW);
    expect(r).toMatchObject({ colour: 'green', reasons: [], nextChange: null, pendingConfirmation: false, holds: [], recheckAt: null });
  });

  it('turns a confirmed case red with the status, day and source as evidence, needing confirmation to leave', () => {
    const r = evaluate(facts({ personStatuses: [{ status: 'confirmed', day: d(-1), source: '疾控中心' }] }), DEFAULT_RULES, NOW);
    expect(r.colour).toBe('red');
    expect(r.reasons[0]).toMatchObject({ reasonCode: 'CASE', state: 'active', colour: 'red' });
    expect(r.reasons[0].text.zh).toBe('登记为确诊病例（3 月 15 日，疾控中心）');
    expect(r.reasons[0].text.en).toBe('Registered as confirmed case (15 Mar, 疾控中心)');
    expect(r.holds).toEqual([expect.objectContaining({ ruleId: 'case', colour: 'red', needsConfirmation: true, durationDays: 14, lastEvidenceDay: TODAY })]);
    expect(r.nextChange).toMatchObject({ at: null, to: 'green' });
    expect(r.nextChange!.condition.zh).toBe('连续 14 天正常打卡并经县级指挥部确认后转绿码');
  });

  it('uses the latest status: a released person is no longer an active case', () => {
    const r = evaluate(
      facts({ personStatuses: [{ status: 'confirmed', day: d(-30), source: 'cdc' }, { status: 'released', day: d(-20), source: 'cdc' }] }),
      DEFAULT_RULES,
      NOW,
    );
    expect(r.colour).toBe('green');
  });

  it('turns a fever today red and explains it with the temperature', () => {
    const r = evaluate(facts({ temperatures: [{ day: TODAY, celsius: 38.2, symptoms: [] }] }), DEFAULT_RULES, NOW);
    expect(r.colour).toBe('red');
    expect(r.reasons[0].text.zh).toBe('3 月 16 日 申报发热（38.2℃）');
  });

  it('treats 37.3 °C as fever and 37.2 °C as normal', () => {
    expect(evaluate(facts({ temperatures: [{ day: TODAY, celsius: 37.3, symptoms: [] }] }), DEFAULT_RULES, NOW).colour).toBe('red');
    expect(evaluate(facts({ temperatures: [{ day: TODAY, celsius: 37.2, symptoms: [] }] }), DEFAULT_RULES, NOW).colour).toBe('green');
  });

  it('turns a visit to a high-risk area within 14 days red with the area and the day', () => {
    const r = evaluate(facts({ visits: [{ divisionCode: '510107', day: '2026-03-03', source: 'trip' }], riskAreas: [wuhou] }), DEFAULT_RULES, NOW);
    expect(r.colour).toBe('red');
    expect(r.reasons[0].text.zh).toBe('14 日内到访高风险地区 四川省成都市武侯区，3 月 3 日');
    expect(r.reasons[0].evidence[0]).toMatchObject({ divisionCode: '510107', level: 'high', source: 'trip' });
  });

  it('ignores a visit older than the window and a visit before the area became risky', () => {
    expect(evaluate(facts({ visits: [{ divisionCode: '510107', day: d(-14), source: 'trip' }], riskAreas: [wuhou] }), DEFAULT_RULES, NOW).colour).toBe('green');
    const lateArea = { ...wuhou, from: d(-2) };
    expect(evaluate(facts({ visits: [{ divisionCode: '510107', day: d(-3), source: 'scan' }], riskAreas: [lateArea] }), DEFAULT_RULES, NOW).colour).toBe('green');
  });

  it('matches a visit inside a city-level area (GB/T 2260 prefix)', () => {
    const chengdu = { ...wuhou, divisionCode: '510100', name: '成都市', level: 'medium' as const };
    const r = evaluate(facts({ visits: [{ divisionCode: '510107', day: d(-1), source: 'scan' }], riskAreas: [chengdu] }), DEFAULT_RULES, NOW);
    expect(r.colour).toBe('yellow');
    expect(r.reasons[0].reasonCode).toBe('MEDIUM_RISK_TRAVEL');
  });

  it('turns a resident of a high-risk district yellow (stay-at-home observation)', () => {
    const r = evaluate(facts({ residenceDivision: '510603', riskAreas: [{ divisionCode: '510603', name: '旌阳区', level: 'high', from: TODAY, to: null }] }), DEFAULT_RULES, NOW);
    expect(r.colour).toBe('yellow');
    expect(r.reasons[0]).toMatchObject({ reasonCode: 'RESIDENCE_IN_RISK_AREA' });
    expect(r.reasons[0].text.zh).toBe('现居住地 旌阳区 为高风险地区，居家观察');
  });

  it('lets a red reason win over yellow ones and lists red reasons first', () => {
    const r = evaluate(
      facts({
        personStatuses: [{ status: 'close_contact', day: d(-2), source: 'cdc' }],
        temperatures: [{ day: TODAY, celsius: 38.5, symptoms: ['cough'] }],
      }),
      DEFAULT_RULES,
      NOW,
    );
    expect(r.colour).toBe('red');
    expect(r.reasons.map((x) => x.colour)).toEqual(['red', 'yellow', 'yellow']);
  });

  it('turns a green code yellow after a day without a temperature record, and back once checked in', () => {
    const stale = evaluate(facts({ temperatures: [{ day: d(-2), celsius: 36.6, symptoms: [] }] }), DEFAULT_RULES, NOW);
    expect(stale.colour).toBe('yellow');
    expect(stale.reasons[0].text.zh).toBe('已 1 天未申报体温，请每日打卡');
    expect(evaluate(facts({ temperatures: [{ day: d(-1), celsius: 36.6, symptoms: [] }] }), DEFAULT_RULES, NOW).colour).toBe('green');
  });

  it('turns home quarantine yellow and central quarantine red until the period ends', () => {
    const home = evaluate(facts({ quarantines: [{ kind: 'home', from: d(-3), to: d(4) }] }), DEFAULT_RULES, NOW);
    expect(home.colour).toBe('yellow');
    expect(home.nextChange).toMatchObject({ to: 'green', at: '2026-03-20T16:00:00.000Z' });
    expect(evaluate(facts({ quarantines: [{ kind: 'central', from: d(-3), to: d(4) }] }), DEFAULT_RULES, NOW).colour).toBe('red');
    expect(evaluate(facts({ quarantines: [{ kind: 'central', from: d(-10), to: d(-1) }] }), DEFAULT_RULES, NOW).colour).toBe('green');
  });
});

describe('evaluate: holds, recovery and confirmation', () => {
  const yellowHold: Hold = {
    ruleId: 'close-contact',
    reasonCode: 'CLOSE_CONTACT',
    colour: 'yellow',
    durationDays: 7,
    needsConfirmation: false,
    lastEvidenceDay: d(-7),
    text: { zh: '登记为密切接触者', en: 'Registered as close contact' },
    confirmedAt: null,
  };
  const redHold: Hold = { ...yellowHold, ruleId: 'case', reasonCode: 'CASE', colour: 'red', durationDays: 14, needsConfirmation: true, lastEvidenceDay: d(-14) };

  it('keeps a yellow hold until 7 consecutive normal days, telling how many are done and when it can turn green', () => {
    const six = evaluate(facts({ holds: [yellowHold], temperatures: normalDays(-6, -1) }), DEFAULT_RULES, NOW);
    expect(six.colour).toBe('yellow');
    expect(six.reasons[0].state).toBe('recovering');
    expect(six.nextChange).toMatchObject({ to: 'green', at: '2026-03-15T16:00:00.000Z' });
    expect(six.nextChange!.condition.zh).toBe('连续 7 天正常打卡后转绿码（已连续 6 天）');
    const seven = evaluate(facts({ holds: [yellowHold], temperatures: normalDays(-6, 0) }), DEFAULT_RULES, NOW);
    expect(seven.colour).toBe('green');
    expect(seven.holds).toEqual([]);
  });

  it('restarts the count after an abnormal day', () => {
    const temps = [...normalDays(-6, -1), { day: d(-3), celsius: 37.0, symptoms: ['cough'] }].filter((t, i, all) => all.findIndex((x) => x.day === t.day) === i || t.symptoms.length > 0);
    const r = evaluate(facts({ holds: [yellowHold], temperatures: [...temps, { day: TODAY, celsius: 36.4, symptoms: [] }] }), DEFAULT_RULES, NOW);
    expect(r.colour).toBe('yellow');
  });

  it('keeps a red hold red after 14 normal days until a county command officer confirms', () => {
    const waiting = evaluate(facts({ holds: [redHold], temperatures: normalDays(-13, 0) }), DEFAULT_RULES, NOW);
    expect(waiting.colour).toBe('red');
    expect(waiting.pendingConfirmation).toBe(true);
    expect(waiting.nextChange!.at).toBeNull();
    const confirmed = evaluate(facts({ holds: [{ ...redHold, confirmedAt: TODAY }], temperatures: normalDays(-13, 0) }), DEFAULT_RULES, NOW);
    expect(confirmed.colour).toBe('green');
    expect(confirmed.pendingConfirmation).toBe(false);
  });

  it('does not let a confirmation release a person whose condition holds again', () => {
    const r = evaluate(
      facts({ holds: [{ ...redHold, confirmedAt: TODAY }], personStatuses: [{ status: 'confirmed', day: TODAY, source: 'cdc' }], temperatures: normalDays(-13, 0) }),
      DEFAULT_RULES,
      NOW,
    );
    expect(r.colour).toBe('red');
    expect(r.holds[0].confirmedAt).toBeNull();
  });

  it('counts recovery days only after the last evidence day', () => {
    expect(normalStreak(facts({ temperatures: normalDays(-10, 0) }), TODAY, d(-3)).days).toBe(3);
    expect(normalStreak(facts({ temperatures: normalDays(-10, -1) }), TODAY).days).toBe(10);
    expect(normalStreak(facts({ temperatures: normalDays(-10, -2) }), TODAY).days).toBe(0);
  });

  it('counts missing temperature days from the last record, not counting today', () => {
    expect(missingTemperatureDays(facts(), TODAY)).toBe(0);
    expect(missingTemperatureDays(facts({ temperatures: normalDays(-1, -1) }), TODAY)).toBe(0);
    expect(missingTemperatureDays(facts({ temperatures: normalDays(-4, -4) }), TODAY)).toBe(3);
  });
});

describe('evaluate: manual overrides', () => {
  const red = facts({ personStatuses: [{ status: 'suspected', day: TODAY, source: 'cdc' }] });

  it('applies an approved override in force, shows its reason first and says when the rules take over again', () => {
    const override = { id: 'o1', colour: 'green' as const, reason: '核酸阴性，误报', expiresAt: '2026-03-18T00:00:00.000Z', approvedBy: 'officer-2' };
    const r = evaluate({ ...red, override }, DEFAULT_RULES, NOW);
    expect(r.colour).toBe('green');
    expect(r.override).toEqual(override); // typed: reason, expiry and approver, not read back from a reason's evidence
    expect(r.reasons[0]).toMatchObject({ reasonCode: 'MANUAL_OVERRIDE', state: 'override' });
    expect(r.reasons[0].text.zh).toContain('核酸阴性，误报');
    expect(r.nextChange).toMatchObject({ at: '2026-03-18T00:00:00.000Z', to: 'red' });
    expect(r.recheckAt).toBe('2026-03-16T16:00:00.000Z');
  });

  it('ignores an expired override', () => {
    const r = evaluate({ ...red, override: { id: 'o1', colour: 'green', reason: 'x', expiresAt: '2026-03-16T01:00:00.000Z', approvedBy: 'officer-2' } }, DEFAULT_RULES, NOW);
    expect(r.colour).toBe('red');
    expect(r.override).toBeNull();
  });
});

describe('matchCondition: the language', () => {
  const f = facts({ temperatures: [{ day: TODAY, celsius: 38, symptoms: ['cough'] }], extra: { screening: { value: 'positive', day: d(-1) }, score: { value: 3 } } });

  it('combines with all, any and not', () => {
    expect(matchCondition({ all: [{ fact: 'fever', withinDays: 1 }, { fact: 'symptoms', withinDays: 1, any: ['cough'] }] }, f, TODAY).holds).toBe(true);
    expect(matchCondition({ all: [{ fact: 'fever', withinDays: 1 }, { fact: 'contactWithCase', withinDays: 14 }] }, f, TODAY).holds).toBe(false);
    expect(matchCondition({ any: [{ fact: 'contactWithCase', withinDays: 14 }, { fact: 'fever', withinDays: 1 }] }, f, TODAY).holds).toBe(true);
    expect(matchCondition({ not: { fact: 'fever', withinDays: 1 } }, f, TODAY).holds).toBe(false);
    expect(matchCondition({ not: { fact: 'contactWithCase', withinDays: 14 } }, f, TODAY).holds).toBe(true);
  });

  it('reads facts of registered sources with comparisons and windows', () => {
    expect(matchCondition({ fact: 'ext:screening', eq: 'positive', withinDays: 3 }, f, TODAY).holds).toBe(true);
    expect(matchCondition({ fact: 'ext:screening', eq: 'positive', withinDays: 1 }, f, TODAY).holds).toBe(false);
    expect(matchCondition({ fact: 'ext:score', gte: 3 }, f, TODAY).holds).toBe(true);
    expect(matchCondition({ fact: 'ext:score', gt: 3 }, f, TODAY).holds).toBe(false);
    expect(matchCondition({ fact: 'ext:missing', gte: 0 }, f, TODAY).holds).toBe(false);
  });

  it('ends a windowed match when its latest evidence leaves the window', () => {
    const m = matchCondition({ fact: 'fever', withinDays: 3 }, f, TODAY);
    expect(m.endDay).toBe(d(3));
  });
});

// ---- property tests ----

const DIVISIONS = ['510603', '510681', '510107', '510100', '110101', '510600'];
const day = fc.integer({ min: -25, max: 0 }).map(d);
const colourOf = (c: Colour) => SEVERITY[c];
const arbFacts: fc.Arbitrary<Facts> = fc.record({
  residenceDivision: fc.option(fc.constantFrom(...DIVISIONS), { nil: null }),
  temperatures: fc.array(
    fc.record({ day, celsius: fc.integer({ min: 355, max: 400 }).map((x) => x / 10), symptoms: fc.subarray(['fever', 'cough', 'fatigue']) }),
    { maxLength: 20 },
  ),
  caseContactDays: fc.array(day, { maxLength: 3 }),
  personStatuses: fc
    .array(fc.record({ status: fc.constantFrom('confirmed', 'suspected', 'asymptomatic', 'close_contact', 'secondary_contact', 'released' as const), day, source: fc.constant('cdc') }), { maxLength: 3 })
    .map((list) => list.sort((a, b) => a.day.localeCompare(b.day))),
  quarantines: fc.array(
    fc.record({ kind: fc.constantFrom('home', 'central' as const), from: day, len: fc.integer({ min: 0, max: 14 }) }).map((q) => ({ kind: q.kind, from: q.from, to: addDays(q.from, q.len) })),
    { maxLength: 2 },
  ),
  visits: fc.array(fc.record({ divisionCode: fc.constantFrom(...DIVISIONS), day, source: fc.constantFrom('trip', 'scan' as const) }), { maxLength: 5 }),
  riskAreas: fc.array(
    fc.record({ divisionCode: fc.constantFrom(...DIVISIONS), name: fc.constant('area'), level: fc.constantFrom('high', 'medium', 'low' as const), from: day, to: fc.option(day, { nil: null }) }),
    { maxLength: 3 },
  ),
  extra: fc.constant({}),
  holds: fc.constant([] as Hold[]),
  override: fc.constant(null),
});

describe('evaluate: properties', () => {
  const rules: Rule[] = DEFAULT_RULES;

  it('is deterministic', () => {
    fc.assert(
      fc.property(arbFacts, (f) => {
        expect(evaluate(f, rules, NOW)).toEqual(evaluate(structuredClone(f), rules, NOW));
      }),
    );
  });

  it('gives green with no facts at any time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (now) => {
          expect(evaluate(facts(), rules, now).colour).toBe('green');
        }),
    );
  });

  it('never gives a colour without a reason, and the colour is the most severe reason (a red reason always wins)', () => {
    fc.assert(
      fc.property(arbFacts, (f) => {
        const r = evaluate(f, rules, NOW);
        const worst = r.reasons.reduce((m, x) => Math.max(m, colourOf(x.colour)), 0);
        expect(colourOf(r.colour)).toBe(worst);
        if (r.reasons.some((x) => x.colour === 'red')) expect(r.colour).toBe('red');
        if (r.colour !== 'green') expect(r.reasons.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never gives a less severe colour when a more severe fact is added', () => {
    const severe = fc.constantFrom<(f: Facts) => Facts>(
      (f) => ({ ...f, personStatuses: [...f.personStatuses, { status: 'confirmed', day: TODAY, source: 'cdc' }] }),
      (f) => ({ ...f, temperatures: [...f.temperatures, { day: TODAY, celsius: 39, symptoms: [] }] }),
      (f) => ({ ...f, visits: [...f.visits, { divisionCode: '510107', day: d(-1), source: 'scan' }], riskAreas: [...f.riskAreas, wuhou] }),
      (f) => ({ ...f, caseContactDays: [...f.caseContactDays, TODAY] }),
      (f) => ({ ...f, quarantines: [...f.quarantines, { kind: 'central', from: d(-1), to: d(5) }] }),
      (f) => (f.residenceDivision ? { ...f, riskAreas: [...f.riskAreas, { divisionCode: f.residenceDivision, name: 'x', level: 'high', from: d(-1), to: null }] } : f),
    );
    fc.assert(
      fc.property(arbFacts, severe, (f, add) => {
        const before = evaluate(f, rules, NOW);
        const after = evaluate(add(f), rules, NOW);
        expect(colourOf(after.colour)).toBeGreaterThanOrEqual(colourOf(before.colour));
      }),
    );
  });

  it('is stable: evaluating again with the holds it produced gives the same colour', () => {
    fc.assert(
      fc.property(arbFacts, (f) => {
        const first = evaluate(f, rules, NOW);
        const again = evaluate({ ...f, holds: first.holds }, rules, NOW);
        expect(again.colour).toBe(first.colour);
        expect(again.holds).toEqual(first.holds);
      }),
    );
  });

  it('never releases a hold earlier than its recovery days', () => {
    fc.assert(
      fc.property(arbFacts, fc.integer({ min: 1, max: 14 }), fc.integer({ min: -20, max: 0 }), (f, duration, last) => {
        const hold: Hold = { ruleId: 'x', reasonCode: 'X', colour: 'yellow', durationDays: duration, needsConfirmation: false, lastEvidenceDay: d(last), text: { zh: 'x', en: 'x' }, confirmedAt: null };
        const r = evaluate({ ...f, holds: [hold] }, rules, NOW);
        const streak = normalStreak(f, TODAY, d(last)).days;
        if (streak < duration) expect(r.colour).not.toBe('green');
      }),
    );
  });

  it('shows an approved override in force whatever the rules say, and the rules again once it expires', () => {
    fc.assert(
      fc.property(arbFacts, fc.constantFrom<Colour>('green', 'yellow', 'red'), fc.integer({ min: -48, max: 48 }), (f, colour, hours) => {
        const expiresAt = new Date(NOW.getTime() + hours * 3600_000).toISOString();
        const withOverride = evaluate({ ...f, override: { id: 'o', colour, reason: 'r', expiresAt, approvedBy: 'a' } }, rules, NOW);
        const plain = evaluate(f, rules, NOW);
        if (hours > 0) {
          expect(withOverride.colour).toBe(colour);
          expect(withOverride.reasons[0].state).toBe('override');
          expect(withOverride.override).toMatchObject({ id: 'o', colour, expiresAt });
        } else {
          expect(withOverride.colour).toBe(plain.colour);
          expect(withOverride.override).toBeNull();
        }
      }),
    );
  });

  it('never asks for a recheck in the past, and always for one while any reason stands', () => {
    fc.assert(
      fc.property(arbFacts, (f) => {
        const r = evaluate(f, rules, NOW);
        if (r.recheckAt) expect(Date.parse(r.recheckAt)).toBeGreaterThan(NOW.getTime());
        if (r.reasons.length > 0) expect(r.recheckAt).not.toBeNull();
        if (r.nextChange?.at) expect(Date.parse(r.nextChange.at)).toBeGreaterThanOrEqual(Date.parse(`${TODAY}T00:00:00+08:00`));
      }),
    );
  });

  it('rechecks at the actual next change: no earlier day differs, and the result at recheckAt does (or nothing ever changes)', () => {
    const extraRules: Rule[] = [
      ...rules,
      { id: 'x-missing', condition: { fact: 'missingTemperatureDays', gte: 4 }, colour: 'yellow', reasonCode: 'X_MISSING', text: { zh: 'x', en: 'x' }, durationDays: 0, needsConfirmation: false },
      { id: 'x-streak', condition: { not: { fact: 'consecutiveNormalDays', gte: 2 } }, colour: 'yellow', reasonCode: 'X_STREAK', text: { zh: 'x', en: 'x' }, durationDays: 3, needsConfirmation: false },
      { id: 'x-ext', condition: { fact: 'ext:screening', eq: 'positive', withinDays: 5 }, colour: 'red', reasonCode: 'X_EXT', text: { zh: 'x', en: 'x' }, durationDays: 2, needsConfirmation: true },
    ];
    const later = fc.integer({ min: -25, max: 10 }).map(d);
    const arbMore = fc.record({
      base: arbFacts,
      ruleSet: fc.constantFrom(rules, extraRules),
      extraDay: fc.option(later, { nil: null }),
      futureQuarantineEnd: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      carryFrom: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
      overrideHours: fc.option(fc.integer({ min: 1, max: 24 * 20 }), { nil: null }),
    });
    const sig = (e: Evaluation) => JSON.stringify([e.colour, e.reasons, e.nextChange, e.pendingConfirmation, e.holds, e.override]);
    fc.assert(
      fc.property(arbMore, ({ base, ruleSet, extraDay, futureQuarantineEnd, carryFrom, overrideHours }) => {
        let f: Facts = { ...base };
        if (extraDay) f.extra = { screening: { value: 'positive', day: extraDay } };
        if (futureQuarantineEnd !== null) f.quarantines = [...f.quarantines, { kind: 'home', from: d(-2), to: d(futureQuarantineEnd) }];
        // Holds as a code stored some days ago would carry them.
        if (carryFrom !== null) f = { ...f, holds: evaluate(f, ruleSet, new Date(NOW.getTime() - carryFrom * 24 * 3600_000)).holds };
        if (overrideHours !== null) f.override = { id: 'o', colour: 'green', reason: 'r', expiresAt: new Date(NOW.getTime() + overrideHours * 3600_000).toISOString(), approvedBy: 'a' };
        const r = evaluate(f, ruleSet, NOW);
        const carried = { ...f, holds: r.holds };
        let first: string | null = null;
        for (let i = 1; i <= 60 && first === null; i++) {
          const at = startOfDay(d(i));
          if (sig(evaluate(carried, ruleSet, at)) !== sig(r)) first = at.toISOString();
        }
        const expiry = r.override?.expiresAt ?? null;
        const expected = [first, expiry].filter((x): x is string => x !== null).sort()[0] ?? null;
        if (expected !== null) expect(r.recheckAt).toBe(expected);
        // Nothing changes within 60 days: either never, or later than that.
        else if (r.recheckAt !== null) expect(Date.parse(r.recheckAt)).toBeGreaterThan(startOfDay(d(60)).getTime());
      }),
      { numRuns: 400 },
    );
  });

  it('makes no nightly wave: a green code is rechecked only when its facts would change it', () => {
    // Scans but no check-ins and no risk area: nothing changes by itself (the old rule: every midnight).
    expect(evaluate(facts({ visits: [{ divisionCode: '510603', day: d(-1), source: 'scan' }] }), rules, NOW).recheckAt).toBeNull();
    // Checked in today: green until a whole day passes without a check-in (the default missing-check-in rule), not tomorrow.
    const r = evaluate(facts({ visits: [{ divisionCode: '510603', day: d(-1), source: 'scan' }], temperatures: normalDays(-3, 0) }), rules, NOW);
    expect(r.colour).toBe('green');
    expect(r.recheckAt).toBe(startOfDay(d(2)).toISOString());
  });

  it('reads days in China Standard Time', () => {
    expect(dayOf(new Date('2026-03-15T16:00:00Z'))).toBe('2026-03-16');
    expect(dayOf(new Date('2026-03-15T15:59:59Z'))).toBe('2026-03-15');
  });
});
