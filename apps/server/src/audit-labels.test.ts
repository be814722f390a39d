import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditSubjectTypeLabel, AUDIT_SUBJECT_TYPES } from '@fangxian/contracts/audit-labels';

/** Every action the trail can hold and every subject type has a Chinese and an English label on the console. */

const SRC = join(import.meta.dirname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sources(SRC).map((path) => readFileSync(path, 'utf8'));
// The policy's actions (a refused request is audited under its action) and the actions written by appendAudit/recordAudit.
const policyActions = readFileSync(join(SRC, '__snapshots__/policy-table.txt'), 'utf8')
  .split('\n')
  .map((line) => line.split(/\s+/)[0])
  .filter((a) => /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(a));
const literalActions = files.flatMap((text) => [...text.matchAll(/action: '([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)'/g)].map((m) => m[1]));
const ternaryActions = files.flatMap((text) => [...text.matchAll(/action: [^,\n]*\? '([a-z0-9.-]+)' : '([a-z0-9.-]+)'/g)].flatMap((m) => [m[1], m[2]]).filter((a) => a.includes('.')));
const exportActions = files.flatMap((text) => [...text.matchAll(/auditExport\([^'\n]*'([a-z0-9.-]+)'/g)].map((m) => m[1]));
// Actions built from a variable, expanded by hand: keep in step with the code they name.
const dynamicActions = [
  'health-code.override.approve', 'health-code.override.reject', 'health-code.correction.accept', 'health-code.correction.reject',
  'health-code.rule-set.publish', 'health-code.rule-set.rollback', 'health-code.issuer.trust',
  'epidemic.person-status.void', 'epidemic.quarantine.void', 'epidemic.person-status.list', 'epidemic.quarantine.list',
];
const subjectTypes = files.flatMap((text) => [...text.matchAll(/subjectType: '([a-z_]+)'/g)].map((m) => m[1]));

describe('audit labels', () => {
  it('finds the actions in the sources (the scan itself works)', () => {
    expect(policyActions.length).toBeGreaterThan(50);
    expect(literalActions).toContain('venues.venue.register');
    expect(ternaryActions).toContain('venues.venue.reject');
  });

  it('labels every action in Chinese and English', () => {
    const all = [...new Set([...policyActions, ...literalActions, ...ternaryActions, ...exportActions, ...dynamicActions])].sort();
    const missing = all.filter((a) => auditActionLabel(a, 'zh-CN') === null || auditActionLabel(a, 'en') === null);
    expect(missing).toEqual([]);
    expect(auditActionLabel('venues.venue.read')).toBe('查看场所');
    expect(auditActionLabel('venues.venue.read', 'en')).toBe('Read venue');
    expect(auditActionLabel('admin-staff.staff.list')).toBe('查看工作人员账号列表');
    expect(auditActionLabel('venues.venue.reject')).toBe('驳回场所登记');
    expect(auditActionLabel('unknown.thing.do')).toBeNull();
  });

  it('labels every subject type', () => {
    const missing = [...new Set(subjectTypes)].filter((s) => !AUDIT_SUBJECT_TYPES[s]);
    expect(missing).toEqual([]);
    expect(auditSubjectTypeLabel('venue')).toBe('场所');
    expect(auditSubjectTypeLabel('venue', 'en')).toBe('Venue');
  });
});
