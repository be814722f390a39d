import { describe, expect, it } from 'vitest';
import { route, type RoutingRule } from './tickets.routing.rules.ts';

const parentOf = new Map<string, string | null>([['places', null], ['places-mask', 'places'], ['food', null]]);
const rule = (r: Partial<RoutingRule>): RoutingRule => ({ categoryId: null, kind: null, regionCode: '', department: 'D', priority: 100, ...r });

describe('routing rules', () => {
  const rules = [
    rule({ department: '兜底' }),
    rule({ regionCode: '510600', department: '德阳市卫健委' }),
    rule({ regionCode: '510603', department: '旌阳区卫健局' }),
    rule({ categoryId: 'places', regionCode: '510600', department: '德阳市市场监管局' }),
    rule({ categoryId: 'places-mask', department: '省疫情防控办' }),
    rule({ kind: 'help', regionCode: '510603', department: '旌阳区民政局' }),
  ];
  const at = (categoryId: string | null, regionCode: string, kind = 'report') => route({ kind, categoryId, regionCode }, rules, parentOf)?.rule.department ?? null;

  it('prefers the deeper category, then the longer division prefix, then the kind', () => {
    expect(at('places-mask', '510603')).toBe('省疫情防控办'); // own category beats a parent category with a closer region
    expect(at('places', '510603')).toBe('德阳市市场监管局');
    expect(at('food', '510603')).toBe('旌阳区卫健局'); // no category rule: the longest division prefix
    expect(at(null, '510681')).toBe('德阳市卫健委');
    expect(at(null, '510104')).toBe('兜底');
    expect(at(null, '510603', 'help')).toBe('旌阳区民政局');
    expect(at(null, '510603001', 'help')).toBe('旌阳区民政局'); // a town under the county
  });

  it('breaks ties by priority, then by position; no rule → null', () => {
    expect(route({ kind: 'report', categoryId: null, regionCode: '510603' }, [rule({ department: 'A', priority: 5 }), rule({ department: 'B', priority: 1 })], parentOf)?.rule.department).toBe('B');
    expect(route({ kind: 'report', categoryId: null, regionCode: '510603' }, [rule({ department: 'A' }), rule({ department: 'B' })], parentOf)?.index).toBe(0);
    expect(route({ kind: 'report', categoryId: null, regionCode: '510603' }, [rule({ regionCode: '510104' })], parentOf)).toBeNull();
  });
});
