import { addDays, todayInChina } from '@fangxian/contracts/kernel';

/** Pure rules of the daily check-in: validation thresholds, abnormal answers, streaks, GB 32100. */

import {
  checkExtraAnswers as checkSharedAnswers,
  extraFieldsProblems as sharedFieldsProblems,
  MAX_EXTRA_FIELDS,
  MAX_OPTION_LENGTH,
  MAX_TEXT_ANSWER,
  type ExtraAnswerProblem,
  type ExtraField,
  type ExtraFieldsProblem,
} from '@fangxian/contracts/checkin';

// The rules the web app checks as well live in the contracts package (one copy for both).
export {
  ORG_TYPES,
  SYMPTOMS,
  TEMPERATURE_MIN,
  TEMPERATURE_MAX,
  FEVER_THRESHOLD,
  EXTRA_FIELD_TYPES,
  MAX_EXTRA_FIELDS,
  abnormalReasons,
  answersProblem,
  creditCodeCheckChar,
  normaliseCreditCode,
  isRealDay,
  type OrgType,
  type Symptom,
  type AbnormalReason,
  type ReportAnswers,
  type ExtraFieldType,
  type ExtraField,
} from '@fangxian/contracts/checkin';

/** The China day a submission at `at` belongs to (Asia/Shanghai, UTC+8, no daylight saving). */
export function reportDay(at: Date): string {
  return todayInChina(at);
}

/**
 * Consecutive normal days ending at `today` (or yesterday, when today has no report yet): a missing
 * day or an abnormal day breaks the streak. `reports` maps YYYY-MM-DD → abnormal.
 */
export function normalStreak(reports: ReadonlyMap<string, boolean>, today: string): number {
  let day = reports.has(today) ? today : addDays(today, -1);
  let n = 0;
  while (reports.get(day) === false) {
    n++;
    day = addDays(day, -1);
  }
  return n;
}

// ——— organisation settings ———

const FIELD_MESSAGES: Record<ExtraFieldsProblem, string> = {
  count: `at most ${MAX_EXTRA_FIELDS} fields`,
  key: 'lower-case letters, digits, _ (max 32)',
  keyRepeated: 'repeated key',
  label: 'zh and en labels required',
  options: `a choice needs at least two distinct options of at most ${MAX_OPTION_LENGTH} characters`,
  optionsNotChoice: 'only a choice has options',
  range: 'min above max',
  rangeNotNumber: 'only a number has a range',
};

/** Problems of an organisation's field definitions, by request path (empty: valid) — the shared rules' problems as 400 issues. */
export function extraFieldsProblems(fields: readonly ExtraField[]): { path: string; message: string }[] {
  return sharedFieldsProblems(fields).map((p) => ({
    path: p.index === null ? '/body/extraFields' : `/body/extraFields/${p.index}${p.part ? `/${p.part}` : ''}`,
    message: FIELD_MESSAGES[p.problem],
  }));
}

function answerMessage(field: ExtraField | undefined, problem: ExtraAnswerProblem): string {
  switch (problem) {
    case 'required':
      return 'required';
    case 'number':
      return 'a number';
    case 'range':
      return `between ${field?.min ?? '−∞'} and ${field?.max ?? '∞'}`;
    case 'choice':
      return 'not one of the options';
    case 'date':
      return 'YYYY-MM-DD';
    case 'tooLong':
      return `at most ${MAX_TEXT_ANSWER} characters`;
    case 'text':
      return 'text expected';
  }
}

/**
 * Checks a member's answers to one organisation's extra fields (the shared rules): the accepted
 * answers (unknown keys dropped, numbers as numbers), or the problems by field key with a message.
 */
export function checkExtraAnswers(fields: readonly ExtraField[], answers: Readonly<Record<string, unknown>> | undefined): { values: Record<string, string | number>; problems: { key: string; message: string }[] } {
  const { values, problems } = checkSharedAnswers(fields, answers);
  return { values, problems: problems.map((p) => ({ key: p.key, message: answerMessage(fields.find((f) => f.key === p.key), p.problem) })) };
}

/** Minutes since midnight China time of an instant. */
export function chinaMinuteOf(at: Date): number {
  return (at.getUTCHours() * 60 + at.getUTCMinutes() + 8 * 60) % (24 * 60);
}

/** Minutes of a HH:MM time of day. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether a report submitted at `at` (on its own China day) came after the organisation's deadline. */
export function isLate(at: Date, deadline: string): boolean {
  return chinaMinuteOf(at) > minutesOf(deadline);
}

/**
 * Whether the organisation's scheduled reminder is due at `now`: from `remindBefore` minutes before
 * its deadline (never before its window opens) until the deadline.
 */
export function reminderDue(org: { windowStart: string; deadline: string; remindBeforeMinutes: number }, now: Date): boolean {
  const m = chinaMinuteOf(now);
  const from = Math.max(minutesOf(org.windowStart), minutesOf(org.deadline) - org.remindBeforeMinutes);
  return m >= from && m < minutesOf(org.deadline);
}

/**
 * Normal streaks of many people at once: `reports` are (citizenId, day, abnormal) rows; each
 * person's streak as normalStreak gives it.
 */
export function streaksOf(reports: readonly { citizenId: string; day: string; abnormal: boolean }[], today: string): Map<string, number> {
  const byPerson = new Map<string, Map<string, boolean>>();
  for (const r of reports) {
    let m = byPerson.get(r.citizenId);
    if (!m) byPerson.set(r.citizenId, (m = new Map()));
    m.set(r.day, r.abnormal);
  }
  return new Map([...byPerson].map(([id, m]) => [id, normalStreak(m, today)]));
}

/**
 * Resolves an import row's department text to a node of the organisation's tree:
 *   - a path from the top level, its names separated by "/" (or the full-width "／"), e.g.
 *     "办公室/综合科" — a leading "/" anchors a single name at the top level ("/办公室");
 *   - a single name, which must name exactly one node anywhere in the tree.
 * Answers the node's id, or why not: `unknown` (no such node) or `ambiguous` (the name is used by
 * several nodes; give the path). Blank text is no department (null).
 */
export function resolveDepartment(
  tree: readonly { id: string; parentId: string | null; name: string }[],
  text: string | undefined | null,
): { id: string } | { problem: 'unknown' | 'ambiguous' } | null {
  const raw = (text ?? '').trim();
  if (!raw) return null;
  const anchored = /^[/／]/.test(raw);
  const segments = raw.split(/[/／]/).map((s) => s.trim()).filter((s) => s !== '');
  if (segments.length === 0) return null;
  if (segments.length === 1 && !anchored) {
    const named = tree.filter((d) => d.name === segments[0]);
    if (named.length === 0) return { problem: 'unknown' };
    if (named.length > 1) return { problem: 'ambiguous' };
    return { id: named[0].id };
  }
  let parentId: string | null = null;
  let node: { id: string } | undefined;
  for (const name of segments) {
    // Names are unique among siblings (the server refuses a second one), so each step is one node.
    node = tree.find((d) => d.parentId === parentId && d.name === name);
    if (!node) return { problem: 'unknown' };
    parentId = node.id;
  }
  return node ? { id: node.id } : { problem: 'unknown' };
}

/** A node's path as an import row may write it ("教学部/初一年级"), from the tree (parents before children not required). */
export function departmentPathText(tree: readonly { id: string; parentId: string | null; name: string }[], id: string): string {
  const byId = new Map(tree.map((d) => [d.id, d]));
  const names: string[] = [];
  for (let d = byId.get(id); d; d = d.parentId ? byId.get(d.parentId) : undefined) names.unshift(d.name);
  return names.join('/');
}
