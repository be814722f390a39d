/**
 * Matching a screening record to a person (pure). Exact on the ID number's blind index; otherwise the
 * same phone plus a similar name gives a confidence score; a score between the review and merge
 * thresholds goes to an officer. Two people with different ID numbers are never the same person, and a
 * shared phone with a different name is not enough.
 */

/** The thresholds and weights (data: a deployment may tune them). */
export interface MatchRules {
  /** Weight of an equal phone in the score. */
  phoneWeight: number;
  /** Weight of the name similarity (0…1) in the score. */
  nameWeight: number;
  /** The similarity assumed when one side has no name (telecom lists carry phones only). */
  missingNameSimilarity: number;
  /** At or above: the same person. */
  mergeAt: number;
  /** At or above (and below mergeAt): an officer decides. */
  reviewAt: number;
}

export const MATCH_RULES: MatchRules = { phoneWeight: 0.4, nameWeight: 0.6, missingNameSimilarity: 0.85, mergeAt: 0.9, reviewAt: 0.6 };

/** What the matcher knows of a person or an incoming record (blind indexes, and the clear normalised name). */
export interface MatchKeys {
  documentIndex: string | null;
  phoneIndex: string | null;
  name: string | null;
}

export interface Candidate extends MatchKeys {
  id: string;
}

export type MatchDecision =
  | { kind: 'match'; personId: string; by: 'document' | 'phone_name'; score: number }
  | { kind: 'review'; candidateId: string; score: number; reasons: string[] }
  | { kind: 'new' };

/** Edit distance between two strings (by code point). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/** Similarity of two normalised names: 1 equal, 0.95 equal but for the middle dots, else 1 − edits / longer length. */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const plainA = a.replace(/·/g, '');
  const plainB = b.replace(/·/g, '');
  if (plainA === plainB) return 0.95;
  const longer = Math.max([...plainA].length, [...plainB].length);
  return longer === 0 ? 0 : Math.max(0, 1 - editDistance(plainA, plainB) / longer);
}

/** The confidence that a record and a person sharing a phone are the same person. */
export function phoneNameScore(a: MatchKeys, b: MatchKeys, rules: MatchRules = MATCH_RULES): number {
  const similarity = a.name && b.name ? nameSimilarity(a.name, b.name) : rules.missingNameSimilarity;
  return Math.round((rules.phoneWeight + rules.nameWeight * similarity) * 1000) / 1000;
}

/**
 * Decides who an incoming record is among the candidates (persons sharing its ID index or its phone index).
 */
export function matchPerson(incoming: MatchKeys, candidates: readonly Candidate[], rules: MatchRules = MATCH_RULES): MatchDecision {
  if (incoming.documentIndex) {
    const same = candidates.find((c) => c.documentIndex === incoming.documentIndex);
    if (same) return { kind: 'match', personId: same.id, by: 'document', score: 1 };
  }
  if (!incoming.phoneIndex) return { kind: 'new' };
  const scored = candidates
    // Different ID numbers: different people, whatever else they share.
    .filter((c) => c.phoneIndex === incoming.phoneIndex && !(c.documentIndex && incoming.documentIndex && c.documentIndex !== incoming.documentIndex))
    .map((c) => ({ c, score: phoneNameScore(incoming, c, rules) }))
    .sort((p, q) => q.score - p.score || p.c.id.localeCompare(q.c.id));
  if (scored.length === 0) return { kind: 'new' };
  const [best, second] = scored;
  const reasons = ['same_phone', best.c.name && incoming.name ? (best.c.name === incoming.name ? 'same_name' : 'similar_name') : 'name_missing'];
  // A different name (beyond spaces and dots) is never merged without an officer: siblings share phones.
  const namesAgree = !best.c.name || !incoming.name || nameSimilarity(best.c.name, incoming.name) >= 0.95;
  if (best.score >= rules.mergeAt && namesAgree) {
    // Two people who both fit as well: an officer decides.
    if (second && second.score >= rules.mergeAt) return { kind: 'review', candidateId: best.c.id, score: best.score, reasons: [...reasons, 'several_candidates'] };
    return { kind: 'match', personId: best.c.id, by: 'phone_name', score: best.score };
  }
  if (best.score >= rules.reviewAt) return { kind: 'review', candidateId: best.c.id, score: best.score, reasons };
  return { kind: 'new' };
}
