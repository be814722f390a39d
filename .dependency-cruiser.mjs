/**
 * Import boundaries, checked by `npm run check:boundaries` (first step of `npm test`).
 * Each rule's `comment` is printed with a violation: it says what to do instead.
 * Parser: @swc/core, because dependency-cruiser cannot use TypeScript 7.0's compiler API.
 * Reference: https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md
 */
const MODULES = '^apps/server/src/modules/';
const MODULE_INDEX = '^apps/server/src/modules/[^/]+/index[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    // ---- server ----
    {
      name: 'module-deep-import',
      severity: 'error',
      comment:
        "A module reaches another module only through that module's index.ts. Import from " +
        "'../<module>/index.ts' and export what you need from there (or, between peers, " +
        'publish an event or contribute to an extension point instead of importing).',
      from: { path: `${MODULES}([^/]+)/` },
      to: { path: MODULES, pathNot: [`${MODULES}$1/`, MODULE_INDEX] },
    },
    {
      name: 'module-deep-import-from-outside',
      severity: 'error',
      comment:
        "Code outside a module reaches it only through its index.ts (apps/server/src/modules/<m>/index.ts). " +
        'Exceptions: the integration tests in apps/server/test and the benchmarks in bench/ are white-box ' +
        'and may import module files directly.',
      from: { pathNot: [MODULES, '^apps/server/test/', '^bench/'] },
      to: { path: MODULES, pathNot: MODULE_INDEX },
    },
    {
      name: 'platform-imports-module',
      severity: 'error',
      comment:
        'The platform (apps/server/src/platform) never imports a module: modules build on the platform, ' +
        'not the other way round. Move the shared piece into the platform or packages/contracts, or let the ' +
        'platform declare an extension point / event that the module fills in its manifest.',
      from: { path: '^apps/server/src/platform/' },
      to: { path: MODULES },
    },
    {
      name: 'module-cycle',
      severity: 'error',
      scope: 'folder',
      comment:
        'These modules depend on each other in a circle (through any of their files, types included). Keep ' +
        "dependencies one way, as the manifests' dependsOn says: the lower module publishes an event " +
        '(defineEvent) or declares an extension point (defineExtensionPoint), and the higher module listens ' +
        'or contributes in its manifest instead of being imported.',
      from: { path: `${MODULES}[^/]+$` },
      to: { path: `${MODULES}[^/]+$`, circular: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import closes a cycle of run-time imports between files (cycles through an `import type` are ' +
        'erased at run time and allowed). Break it: move the shared part into a third file that both import, ' +
        'or invert the dependency (pass a function, publish an event).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import does not resolve to a file or an installed package, so the boundary check cannot see ' +
        'what it reaches. Fix the path (relative imports end in .ts/.tsx) or install the package.',
      from: {},
      to: { couldNotResolve: true },
    },
    // ---- web ----
    {
      name: 'web-surface-imports-other-surface',
      severity: 'error',
      comment:
        'The citizen app, venue portal and console are separate bundles: a surface (or staff/) never imports ' +
        'another surface. Move what both need to apps/web/src/shared/ (all surfaces) or apps/web/src/staff/ ' +
        '(venue portal and console only).',
      from: { path: '^apps/web/src/([^/]+)/', pathNot: '^apps/web/src/shared/' },
      to: { path: '^apps/web/src/(citizen|venue|console)/', pathNot: '^apps/web/src/$1/' },
    },
    {
      name: 'web-citizen-imports-staff',
      severity: 'error',
      comment:
        'apps/web/src/staff/ is the staff UI shared by the venue portal and the console; the citizen app does ' +
        'not load it. Put what the citizen app needs in apps/web/src/shared/.',
      from: { path: '^apps/web/src/citizen/' },
      to: { path: '^apps/web/src/staff' },
    },
    {
      name: 'web-shared-imports-surface',
      severity: 'error',
      comment:
        'apps/web/src/shared/ is used by every surface, so it imports only shared/ itself, packages/contracts ' +
        'and libraries. Pass surface-specific parts in as props or parameters.',
      from: { path: '^apps/web/src/shared/' },
      to: { path: '^apps/web/src/', pathNot: '^apps/web/src/shared/' },
    },
    // ---- across the workspace ----
    {
      name: 'apps-import-each-other',
      severity: 'error',
      comment:
        'The web and the server meet only over HTTP: neither imports the other. Shapes both need (schemas, ' +
        'types, domain helpers) live in packages/contracts.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'contracts-imports-app',
      severity: 'error',
      comment:
        'packages/contracts is shared by the server and the web, so it imports nothing from apps/. Move the ' +
        'code into contracts, or keep it in the app.',
      from: { path: '^packages/contracts/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    // The folders to check are named in the check:boundaries script (apps/*/src, apps/server/test,
    // packages/*/src, e2e, bench). Libraries and build output are left out entirely. (No includeOnly:
    // it would also hide imports that do not resolve.)
    exclude: { path: '(^|/)(node_modules|dist)/' },
    doNotFollow: { path: 'node_modules' },
    parser: 'swc',
    moduleSystems: ['es6'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
    reporterOptions: {},
  },
};
