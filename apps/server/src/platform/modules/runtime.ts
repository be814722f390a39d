import type { Config } from '../../config.ts';
import type { App, AppContext } from '../http/context.ts';
import { ACTION_RULES } from '../access/policy.ts';
import type {
  ActionCatalogueLike, Contribution, ErrorCatalogueLike, EventType, ExtensionPoint, JobSpec, Listener, ModuleManifest, ScheduleSpec, SeedStepLike,
  StateKey,
} from './module.ts';

/**
 * Orders manifests so every module comes after the modules it depends on (stable: among modules
 * whose dependencies are met, the given order is kept). Throws on a duplicate name, an unknown
 * dependency or a cycle, naming the modules involved.
 */
export function orderModules(manifests: readonly ModuleManifest[]): ModuleManifest[] {
  const byName = new Map<string, ModuleManifest>();
  for (const m of manifests) {
    if (byName.has(m.name)) throw new Error(`module ${m.name} is listed twice`);
    byName.set(m.name, m);
  }
  for (const m of manifests) {
    for (const dep of m.dependsOn ?? []) {
      if (!byName.has(dep)) throw new Error(`module ${m.name} depends on ${dep}, which is not part of this app`);
    }
  }
  const ordered: ModuleManifest[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: ModuleManifest, path: string[]): void => {
    const s = state.get(m.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(m.name)), m.name];
      throw new Error(`module dependency cycle: ${cycle.join(' -> ')}`);
    }
    state.set(m.name, 'visiting');
    for (const dep of m.dependsOn ?? []) visit(byName.get(dep)!, [...path, m.name]);
    state.set(m.name, 'done');
    ordered.push(m);
  };
  for (const m of manifests) visit(m, []);
  return ordered;
}

/**
 * What an app holds of its modules: their state, listeners, contributions, jobs, seeds, errors and
 * actions — built once per app by buildApp from the ordered manifests, so two apps in one process
 * (tests, multi-instance) share nothing.
 */
export class ModuleRuntime {
  readonly modules: readonly ModuleManifest[];
  private readonly states = new Map<StateKey<unknown>, unknown>();
  private readonly listeners = new Map<string, Listener<unknown>[]>();
  private readonly contributed = new Map<string, unknown[]>();
  private readonly jobTypes = new Map<string, JobSpec>();

  constructor(manifests: readonly ModuleManifest[]) {
    this.modules = orderModules(manifests);
    for (const m of this.modules) {
      for (const l of m.listeners ?? []) {
        const list = this.listeners.get(l.event.name) ?? [];
        list.push(l as unknown as Listener<unknown>);
        this.listeners.set(l.event.name, list);
      }
      for (const c of m.contributes ?? []) {
        const list = this.contributed.get(c.point.name) ?? [];
        list.push(c.value);
        this.contributed.set(c.point.name, list);
      }
      for (const job of m.jobs ?? []) {
        if (this.jobTypes.has(job.type)) throw new Error(`job type ${job.type} declared twice (module ${m.name})`);
        this.jobTypes.set(job.type, job);
      }
    }
    // One convention: error codes MODULE_REASON and action names module.resource.verb, named for the module that declares them.
    const codes = new Map<string, string>();
    for (const m of this.modules) {
      const prefix = `${m.name.replaceAll('-', '_').toUpperCase()}_`;
      for (const catalogue of m.errors ?? []) {
        for (const { code } of Object.values(catalogue)) {
          if (!code.startsWith(prefix)) throw new Error(`error code ${code} of module ${m.name} must start with ${prefix}`);
          const owner = codes.get(code);
          if (owner && owner !== m.name) throw new Error(`error code ${code} declared by ${owner} and ${m.name}`);
          codes.set(code, m.name);
        }
      }
      for (const catalogue of m.actions ?? []) {
        for (const name of Object.keys(catalogue[ACTION_RULES])) {
          if (!name.startsWith(`${m.name}.`)) throw new Error(`action ${name} of module ${m.name} must start with ${m.name}.`);
        }
      }
    }
  }

  /** Creates every module's state in start order (called once by buildApp). */
  createStates(ctx: AppContext): void {
    for (const m of this.modules) {
      for (const binding of m.state ?? []) {
        if (this.states.has(binding.key)) throw new Error(`state ${binding.key.name} provided twice (module ${m.name})`);
        this.states.set(binding.key, binding.create(ctx));
      }
    }
  }

  /** A module's per-app state (use `key.of(ctx)`). */
  state<S>(key: StateKey<S>): S {
    const state = this.states.get(key);
    // One lookup on the hot path; `has` only to tell a missing state from a provided undefined.
    if (state === undefined && !this.states.has(key)) throw new Error(`state ${key.name} is not provided in this app (is its module part of it, and started?)`);
    return state as S;
  }

  /** Hands an event to every listener, in module start order, and waits for each. */
  async emit<P>(ctx: AppContext, event: EventType<P>, payload: P): Promise<void> {
    const list = this.listeners.get(event.name);
    if (!list) return;
    for (const l of list) await l.handle(payload, ctx);
  }

  /** Whether anyone listens to an event (a publisher may skip building a costly payload). */
  hasListeners(event: EventType<unknown>): boolean {
    return this.listeners.has(event.name);
  }

  /** The values contributed to an extension point, in module start order. */
  contributions<T>(point: ExtensionPoint<T>): readonly T[] {
    return (this.contributed.get(point.name) ?? []) as T[];
  }

  /** A declared job type, or undefined. */
  jobType(type: string): JobSpec | undefined {
    return this.jobTypes.get(type);
  }

  jobTypeNames(): string[] {
    return [...this.jobTypes.keys()];
  }

  /** Every module's recurring jobs under this configuration; refuses a bad interval, an unknown job type or a name used twice. */
  schedules(config: Config): ScheduleSpec[] {
    const out: ScheduleSpec[] = [];
    const names = new Set<string>();
    for (const m of this.modules) {
      for (const s of m.schedules?.(config) ?? []) {
        if (!Number.isInteger(s.everyMs) || s.everyMs < 1000) throw new Error(`schedule ${s.name} (module ${m.name}): everyMs must be an integer ≥ 1000`);
        if (!this.jobTypes.has(s.type)) throw new Error(`schedule ${s.name} (module ${m.name}) runs job type ${s.type}, which no module declares`);
        if (names.has(s.name)) throw new Error(`schedule ${s.name} declared twice (module ${m.name})`);
        names.add(s.name);
        out.push(s);
      }
    }
    return out;
  }

  /** Every module's demo-data steps, in module start order (the seed sorts them by `order`). */
  seeds(): SeedStepLike[] {
    const steps = this.modules.flatMap((m) => m.seeds ?? []);
    const names = new Set<string>();
    for (const step of steps) {
      if (names.has(step.name)) throw new Error(`seed step ${step.name} declared twice`);
      names.add(step.name);
    }
    return steps;
  }

  /** The start-up banner lines of every module, in start order. */
  async bannerLines(app: App, config: Config): Promise<string[]> {
    const lines: string[] = [];
    for (const m of this.modules) if (m.banner) lines.push(...(await m.banner(app, config)));
    return lines;
  }

  errorCatalogues(): ErrorCatalogueLike[] {
    return this.modules.flatMap((m) => m.errors ?? []);
  }

  actionCatalogues(): ActionCatalogueLike[] {
    return this.modules.flatMap((m) => m.actions ?? []);
  }
}
