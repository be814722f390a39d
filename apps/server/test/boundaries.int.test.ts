import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The boundary check (`npm run check:boundaries`, rules in /.dependency-cruiser.mjs) run by the real
// dependency-cruiser command on a small tree laid out like the repository, with one import breaking
// each rule beside imports that are allowed. It pins what the rules catch, and fails if the check
// stops seeing TypeScript at all (e.g. the swc parser is missing and nothing is cruised).

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.mjs');

const TREE: Record<string, string> = {
  // allowed: the app lists a module through its index; modules use each other's index
  'apps/server/src/app.ts': "import { a } from './modules/a/index.ts';\nexport const app = [a];\n",
  'apps/server/src/config.ts': 'export const config = {};\n',
  'apps/server/src/modules/a/index.ts': "export { a } from './a.service.ts';\n",
  'apps/server/src/modules/a/a.service.ts': "import { b } from '../b/index.ts';\nexport const a = () => b;\n",
  'apps/server/src/modules/a/a.service.test.ts': "import { a } from './a.service.ts';\nexport const t = a;\n",
  'apps/server/src/modules/b/index.ts': "export { b } from './b.service.ts';\n",
  'apps/server/src/modules/b/b.service.ts': 'export const b = 1;\n',
  // a deep import into b, and b listening to c through its index: modules b and c now depend on each other
  'apps/server/src/modules/c/index.ts': "export { c } from './c.service.ts';\n",
  'apps/server/src/modules/c/c.service.ts': "import { b } from '../b/b.service.ts';\nexport const c = b;\n",
  'apps/server/src/modules/b/b.listeners.ts': "import { c } from '../c/index.ts';\nexport const onC = c;\n",
  // the platform reaching up into a module
  'apps/server/src/platform/p.ts': "import { a } from '../modules/a/index.ts';\nexport const p = a;\n",
  // a run-time cycle between two files, and a type-only one (erased at run time: allowed)
  'apps/server/src/platform/x.ts': "import { y } from './y.ts';\nexport const x = () => y;\n",
  'apps/server/src/platform/y.ts': "import { x } from './x.ts';\nexport const y = () => x;\n",
  'apps/server/src/platform/types-a.ts': "import type { B } from './types-b.ts';\nexport interface A { b?: B }\n",
  'apps/server/src/platform/types-b.ts': "import type { A } from './types-a.ts';\nexport interface B { a?: A }\n",
  'apps/server/src/platform/typo.ts': "import { nothing } from './no-such-file.ts';\nexport const typo = nothing;\n",
  // white-box tools may import module files; the browser tests may not
  'apps/server/test/a.int.test.ts': "import { a } from '../src/modules/a/a.service.ts';\nexport const t = a;\n",
  'bench/a.ts': "import { a } from '../apps/server/src/modules/a/a.service.ts';\nexport const m = a;\n",
  'e2e/a.spec.ts': "import { a } from '../apps/server/src/modules/a/a.service.ts';\nexport const s = a;\n",
  // web: staff UI in the venue portal is fine; in the citizen app it is not; surfaces stay apart
  'apps/web/src/shared/api.ts': "import { config } from '../../../server/src/config.ts';\nexport const api = config;\n",
  'apps/web/src/shared/hooks.ts': "import { VenuePage } from '../venue/page.tsx';\nexport const hook = VenuePage;\n",
  'apps/web/src/staff/layout.tsx': 'export const Layout = () => <main />;\n',
  'apps/web/src/venue/page.tsx': "import { Layout } from '../staff/layout.tsx';\nimport { api } from '../shared/api.ts';\nexport const VenuePage = () => <Layout key={String(api)} />;\n",
  'apps/web/src/console/page.tsx': "import { Layout } from '../staff/layout.tsx';\nexport const ConsolePage = () => <Layout />;\n",
  'apps/web/src/citizen/page.tsx':
    "import { Layout } from '../staff/layout.tsx';\nimport { ConsolePage } from '../console/page.tsx';\nexport const CitizenPage = () => <div><Layout /><ConsolePage /></div>;\n",
  'packages/contracts/src/x.ts': "import { config } from '../../../apps/server/src/config.ts';\nexport const x = config;\n",
};

const EXPECTED = [
  'apps-import-each-other: apps/web/src/shared/api.ts → apps/server/src/config.ts',
  'contracts-imports-app: packages/contracts/src/x.ts → apps/server/src/config.ts',
  'module-cycle: apps/server/src/modules/b → apps/server/src/modules/c',
  'module-cycle: apps/server/src/modules/c → apps/server/src/modules/b',
  'module-deep-import: apps/server/src/modules/c/c.service.ts → apps/server/src/modules/b/b.service.ts',
  'module-deep-import-from-outside: e2e/a.spec.ts → apps/server/src/modules/a/a.service.ts',
  'no-circular: apps/server/src/platform/x.ts → apps/server/src/platform/y.ts',
  'not-to-unresolvable: apps/server/src/platform/typo.ts → ./no-such-file.ts',
  'platform-imports-module: apps/server/src/platform/p.ts → apps/server/src/modules/a/index.ts',
  'web-citizen-imports-staff: apps/web/src/citizen/page.tsx → apps/web/src/staff/layout.tsx',
  'web-shared-imports-surface: apps/web/src/shared/hooks.ts → apps/web/src/venue/page.tsx',
  'web-surface-imports-other-surface: apps/web/src/citizen/page.tsx → apps/web/src/console/page.tsx',
];

interface CruiseResult {
  modules: { source: string }[];
  summary: {
    violations: { rule: { name: string }; from: string; to: string }[];
    environment?: { issues?: { name: string }[] };
  };
}

describe('boundary check (dependency-cruiser)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fx-boundaries-'));
    for (const [path, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each broken boundary by its rule, and nothing that is allowed', async () => {
    const run = promisify(execFile)(process.execPath, [CLI, '--config', CONFIG, '--output-type', 'json', 'apps', 'packages', 'e2e', 'bench'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    // exit code 1+ when there are errors: execFile rejects, carrying stdout
    const { stdout } = await run.catch((err: { stdout: string }) => err);
    const result = JSON.parse(stdout) as CruiseResult;
    expect(result.summary.environment?.issues ?? []).toEqual([]);
    // every file was read (plus the one import that does not resolve)
    expect(result.modules.map((m) => m.source).sort()).toEqual([...Object.keys(TREE), './no-such-file.ts'].sort());
    const found = [...new Set(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`))].sort();
    expect(found).toEqual([...EXPECTED].sort());
  });
});
