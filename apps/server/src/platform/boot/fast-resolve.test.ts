import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareSpecifierKey, isBareSpecifier, packageFormatOf, resolveRelativeJs } from './fast-resolve.ts';

describe('fast resolution of relative .js imports', () => {
  let root: string;
  const url = (...parts: string[]) => pathToFileURL(join(root, ...parts)).href;
  const write = (path: string, text = '') => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'fx-resolve-')));
    write('esm/package.json', JSON.stringify({ name: 'esm', type: 'module', exports: { '.': './a.js' } }));
    write('esm/a.js');
    write('esm/lib/b.js');
    write('esm/dir.js/index.js'); // a directory whose name ends in .js
    write('esm/cjs/package.json', JSON.stringify({ type: 'commonjs' })); // nested scope wins
    write('esm/cjs/c.js');
    write('typeless/package.json', JSON.stringify({ name: 'typeless' }));
    write('typeless/d.js');
    write('broken/package.json', '{ not json');
    write('broken/e.js');
    write('above/package.json', JSON.stringify({ type: 'module' }));
    write('above/node_modules/pkg/lib/f.js'); // no package.json up to node_modules: Node says "none"
    symlinkSync(join(root, 'esm/lib/b.js'), join(root, 'esm/link.js'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers a relative .js import of an existing file with the package type as format', () => {
    expect(resolveRelativeJs('./lib/b.js', url('esm/a.js'))).toEqual({ url: url('esm/lib/b.js'), format: 'module' });
    expect(resolveRelativeJs('../a.js', url('esm/lib/b.js'))).toEqual({ url: url('esm/a.js'), format: 'module' });
    expect(resolveRelativeJs('./c.js', url('esm/cjs/x.js'))).toEqual({ url: url('esm/cjs/c.js'), format: 'commonjs' });
  });

  it('resolves symlinks to the real file, as Node does', () => {
    expect(resolveRelativeJs('./link.js', url('esm/a.js'))).toEqual({ url: url('esm/lib/b.js'), format: 'module' });
  });

  it('leaves everything else to Node: bare, non-.js, missing, directories, escapes, no or bad type', () => {
    const from = url('esm/a.js');
    for (const spec of ['esm', 'node:fs', '/abs/a.js', './lib/b', './lib/b.mjs', './lib/missing.js', './dir.js', './lib%2Fb.js', './lib/b.js?x', './lib/b.js#y']) {
      expect(resolveRelativeJs(spec, from), spec).toBeNull();
    }
    expect(resolveRelativeJs('./a.js', undefined)).toBeNull();
    expect(resolveRelativeJs('./a.js', 'data:text/javascript,')).toBeNull();
    expect(resolveRelativeJs('./d.js', url('typeless/x.js'))).toBeNull();
    expect(resolveRelativeJs('./e.js', url('broken/x.js'))).toBeNull();
    expect(resolveRelativeJs('./f.js', url('above/node_modules/pkg/lib/x.js'))).toBeNull();
    expect(packageFormatOf(join(root, 'esm/lib'))).toBe('module');
  });

  it('reuses bare-specifier answers only where Node would look them up the same way', () => {
    for (const spec of ['drizzle-orm', 'drizzle-orm/pg-core', '@fastify/static', 'typebox']) expect(isBareSpecifier(spec), spec).toBe(true);
    for (const spec of ['./a.js', '../b.js', '/abs.js', '#internal', 'node:fs', 'file:///x.js', 'data:text/javascript,']) expect(isBareSpecifier(spec), spec).toBe(false);
    const key = (spec: string, parent: string, conditions = ['node', 'import']) => bareSpecifierKey(spec, url(parent), conditions);
    // Same package, no node_modules in between: the same lookup, whatever the folder.
    expect(key('pg', 'esm/a.js')).toBe(key('pg', 'esm/lib/b.js'));
    // A nearer node_modules folder, another package scope, or no scope below node_modules: not the same.
    expect(key('pg', 'above/x.js')).not.toBe(key('pg', 'above/node_modules/pkg/lib/f.js'));
    expect(key('pg', 'esm/a.js')).not.toBe(key('pg', 'esm/cjs/c.js'));
    expect(key('pg', 'above/node_modules/pkg/lib/f.js')).toBe(key('pg', 'above/node_modules/pkg/f.js'));
    expect(key('pg', 'esm/a.js')).not.toBe(key('pg', 'esm/a.js', ['node', 'import', 'development']));
    expect(key('pg', 'esm/a.js')).not.toBe(key('pg-types', 'esm/a.js'));
    expect(bareSpecifierKey('pg', undefined, ['import'])).toBeNull();
    expect(bareSpecifierKey('./a.js', url('esm/a.js'), ['import'])).toBeNull();
  });

  it("gives the same URL and format as Node's resolver for every import of the application it answers", async () => {
    // A child process imports app.ts with a hook that asks Node first and compares: relative .js
    // answers directly, and bare answers must be the same for every file of a directory.
    const script = `
      import { registerHooks } from 'node:module';
      const { resolveRelativeJs, bareSpecifierKey } = await import(${JSON.stringify(new URL('./fast-resolve.ts', import.meta.url).href)});
      let answered = 0, reused = 0; const mismatches = []; const bare = new Map();
      registerHooks({ resolve(specifier, context, next) {
        const node = next(specifier, context);
        if (context.conditions.includes('import')) {
          const fast = resolveRelativeJs(specifier, context.parentURL);
          if (fast) {
            answered++;
            if (fast.url !== node.url || fast.format !== node.format) mismatches.push({ specifier, parent: context.parentURL, fast, node });
          }
          const key = bareSpecifierKey(specifier, context.parentURL, context.conditions);
          if (key) {
            const seen = bare.get(key);
            if (!seen) bare.set(key, node);
            else {
              reused++;
              if (seen.url !== node.url || seen.format !== node.format) mismatches.push({ specifier, parent: context.parentURL, seen, node });
            }
          }
        }
        return node;
      } });
      await import(${JSON.stringify(new URL('../../app.ts', import.meta.url).href)});
      console.log(JSON.stringify({ answered, reused, mismatches }));
      process.exit(0);`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, NODE_ENV: 'test' }, timeout: 60_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const { answered, reused, mismatches } = JSON.parse(out.trim().split('\n').pop()!) as { answered: number; reused: number; mismatches: unknown[] };
    expect(mismatches).toEqual([]);
    expect(answered).toBeGreaterThan(300); // drizzle-orm alone has ~500 such imports
    expect(reused).toBeGreaterThan(40); // mostly drizzle-orm and drizzle-orm/pg-core from the app's files
  }, 90_000);
});
