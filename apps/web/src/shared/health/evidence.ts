/**
 * Evidence lines of a health-code reason, grouped: five scans in the same high-risk county on one day
 * are one line with a count, not five identical lines; several days of the same fact are one line
 * listing the days.
 */

export interface EvidenceLike {
  day?: string;
}

export interface EvidenceGroup {
  /** The distinct days, oldest first (empty when the evidence has no day). */
  days: string[];
  /** What the evidence says besides its day (area · level, a status, a temperature). */
  text: string;
  /** How many pieces of evidence the group stands for. */
  count: number;
}

/** Groups evidence by what it says besides its day; `describe` renders that part. Order: first appearance. */
export function groupEvidence<E extends EvidenceLike>(evidence: readonly E[], describe: (e: E) => string): EvidenceGroup[] {
  const groups = new Map<string, EvidenceGroup>();
  for (const e of evidence) {
    const text = describe(e);
    if (!text && !e.day) continue;
    const group = groups.get(text) ?? { days: [], text, count: 0 };
    if (e.day && !group.days.includes(e.day)) group.days.push(e.day);
    group.count += 1;
    groups.set(text, group);
  }
  for (const group of groups.values()) group.days.sort();
  return [...groups.values()];
}
