import { describe, expect, it } from 'vitest';
import { returnPathOf } from './return-path.ts';
import { mayPerform } from './permissions.ts';

describe('returnPathOf', () => {
  it('returns the local path the user was going to', () => {
    expect(returnPathOf('?from=%2Faudit%3FsubjectType%3Dstaff', '/')).toBe('/audit?subjectType=staff');
  });
  it('never leaves the site (open redirect) and falls back otherwise', () => {
    for (const from of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      expect(returnPathOf(`?from=${encodeURIComponent(from)}`, '/home')).toBe('/home');
    }
    expect(returnPathOf('', '/home')).toBe('/home');
  });
});

describe('mayPerform', () => {
  it('allows every signed-in user when no action is needed', () => {
    expect(mayPerform([], undefined)).toBe(true);
    expect(mayPerform(['audit.log.search'], [])).toBe(true);
  });
  it('requires every needed action to be granted by the server', () => {
    expect(mayPerform(['venues.venue.mine', 'venues.scan.manual'], ['venues.venue.mine'])).toBe(true);
    expect(mayPerform(['venues.venue.mine'], ['venues.venue.mine', 'health-code.code.verify'])).toBe(false);
    expect(mayPerform([], ['identity.staff.list'])).toBe(false);
  });
});
