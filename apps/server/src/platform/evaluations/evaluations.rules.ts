/** 好差评 rules (国办发〔2019〕51号): pure, no I/O. */

/** The five national levels, 1 best … 5 worst (the same numbers as the tickets' 1–5 rating). */
export const EVALUATION_LEVELS = [1, 2, 3, 4, 5] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number];
export const LEVEL_NAMES: Record<EvaluationLevel, { zh: string; en: string }> = {
  1: { zh: '非常满意', en: 'Very satisfied' },
  2: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  4: { zh: '不满意', en: 'Dissatisfied' },
  5: { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** 差评: the last two levels, which open a rectification task. */
export function isBadRating(level: number): boolean {
  return level === 4 || level === 5;
}

/** Days a department has to rectify a bad rating and call the applicant back (calendar days; see docs). */
export const RECTIFY_DAYS = 15;
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The rectification deadline: the end of the China day RECTIFY_DAYS after the rating. */
export function rectificationDue(ratedAt: Date, days = RECTIFY_DAYS): Date {
  const china = new Date(ratedAt.getTime() + CHINA_OFFSET_MS);
  const endOfDay = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() + days + 1) - 1;
  return new Date(endOfDay - CHINA_OFFSET_MS);
}

/** What the figures count of one rating. */
export interface RatingForFigures {
  key: string;
  name: string;
  level: number;
  excluded: boolean;
  rectification: { status: string; dueAt: Date; rectifiedAt: Date | null } | null;
}

/** One line of the monthly figures. */
export interface FigureLine {
  key: string;
  name: string;
  /** Ratings per level, index 0 = 非常满意 … 4 = 非常不满意 (excluded ratings not counted). */
  counts: [number, number, number, number, number];
  total: number;
  /** 满意率: the first three levels over all counted ratings (null without ratings). */
  satisfactionRate: number | null;
  bad: number;
  rectified: number;
  rectifiedOnTime: number;
  /** 按时整改率: rectified by the deadline over bad ratings (null without bad ratings). */
  onTimeRate: number | null;
  excluded: number;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Aggregates ratings by key (service item or department), sorted by key. */
export function monthlyFigures(ratings: RatingForFigures[]): FigureLine[] {
  const lines = new Map<string, FigureLine>();
  for (const r of ratings) {
    let line = lines.get(r.key);
    if (!line) {
      line = { key: r.key, name: r.name, counts: [0, 0, 0, 0, 0], total: 0, satisfactionRate: null, bad: 0, rectified: 0, rectifiedOnTime: 0, onTimeRate: null, excluded: 0 };
      lines.set(r.key, line);
    }
    if (r.excluded) {
      line.excluded++;
      continue;
    }
    line.counts[r.level - 1]++;
    line.total++;
    if (isBadRating(r.level)) {
      line.bad++;
      const rect = r.rectification;
      if (rect?.rectifiedAt) {
        line.rectified++;
        if (rect.rectifiedAt.getTime() <= rect.dueAt.getTime()) line.rectifiedOnTime++;
      }
    }
  }
  for (const line of lines.values()) {
    line.satisfactionRate = line.total ? round4((line.counts[0] + line.counts[1] + line.counts[2]) / line.total) : null;
    line.onTimeRate = line.bad ? round4(line.rectifiedOnTime / line.bad) : null;
  }
  return [...lines.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The UTC instants bounding a China calendar month ("2026-12"). */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  return { from: new Date(Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS), to: new Date(Date.UTC(y, m, 1) - CHINA_OFFSET_MS) };
}
