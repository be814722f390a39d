import type { AppContext } from '../http/context.ts';
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
    const codes = new Map<string, string>();
    for (const m of this.modules) {
      for (const catalogue of m.errors ?? []) {
        for (const { code } of Object.values(catalogue)) {
          const owner = codes.get(code);
          if (owner && owner !== m.name) throw new Error(`error code ${code} declared by ${owner} and ${m.name}`);
          codes.set(code, m.name);
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
    if (!this.states.has(key)) throw new Error(`state ${key.name} is not provided in this app (is its module part of it, and started?)`);
    return this.states.get(key) as S;
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

  schedules(config: Parameters<NonNullable<ModuleManifest['schedules']>>[0]): ScheduleSpec[] {
    const out: ScheduleSpec[] = [];
    for (const m of this.modules) for (const s of m.schedules?.(config) ?? []) out.push(s);
    return out;
  }

  seeds(): SeedStepLike[] {
    return this.modules.flatMap((m) => m.seeds ?? []);
  }

  errorCatalogues(): ErrorCatalogueLike[] {
    return this.modules.flatMap((m) => m.errors ?? []);
  }

  actionCatalogues(): ActionCatalogueLike[] {
    return this.modules.flatMap((m) => m.actions ?? []);
  }
}
