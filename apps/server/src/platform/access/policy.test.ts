import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTION_RULES, Policy, defineActions, assertInScope } from './policy.ts';
import { regionContains, STAFF_ROLES, type Principal, type StaffRole } from './principal.ts';
import { AppError } from '../http/errors.ts';

const A = defineActions('unit', {
  'unit.thing.citizen': { who: 'citizen', description: 'citizens only' },
  'unit.thing.signed-in': { who: 'signed-in', description: 'any person' },
  'unit.thing.health': { who: 'staff', roles: ['health', 'county_command'], description: 'health or command' },
  'unit.thing.api': { who: 'api', permission: 'unit.read', description: 'API with unit.read' },
});
const policy = new Policy([A]);
const can = (principal: Principal | null, action: string) => policy.can(principal, action);

const staff = (roles: StaffRole[], regionCode = '510600'): Principal => ({
  kind: 'staff', staffId: 's', sessionId: 'x', username: 'u', roles, department: 'd', regionCode, venueId: null,
});
const citizen: Principal = { kind: 'citizen', citizenId: 'c', sessionId: 'x' };
const api = (permissions: string[]): Principal => ({ kind: 'api', clientId: 'a', permissions, regionCode: '' });

describe('Policy.can()', () => {
  it('decides every principal kind against every rule kind', () => {
    expect(can(null, A['unit.thing.citizen'])).toBe(false);
    expect(can(null, A['unit.thing.signed-in'])).toBe(false);
    expect(can(citizen, A['unit.thing.citizen'])).toBe(true);
    expect(can(citizen, A['unit.thing.signed-in'])).toBe(true);
    expect(can(citizen, A['unit.thing.health'])).toBe(false);
    expect(can(citizen, A['unit.thing.api'])).toBe(false);
    expect(can(staff(['health']), A['unit.thing.citizen'])).toBe(false);
    expect(can(staff(['health']), A['unit.thing.signed-in'])).toBe(true);
    expect(can(api(['unit.read']), A['unit.thing.signed-in'])).toBe(false);
    expect(can(api(['unit.read']), A['unit.thing.api'])).toBe(true);
    expect(can(api(['other.read']), A['unit.thing.api'])).toBe(false);
    expect(can(api([]), A['unit.thing.api'])).toBe(false);
    expect(can(staff(['sys_admin']), A['unit.thing.api'])).toBe(false);
  });

  it('property: a staff member may do a staff action exactly when one of their roles is listed', () => {
    fc.assert(
      fc.property(fc.subarray([...STAFF_ROLES]), (roles) => {
        expect(can(staff(roles), A['unit.thing.health'])).toBe(roles.includes('health') || roles.includes('county_command'));
      }),
    );
  });

  it('throws on an undeclared action, and refuses an action declared twice in one app', () => {
    expect(() => can(citizen, 'unit.thing.nope')).toThrow(/undeclared/);
    const again = defineActions('unit', { 'unit.thing.citizen': { who: 'citizen', description: 'again' } });
    expect(() => new Policy([A, again])).toThrow(/twice/);
  });

  it('keeps each app\'s policy to its own catalogues (nothing process-wide)', () => {
    const other = defineActions('other', { 'other.thing.read': { who: 'citizen', description: 'another app only' } });
    expect(new Policy([other]).can(citizen, other['other.thing.read'])).toBe(true);
    expect(() => policy.ruleOf(other['other.thing.read'])).toThrow(/undeclared/);
    expect(policy.actions().map(([name]) => name)).toEqual(['unit.thing.api', 'unit.thing.citizen', 'unit.thing.health', 'unit.thing.signed-in']);
  });
});

describe('defineActions', () => {
  it('returns the name map and carries the rules under ACTION_RULES', () => {
    expect(A['unit.thing.api']).toBe('unit.thing.api');
    expect(Object.keys(A)).toEqual(['unit.thing.citizen', 'unit.thing.signed-in', 'unit.thing.health', 'unit.thing.api']);
    expect(A[ACTION_RULES]['unit.thing.api']).toEqual({ who: 'api', permission: 'unit.read', description: 'API with unit.read' });
  });

  it('refuses names that are not module.resource.verb in lower kebab-case, or name another module', () => {
    // @ts-expect-error -- the name must start with the module
    expect(() => defineActions('unit', { 'other.thing.read': { who: 'citizen', description: 'x' } })).toThrow(/must start with unit\./);
    // @ts-expect-error -- three segments
    expect(() => defineActions('unit', { 'unit.read': { who: 'citizen', description: 'x' } })).toThrow(/module\.resource\.verb/);
    expect(() => defineActions('unit', { 'unit.someThing.read': { who: 'citizen', description: 'x' } })).toThrow(/kebab-case/);
    expect(() => defineActions('unit', { 'unit.thing.sign_in': { who: 'citizen', description: 'x' } })).toThrow(/kebab-case/);
  });
});

describe('regionContains and assertInScope', () => {
  it('contains itself and everything below', () => {
    expect(regionContains('510600', '510603')).toBe(true);
    expect(regionContains('510600', '510600')).toBe(true);
    expect(regionContains('510000', '510603')).toBe(true);
    expect(regionContains('510603', '510603')).toBe(true);
    expect(regionContains('510603', '510603001')).toBe(true); // a township under the county
    expect(regionContains('510603', '510604')).toBe(false);
    expect(regionContains('510603', '510600')).toBe(false);
    expect(regionContains('510600', '510100')).toBe(false);
    expect(regionContains('510600', '')).toBe(false);
    expect(regionContains('510600', null)).toBe(false);
    expect(regionContains('', '110105')).toBe(true);
  });

  it('property: a scope contains a target iff the target starts with the scope without its trailing 00 pairs', () => {
    const code = fc.tuple(fc.integer({ min: 11, max: 82 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([p, c, a]) => `${p}${String(c).padStart(2, '0')}${String(a).padStart(2, '0')}`);
    fc.assert(
      fc.property(code, code, (scope, target) => {
        const prefix = scope.endsWith('0000') ? scope.slice(0, 2) : scope.endsWith('00') ? scope.slice(0, 4) : scope;
        expect(regionContains(scope, target)).toBe(target.startsWith(prefix));
        expect(regionContains(scope, scope)).toBe(true);
      }),
    );
  });

  it('answers NOT_FOUND outside the scope and lets citizens and API clients through (they are scoped by ownership)', () => {
    expect(() => assertInScope(staff(['health'], '510603'), '510681')).toThrow(AppError);
    try {
      assertInScope(staff(['health'], '510603'), '510681');
    } catch (err) {
      expect((err as AppError).code).toBe('NOT_FOUND');
    }
    expect(() => assertInScope(staff(['health'], '510603'), '510603')).not.toThrow();
    expect(() => assertInScope(citizen, '510681')).not.toThrow();
  });
});
