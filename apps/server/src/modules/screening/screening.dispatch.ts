/**
 * Which command post a person's task goes to, and its deadlines (pure; the rules are data kept in
 * screening_dispatch_rules and edited in the console). The first rule, by priority, whose source kind
 * and division prefix fit decides; without a fitting rule the task goes to the county of the
 * residence division (else the household division) with the source's SLA.
 */

export interface DispatchRule {
  priority: number;
  sourceKind: string | null;
  divisionPrefix: string | null;
  useDivision: 'residence' | 'household' | string;
  targetDivision: string | null;
  contactHours: number | null;
  feedbackHours: number | null;
}

export interface Dispatch {
  regionCode: string;
  contactHours: number;
  feedbackHours: number;
}

/** The county-level part of a division code (a town's or village's county); city and province codes stay as they are. */
export function commandPostOf(code: string): string {
  return code.length > 6 ? code.slice(0, 6) : code;
}

/** Decides where a person's task goes. Null when the person has no division at all. */
export function dispatchFor(
  person: { residenceDivision: string | null; householdDivision: string | null },
  source: { kind: string; contactHours: number; feedbackHours: number },
  rules: readonly DispatchRule[],
): Dispatch | null {
  const pick = (use: string) => (use === 'household' ? person.householdDivision ?? person.residenceDivision : person.residenceDivision ?? person.householdDivision);
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  for (const rule of sorted) {
    if (rule.sourceKind && rule.sourceKind !== source.kind) continue;
    const division = pick(rule.useDivision);
    if (rule.divisionPrefix && !(division ?? '').startsWith(rule.divisionPrefix)) continue;
    const target = rule.targetDivision ?? (division ? commandPostOf(division) : null);
    if (!target) continue;
    return { regionCode: target, contactHours: rule.contactHours ?? source.contactHours, feedbackHours: rule.feedbackHours ?? source.feedbackHours };
  }
  const division = pick('residence');
  return division ? { regionCode: commandPostOf(division), contactHours: source.contactHours, feedbackHours: source.feedbackHours } : null;
}

/** The deadlines of a task dispatched at `at`. */
export function deadlines(at: Date, d: Dispatch): { contactDueAt: Date; feedbackDueAt: Date } {
  return { contactDueAt: new Date(at.getTime() + d.contactHours * 3600_000), feedbackDueAt: new Date(at.getTime() + d.feedbackHours * 3600_000) };
}
