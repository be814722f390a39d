import { describe, expect, it } from 'vitest';
import zh from './zh-CN/tickets.ts';
import en from './en/tickets.ts';
// The lists the server's state machine is built on: a kind, status or action added there without a text here fails.
import { TICKET_HISTORY_ACTIONS, TICKET_KINDS, TICKET_RATINGS, TICKET_STATUSES } from '@fangxian/contracts/tickets';


// Key parity with Chinese (and placeholders) is checked for every namespace in locales.test.ts.
describe('tickets locale', () => {
  it('names every kind, status, history action and rating the API answers with', () => {
    for (const locale of [zh, en]) {
      for (const k of TICKET_KINDS) expect(locale.kind[k], k).toBeTruthy();
      for (const s of TICKET_STATUSES) expect(locale.status[s], s).toBeTruthy();
      for (const a of TICKET_HISTORY_ACTIONS) expect(locale.action[a], a).toBeTruthy();
      for (const r of TICKET_RATINGS) expect(locale.rating[String(r) as keyof typeof locale.rating], String(r)).toBeTruthy();
    }
  });
});
