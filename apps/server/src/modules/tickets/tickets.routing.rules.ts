/**
 * Routing rules (pure): which department a ticket goes to, by category (a rule on a category covers its
 * subtree) and division (a rule on a division prefix covers the divisions under it), optionally by kind.
 * The most specific matching rule wins: the deeper category, then the longer division prefix, then
 * kind-specific over any kind, then the lower priority number, then the earlier position.
 */
import { divisionPrefix } from '@fangxian/contracts/kernel';

export interface RoutingRule {
  categoryId: string | null;
  kind: string | null;
  /** GB/T 2260 code; '' matches everywhere. */
  regionCode: string;
  department: string;
  priority: number;
}

export interface RoutedTicket {
  kind: string;
  categoryId: string | null;
  regionCode: string;
}

/** The category chain of a ticket's category, itself first, then its parent, … (ids). */
export function ancestry(categoryId: string | null, parentOf: ReadonlyMap<string, string | null>): string[] {
  const out: string[] = [];
  for (let at = categoryId, n = 0; at && n < 64; at = parentOf.get(at) ?? null, n++) out.push(at);
  return out;
}

const prefixLength = (code: string) => (code ? divisionPrefix(code).length : 0);

/** The winning rule for a ticket and its index, or null when no rule matches. */
export function route<R extends RoutingRule>(ticket: RoutedTicket, rules: readonly R[], parentOf: ReadonlyMap<string, string | null>): { rule: R; index: number } | null {
  const chain = ancestry(ticket.categoryId, parentOf);
  let best: { rule: R; index: number; score: number[] } | null = null;
  rules.forEach((rule, index) => {
    if (rule.kind && rule.kind !== ticket.kind) return;
    if (rule.regionCode && !ticket.regionCode.startsWith(divisionPrefix(rule.regionCode))) return;
    let categoryScore = 0;
    if (rule.categoryId) {
      const at = chain.indexOf(rule.categoryId);
      if (at < 0) return;
      categoryScore = chain.length - at; // deeper (closer to the ticket's own category) scores higher
    }
    const score = [categoryScore, prefixLength(rule.regionCode), rule.kind ? 1 : 0, -rule.priority, -index];
    if (!best || compare(score, best.score) > 0) best = { rule, index, score };
  });
  const found = best as { rule: R; index: number } | null;
  return found ? { rule: found.rule, index: found.index } : null;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
