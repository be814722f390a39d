/**
 * Duplicate suggestions while a citizen writes: open tickets of the same category (or kind) near the
 * same place, ranked by text similarity of jieba tokens (@node-rs/jieba) and distance. Pure scoring
 * here; the candidates are read by the service (same county, last 90 days, still open).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | null = null;
const segmenter = () => (jieba ??= Jieba.withDict(dict));

/** Words that say nothing about the matter. */
const STOP = new Set(['的', '了', '和', '是', '在', '有', '我', '我们', '你', '他', '她', '这', '那', '一个', '没有', '什么', '反映', '问题', '情况', '希望', '请', '请问', '谢谢', '及时', '处理', '相关', '部门']);

/** The meaningful tokens of a text: jieba words, without punctuation, digits-only and stop words; single Han characters dropped. */
export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of segmenter().cut(text.toLowerCase(), false)) {
    const t = w.trim();
    if (!t || STOP.has(t) || /^[\p{P}\p{S}\s\d]+$/u.test(t)) continue;
    if (t.length < 2 && /\p{Script=Han}/u.test(t)) continue;
    out.add(t);
  }
  return out;
}

/** Jaccard similarity of two token sets (0 … 1). */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  return both / (a.size + b.size - both);
}

/** Great-circle distance in metres. */
export function distanceM(lat1: number, long1: number, lat2: number, long2: number): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLong = (long2 - long1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLong / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Suggestions within this distance when both have coordinates. */
export const NEAR_M = 1000;
/** A suggestion needs at least this text similarity (or to be very near with some shared words). */
export const MIN_SIMILARITY = 0.2;

export interface Place { lat: number | null; long: number | null; regionCode: string; address: string | null }
export interface Candidate extends Place { id: string; text: string }

/**
 * Scores a draft against candidates: text similarity (title + description + address) and nearness
 * (1 at the same spot, 0 at NEAR_M; without coordinates the same division counts 0.5). Candidates
 * farther than NEAR_M, or too different in words, are dropped. Best first, at most `limit`.
 */
export function rank<C extends Candidate>(draft: Place & { text: string }, candidates: readonly C[], limit = 5): { candidate: C; similarity: number; distanceM: number | null; score: number }[] {
  const mine = tokens(`${draft.text} ${draft.address ?? ''}`);
  const out: { candidate: C; similarity: number; distanceM: number | null; score: number }[] = [];
  for (const c of candidates) {
    const d = draft.lat !== null && draft.long !== null && c.lat !== null && c.long !== null ? distanceM(draft.lat, draft.long, c.lat, c.long) : null;
    if (d !== null && d > NEAR_M) continue;
    const sim = similarity(mine, tokens(`${c.text} ${c.address ?? ''}`));
    const near = d !== null ? 1 - d / NEAR_M : c.regionCode === draft.regionCode ? 0.5 : 0.25;
    if (sim < MIN_SIMILARITY && !(near > 0.8 && sim >= MIN_SIMILARITY / 2)) continue;
    out.push({ candidate: c, similarity: sim, distanceM: d === null ? null : Math.round(d), score: 0.7 * sim + 0.3 * near });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}
