import { describe, expect, it } from 'vitest';
import zh from './zh-CN/tickets.ts';
import en from './en/tickets.ts';
// The lists the server's state machine is built on: a kind, status or action added there without a text here fails.
import { TICKET_HISTORY_ACTIONS, TICKET_KINDS, TICKET_RATINGS, TICKET_STATUSES } from '@fangxian/contracts/tickets';

function leaves(value: unknown, prefix = ''): [string, string][] {
  if (typeof value === 'string') return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('tickets locale', () => {
  it('English has exactly the Chinese keys, none empty, same placeholders', () => {
    const zhLeaves = new Map(leaves(zh));
    const enLeaves = new Map(leaves(en));
    expect([...enLeaves.keys()].sort()).toEqual([...zhLeaves.keys()].sort());
    for (const [key, text] of [...zhLeaves, ...enLeaves]) expect(text.trim(), key).not.toBe('');
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of zhLeaves) expect(placeholders(enLeaves.get(key)!), key).toEqual(placeholders(text));
  });

  it('names every kind, status, history action and rating the API answers with', () => {
    for (const locale of [zh, en]) {
      for (const k of TICKET_KINDS) expect(locale.kind[k], k).toBeTruthy();
      for (const s of TICKET_STATUSES) expect(locale.status[s], s).toBeTruthy();
      for (const a of TICKET_HISTORY_ACTIONS) expect(locale.action[a], a).toBeTruthy();
      for (const r of TICKET_RATINGS) expect(locale.rating[String(r) as keyof typeof locale.rating], String(r)).toBeTruthy();
    }
  });
});
