import { describe, expect, it } from 'vitest';
import zh from './zh-CN/screening.ts';
import en from './en/screening.ts';
// The lists the server validates and answers with (the contracts), not a copy in the web: a value
// added there without a text here fails this test.
import { SCREENING_FIELDS, SCREENING_STATUSES, SOURCE_KINDS } from '@fangxian/contracts/screening';

function leaves(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('screening locale', () => {
  it('English has exactly the Chinese keys, none empty, same placeholders', () => {
    const zhLeaves = new Map(leaves(zh));
    const enLeaves = new Map(leaves(en));
    expect([...enLeaves.keys()].sort()).toEqual([...zhLeaves.keys()].sort());
    for (const [key, text] of [...zhLeaves, ...enLeaves]) expect(text.trim(), key).not.toBe('');
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of zhLeaves) expect(placeholders(enLeaves.get(key)!), key).toEqual(placeholders(text));
  });

  it('names every source kind, status and column field the API knows', () => {
    for (const locale of [zh, en]) {
      for (const k of SOURCE_KINDS) expect(locale.kind[k], k).toBeTruthy();
      for (const s of SCREENING_STATUSES) expect(locale.status[s], s).toBeTruthy();
      for (const f of SCREENING_FIELDS) expect(locale.field[f], f).toBeTruthy();
    }
  });
});
