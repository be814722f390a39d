import type { FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';
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

const actions = new Map<string, ActionRule>();

/** Declares a module's actions; the policy is the union of every module's declarations. */
export function defineActions<const T extends Record<string, ActionRule>>(rules: T): { [K in keyof T]: K } {
  const out = {} as Record<string, string>;
  for (const [name, rule] of Object.entries(rules)) {
    if (actions.has(name)) throw new Error(`action ${name} declared twice`);
    actions.set(name, rule);
    out[name] = name;
  }
  return out as { [K in keyof T]: K };
}

/** Every declared action (the access-matrix test walks these). */
export function allActions(): [string, ActionRule][] {
  return [...actions.entries()];
}

/** The rule of an action; throws for an undeclared action so typos fail loudly. */
export function ruleOf(action: string): ActionRule {
  const rule = actions.get(action);
  if (!rule) throw new Error(`undeclared action ${action}`);
  return rule;
}

/** Pure decision: may this principal perform this action at all (before record-level region scope)? */
export function can(principal: Principal | null, action: string): boolean {
  const rule = ruleOf(action);
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

/** Throws UNAUTHENTICATED or FORBIDDEN unless the request's principal may perform the action. */
export function authorize(request: FastifyRequest, action: string): Principal {
  const principal = request.principal;
  if (!principal) throw new AppError('UNAUTHENTICATED');
  if (!can(principal, action)) throw new AppError('FORBIDDEN', { action });
  return principal;
}

/**
 * Record-level region scope: a staff member outside the record's region gets NOT_FOUND, the same
 * answer as a missing record, so nothing leaks about records outside their scope.
 */
export function assertInScope(principal: Principal, regionCode: string | null | undefined): void {
  if (principal.kind !== 'staff') return;
  if (!regionContains(principal.regionCode, regionCode)) throw new AppError('NOT_FOUND');
}

/** Narrows to a staff principal (after authorize). */
export function asStaff(principal: Principal): Extract<Principal, { kind: 'staff' }> {
  if (principal.kind !== 'staff') throw new AppError('FORBIDDEN');
  return principal;
}

/** Narrows to a citizen principal (after authorize). */
export function asCitizen(principal: Principal): Extract<Principal, { kind: 'citizen' }> {
  if (principal.kind !== 'citizen') throw new AppError('FORBIDDEN');
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
