import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { App, AppContext, ModuleRoutes } from '../http/context.ts';
import type { ACTION_RULES, ActionRule } from '../access/policy.ts';

/**
 * A module's manifest: everything the module adds to an app, declared in one value that app.ts
 * hands to buildApp. Nothing registers itself on import; buildApp orders the manifests by
 * `dependsOn`, refuses cycles and unknown dependencies, registers what they declare (per app, never
 * process-wide), creates each module's state, runs `onStart`, then registers `routes`.
 * See docs/DEVELOPING.md "Adding a module".
 */
export interface ModuleManifest {
  /** kebab-case, unique: 'venues', 'health-code'. Also the prefix of its action names ('venues.…'). */
  readonly name: string;
  /** Modules whose index this module imports or whose events it listens to; they start first. */
  readonly dependsOn?: readonly string[];
  /** Error catalogues (defineErrors) this module throws; listed in the OpenAPI document. */
  readonly errors?: readonly ErrorCatalogueLike[];
  /** Action catalogues (defineActions): the module's part of the access policy. */
  readonly actions?: readonly ActionCatalogueLike[];
  /** The module's drizzle tables (schema files); a test checks every table belongs to exactly one module. */
  readonly tables?: Readonly<Record<string, unknown>>;
  /** Background job types this module runs (defineJob). */
  readonly jobs?: readonly JobSpec[];
  /** Recurring jobs, from configuration (an interval of 0 usually means none). */
  readonly schedules?: (config: Config) => readonly ScheduleSpec[];
  /** Demo-data steps, run in the one seed transaction of a first demo start. */
  readonly seeds?: readonly SeedStepLike[];
  /** Values this module adds to other modules' extension points (e.g. a health-code fact source). */
  readonly contributes?: readonly Contribution<unknown>[];
  /** Events of other modules (or its own) this module reacts to. */
  readonly listeners?: readonly Listener<never>[];
  /** Per-app state (caches, counters, keys), created before onStart; read with `key.of(ctx)`. */
  readonly state?: readonly StateBinding<unknown>[];
  /** Start-up work before the app listens: defaults, data migrations. Runs in dependency order. */
  readonly onStart?: (ctx: AppContext, log: FastifyBaseLogger) => Promise<void> | void;
  /** Lines printed in the start-up banner (demo accounts, outbox hints). */
  readonly banner?: (app: App, config: Config) => Promise<string[]> | string[];
  /** HTTP routes only, registered under /api. */
  readonly routes?: ModuleRoutes;
}

/** Declares a module (checks the name; the rest is checked when an app is built). */
export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(manifest.name)) throw new Error(`module name ${manifest.name} is not kebab-case`);
  return manifest;
}

// ---- the pieces a manifest declares ----

/** What defineErrors returns (platform/http/errors.ts); kept structural to avoid an import cycle. */
export interface ErrorCatalogueLike {
  readonly [code: string]: { readonly code: string; readonly status: number; readonly zh: string; readonly en: string };
}
/** What defineActions returns (platform/access/policy.ts): action names, and their rules under ACTION_RULES. */
export interface ActionCatalogueLike {
  readonly [ACTION_RULES]: Readonly<Record<string, ActionRule>>;
}
/** A demo seed step (platform/seed). */
export interface SeedStepLike {
  readonly name: string;
  readonly order?: number;
  run(seed: never): Promise<void>;
}

/** A job type: its name (module.verb), handler and attempts (platform/jobs). */
export interface JobSpec {
  readonly type: string;
  readonly handler: (run: never) => Promise<unknown>;
  readonly maxAttempts: number;
  /** Jobs of this type one runner runs at the same time (its lane's width); other types run beside them. */
  readonly concurrency?: number;
}

/** A recurring job: the runner persists it, and of all instances one enqueues each run. */
export interface ScheduleSpec {
  readonly name: string;
  readonly type: string;
  readonly everyMs: number;
  readonly payload?: Record<string, unknown>;
}

/** A typed handle on a module's per-app state. */
export interface StateKey<S> {
  readonly name: string;
  /** The state of this app; throws when the owning module is not part of the app. */
  of(ctx: AppContext): S;
}

export interface StateBinding<S> {
  readonly key: StateKey<S>;
  readonly create: (ctx: AppContext) => S;
}

/** Declares a piece of per-app state; the owning module binds it with `provide(key, create)`. */
export function defineState<S>(name: string): StateKey<S> {
  const key: StateKey<S> = {
    name,
    of: (ctx) => ctx.modules.state(key),
  };
  return key;
}

/** Binds a state key to the function that creates it for each app (in a manifest's `state`). */
export function provide<S>(key: StateKey<S>, create: (ctx: AppContext) => S): StateBinding<unknown> {
  return { key, create } as StateBinding<unknown>;
}

/**
 * An event type: published by the module that owns it (exported from its index), handled by the
 * listeners of the modules that depend on it. `emit` awaits every listener in module start order,
 * so a listener may take part in the publisher's transaction when the payload carries it.
 */
export interface EventType<P> {
  readonly name: string;
  /** Phantom: carries the payload type. */
  readonly payload?: P;
}

export function defineEvent<P>(name: string): EventType<P> {
  return { name };
}

export interface Listener<P> {
  readonly event: EventType<P>;
  readonly handle: (payload: P, ctx: AppContext) => Promise<void> | void;
}

/** A listener for a manifest's `listeners`. */
export function on<P>(event: EventType<P>, handle: (payload: P, ctx: AppContext) => Promise<void> | void): Listener<never> {
  return { event, handle } as unknown as Listener<never>;
}

/**
 * An extension point: a module (the owner) collects values of type T that other modules contribute,
 * e.g. the health code's fact sources. The owner reads them with `ctx.modules.contributions(point)`.
 */
export interface ExtensionPoint<T> {
  readonly name: string;
  readonly value?: T;
}

export function defineExtensionPoint<T>(name: string): ExtensionPoint<T> {
  return { name };
}

export interface Contribution<T> {
  readonly point: ExtensionPoint<T>;
  readonly value: T;
}

/** A contribution for a manifest's `contributes`. */
export function contribute<T>(point: ExtensionPoint<T>, value: T): Contribution<unknown> {
  return { point, value } as Contribution<unknown>;
}
