import { describe, expect, it } from 'vitest';
import { hasAnyRole, returnPathOf } from './guards.tsx';

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

describe('hasAnyRole', () => {
  it('allows everyone when no roles are required', () => {
    expect(hasAnyRole([], undefined)).toBe(true);
    expect(hasAnyRole(['editor'], [])).toBe(true);
  });
  it('requires at least one of the listed roles', () => {
    expect(hasAnyRole(['supervision'], ['sys_admin', 'supervision'])).toBe(true);
    expect(hasAnyRole(['health', 'police'], ['sys_admin'])).toBe(false);
    expect(hasAnyRole([], ['sys_admin'])).toBe(false);
  });
});
