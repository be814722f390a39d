import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import { appModules } from './modules.ts';
import { ModuleRuntime } from './platform/modules/runtime.ts';

const SRC = fileURLToPath(new URL('.', import.meta.url));
/** The platform's own tables (settings), used by several modules and owned by none. */
const PLATFORM_OWN = ['platform/db/platform.tables.ts'];

function tableFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tableFiles(path);
    return e.name.endsWith('.tables.ts') ? [path] : [];
  });
}

describe('the application modules', () => {
  it('start in an order that puts every module after its dependencies (no cycle, nothing unknown)', () => {
    const order = new ModuleRuntime(appModules).modules.map((m) => m.name);
    for (const m of appModules) for (const dep of m.dependsOn ?? []) expect(order.indexOf(dep), `${m.name} after ${dep}`).toBeLessThan(order.indexOf(m.name));
  });

  it('list every table of the schema in exactly one manifest', async () => {
    const owners = new Map<unknown, string[]>();
    for (const m of appModules) {
      for (const value of Object.values(m.tables ?? {})) if (is(value, PgTable)) owners.set(value, [...(owners.get(value) ?? []), m.name]);
    }
    const problems: string[] = [];
    let checked = 0;
    for (const file of tableFiles(SRC)) {
      const path = relative(SRC, file).replaceAll('\\', '/');
      if (PLATFORM_OWN.includes(path)) continue;
      for (const value of Object.values(await import(file))) {
        if (!is(value, PgTable)) continue;
        checked++;
        const owned = owners.get(value) ?? [];
        if (owned.length !== 1) problems.push(`${getTableConfig(value).name} (${path}) is listed by ${owned.length ? owned.join(', ') : 'no module'}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
