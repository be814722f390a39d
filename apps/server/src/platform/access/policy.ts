import type { FastifyRequest } from 'fastify';
import { AppError, CommonErrors } from '../http/errors.ts';
import { regionContains, type Principal, type StaffRole } from './principal.ts';

/**
 * One rule of the access policy: who may perform an action. Region scope is applied to records
 * by the services (assertInScope), since it depends on the record.
 */
export type ActionRule =
  | { who: 'citizen'; description: string }
  | { who: 'staff'; roles: readonly StaffRole[]; description: string }
  | { who: 'api'; permission: string; description: string }
  | { who: 'signed-in'; description: string };

/** Where an action catalogue carries its rules (its string keys are only the names). */
export const ACTION_RULES: unique symbol = Symbol('fangxian.actionRules');

/** What defineActions returns: each action's name keyed by itself (`A['venues.venue.register']`), and its rules. */
export type ActionCatalogue<T> = { readonly [K in keyof T & string]: K } & { readonly [ACTION_RULES]: Readonly<Record<string, ActionRule>> };

/**
 * The rules a module may declare: every name must be `${module}.resource.verb`, so an action named
 * for another module does not compile (its rule is then typed as the message below).
 */
export type ModuleActionRules<M extends string, T> = {
  [K in keyof T]: K extends `${M}.${string}.${string}` ? ActionRule : `action ${K & string} must be named ${M}.resource.verb`;
};

const SEGMENT = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const ACTION_NAME = new RegExp(`^${SEGMENT}\\.${SEGMENT}\\.${SEGMENT}$`);

/**
 * Declares a module's actions, named `module.resource.verb` (every segment lower kebab-case, the
 * first the module's name): `defineActions('venues', { 'venues.place-code.rotate': rule })`. Nothing
 * is registered: the module lists the catalogue in its manifest (`actions`), and each app builds its
 * Policy from its modules' catalogues.
 */
export function defineActions<const M extends string, const T extends ModuleActionRules<M, T>>(module: M, rules: T): ActionCatalogue<T> {
  const names: Record<string, string> = {};
  for (const name of Object.keys(rules)) {
    if (!ACTION_NAME.test(name)) throw new Error(`action ${name} is not named module.resource.verb in lower kebab-case`);
    if (!name.startsWith(`${module}.`)) throw new Error(`action ${name} must start with ${module}.`);
    names[name] = name;
  }
  Object.defineProperty(names, ACTION_RULES, { value: Object.freeze({ ...(rules as Record<string, ActionRule>) }) });
  return Object.freeze(names) as unknown as ActionCatalogue<T>;
}

/** Pure decision: may this principal perform an action with this rule at all (before record-level region scope)? */
export function allows(rule: ActionRule, principal: Principal | null): boolean {
  if (!principal) return false;
  switch (rule.who) {
    case 'signed-in':
      return principal.kind === 'citizen' || principal.kind === 'staff';
    case 'citizen':
      return principal.kind === 'citizen';
    case 'staff':
      return principal.kind === 'staff' && principal.roles.some((r) => rule.roles.includes(r));
    case 'api':
      return principal.kind === 'api' && principal.permissions.includes(rule.permission);
  }
}

/**
 * An app's access policy: the union of its modules' action catalogues, built once by buildApp
 * (`ctx.policy`). Two apps in one process share nothing.
 */
export class Policy {
  private readonly rules = new Map<string, ActionRule>();

  constructor(catalogues: readonly { readonly [ACTION_RULES]: Readonly<Record<string, ActionRule>> }[]) {
    for (const catalogue of catalogues) {
      for (const [name, rule] of Object.entries(catalogue[ACTION_RULES])) {
        if (this.rules.has(name)) throw new Error(`action ${name} declared twice`);
        this.rules.set(name, rule);
      }
    }
  }

  /** Every declared action with its rule, sorted by name (code point order: the same everywhere). */
  actions(): [string, ActionRule][] {
    return [...this.rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The rule of an action; throws for an undeclared action so typos fail loudly. */
  ruleOf(action: string): ActionRule {
    const rule = this.rules.get(action);
    if (!rule) throw new Error(`undeclared action ${action}`);
    return rule;
  }

  /** May this principal perform this action at all (before record-level region scope)? */
  can(principal: Principal | null, action: string): boolean {
    return allows(this.ruleOf(action), principal);
  }

  // allowedActions per kind and role set: at most one entry per combination of the nine roles.
  private readonly allowedByRoles = new Map<string, readonly string[]>();

  /**
   * Every action a citizen or staff member may perform (before record-level region scope), sorted:
   * what `me` tells a surface so that it offers only these. It depends on the kind and roles alone,
   * so it is worked out once per combination (GET /api/me asks on every request).
   */
  allowedActions(principal: Extract<Principal, { kind: 'citizen' | 'staff' }>): readonly string[] {
    const key = principal.kind === 'staff' ? `staff:${[...principal.roles].sort().join(',')}` : principal.kind;
    let allowed = this.allowedByRoles.get(key);
    if (!allowed) {
      allowed = this.actions()
        .filter(([, rule]) => allows(rule, principal))
        .map(([name]) => name);
      this.allowedByRoles.set(key, allowed);
    }
    return allowed;
  }

  /** Throws UNAUTHENTICATED or FORBIDDEN unless the request's principal may perform the action. */
  authorize(request: FastifyRequest, action: string): Principal {
    const principal = request.principal;
    if (!principal) throw new AppError(CommonErrors.UNAUTHENTICATED);
    if (!this.can(principal, action)) throw new AppError(CommonErrors.FORBIDDEN, { action });
    return principal;
  }
}

/**
 * Record-level region scope: a staff member or API client outside the record's region gets NOT_FOUND,
 * the same answer as a missing record, so nothing leaks about records outside their scope.
 */
export function assertInScope(principal: Principal, regionCode: string | null | undefined): void {
  if (principal.kind === 'citizen') return;
  if (!regionContains(principal.regionCode, regionCode)) throw new AppError(CommonErrors.NOT_FOUND);
}

/** Narrows to a staff principal (after the route's action was authorised). */
export function asStaff(principal: Principal): Extract<Principal, { kind: 'staff' }> {
  if (principal.kind !== 'staff') throw new AppError(CommonErrors.FORBIDDEN);
  return principal;
}

/** Narrows to a citizen principal (after the route's action was authorised). */
export function asCitizen(principal: Principal): Extract<Principal, { kind: 'citizen' }> {
  if (principal.kind !== 'citizen') throw new AppError(CommonErrors.FORBIDDEN);
  return principal;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The policy action this route performs; the guard checks it before the handler. */
    action?: string;
  }
}
