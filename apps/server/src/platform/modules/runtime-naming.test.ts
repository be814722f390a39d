import { describe, expect, it } from 'vitest';
import { defineModule } from './module.ts';
import { ModuleRuntime } from './runtime.ts';
import { defineErrors } from '../http/errors.ts';
import { defineActions } from '../access/policy.ts';

const ParcelErrors = defineErrors('PARCEL_POST', { PARCEL_POST_LOST: { status: 404, zh: '丢失', en: 'Lost' } });
const ParcelActions = defineActions('parcel-post', { 'parcel-post.parcel.send': { who: 'citizen', description: 'send a parcel' } });

describe('module runtime: one naming convention', () => {
  it('accepts codes and actions named for the module that declares them', () => {
    const runtime = new ModuleRuntime([defineModule({ name: 'parcel-post', errors: [ParcelErrors], actions: [ParcelActions] })]);
    expect(runtime.errorCatalogues()).toEqual([ParcelErrors]);
    expect(runtime.actionCatalogues()).toEqual([ParcelActions]);
  });

  it('refuses error codes and actions named for another module', () => {
    expect(() => new ModuleRuntime([defineModule({ name: 'letters', errors: [ParcelErrors] })])).toThrow(/PARCEL_POST_LOST of module letters must start with LETTERS_/);
    expect(() => new ModuleRuntime([defineModule({ name: 'letters', actions: [ParcelActions] })])).toThrow(/parcel-post\.parcel\.send of module letters must start with letters\./);
  });
});
