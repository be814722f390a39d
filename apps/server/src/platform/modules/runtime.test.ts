import { describe, expect, it } from 'vitest';
import { defineEvent, defineExtensionPoint, defineModule, defineState, contribute, on, provide } from './module.ts';
import { ModuleRuntime, orderModules } from './runtime.ts';
import type { App, AppContext } from '../http/context.ts';
import type { Config } from '../../config.ts';

const m = (name: string, dependsOn: string[] = []) => defineModule({ name, dependsOn });

describe('orderModules', () => {
  it('puts every module after its dependencies and keeps the given order otherwise', () => {
    const order = orderModules([m('health-code', ['epidemic']), m('venues', ['health-code']), m('epidemic'), m('audit')]).map((x) => x.name);
    expect(order).toEqual(['epidemic', 'health-code', 'venues', 'audit']);
  });
  it('refuses a cycle and names it', () => {
    expect(() => orderModules([m('a', ['b']), m('b', ['c']), m('c', ['a'])])).toThrow('module dependency cycle: a -> b -> c -> a');
  });
  it('refuses an unknown dependency and a duplicate name', () => {
    expect(() => orderModules([m('a', ['nope'])])).toThrow('module a depends on nope, which is not part of this app');
    expect(() => orderModules([m('a'), m('a')])).toThrow('module a is listed twice');
  });
  it('refuses a name that is not kebab-case', () => {
    expect(() => defineModule({ name: 'HealthCode' })).toThrow('not kebab-case');
  });
});

describe('ModuleRuntime', () => {
  const Counter = defineState<{ n: number }>('test.counter');
  const Ping = defineEvent<{ value: number }>('test.ping');
  const Sources = defineExtensionPoint<string>('test.sources');

  it('creates state per app, delivers events in start order and collects contributions', async () => {
    const seen: string[] = [];
    const owner = defineModule({ name: 'owner', state: [provide(Counter, () => ({ n: 0 }))], contributes: [contribute(Sources, 'own')] });
    const user = defineModule({
      name: 'user',
      dependsOn: ['owner'],
      contributes: [contribute(Sources, 'user')],
      listeners: [on(Ping, (p, ctx) => { Counter.of(ctx).n += p.value; seen.push('user'); })],
    });
    const other = defineModule({ name: 'other', listeners: [on(Ping, () => { seen.push('other'); })] });
    const apps = [0, 1].map(() => {
      const runtime = new ModuleRuntime([user, other, owner]);
      const ctx = { modules: runtime } as unknown as AppContext;
      runtime.createStates(ctx);
      return { runtime, ctx };
    });
    await apps[0].runtime.emit(apps[0].ctx, Ping, { value: 2 });
    expect(Counter.of(apps[0].ctx).n).toBe(2);
    expect(Counter.of(apps[1].ctx).n).toBe(0);
    expect(seen).toEqual(['user', 'other']);
    expect(apps[0].runtime.contributions(Sources)).toEqual(['own', 'user']);
  });

  it('says which state is missing', () => {
    const runtime = new ModuleRuntime([m('a')]);
    const ctx = { modules: runtime } as unknown as AppContext;
    expect(() => Counter.of(ctx)).toThrow('state test.counter is not provided in this app');
  });

  it('refuses a job type declared twice', () => {
    const job = { type: 'a.run', handler: async () => null, maxAttempts: 1 };
    expect(() => new ModuleRuntime([defineModule({ name: 'a', jobs: [job] }), defineModule({ name: 'b', jobs: [job] })])).toThrow('job type a.run declared twice');
  });

  it('gives every schedule, refusing a bad interval, an undeclared job type or a name used twice', () => {
    const job = { type: 'a.run', handler: async () => null, maxAttempts: 1 };
    const config = {} as Config;
    const every = (everyMs: number, type = 'a.run', name = 'a.every') => defineModule({ name: 'a', jobs: [job], schedules: () => [{ name, type, everyMs }] });
    expect(new ModuleRuntime([every(60_000)]).schedules(config)).toEqual([{ name: 'a.every', type: 'a.run', everyMs: 60_000 }]);
    expect(() => new ModuleRuntime([every(500)]).schedules(config)).toThrow('everyMs must be an integer ≥ 1000');
    expect(() => new ModuleRuntime([every(60_000, 'b.run')]).schedules(config)).toThrow('runs job type b.run, which no module declares');
    const twice = defineModule({ name: 'b', schedules: () => [{ name: 'a.every', type: 'a.run', everyMs: 60_000 }] });
    expect(() => new ModuleRuntime([every(60_000), twice]).schedules(config)).toThrow('schedule a.every declared twice');
  });

  it('collects seed steps and banner lines in start order, refusing a seed step declared twice', async () => {
    const step = (name: string) => ({ name, run: async () => {} });
    const late = defineModule({ name: 'late', dependsOn: ['early'], seeds: [step('late.one')], banner: () => ['late'] });
    const early = defineModule({ name: 'early', seeds: [step('early.one')], banner: async () => ['early', 'again'] });
    const runtime = new ModuleRuntime([late, early]);
    expect(runtime.seeds().map((s) => s.name)).toEqual(['early.one', 'late.one']);
    expect(await runtime.bannerLines({} as App, {} as Config)).toEqual(['early', 'again', 'late']);
    expect(() => new ModuleRuntime([defineModule({ name: 'a', seeds: [step('x')] }), defineModule({ name: 'b', seeds: [step('x')] })]).seeds()).toThrow('seed step x declared twice');
  });
});
