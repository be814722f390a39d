import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Faster ES-module resolution, for start-up.
 *
 * Node 24 finds the format of every resolved `.js` file from the `type` of its package, and on the
 * way it re-parses that package's whole `exports` map (a lazy getter that `getPackageScopeConfig`
 * triggers by spreading the cached object). drizzle-orm's package.json is 179 KB, and its ~110
 * modules import each other ~500 times, so loading it cost ~0.6 s of JSON parsing alone. This hook
 * answers the common case itself — `./x.js` or `../y.js` imported from a file — the way Node's
 * resolver does (the file must exist, symlinks are resolved, the nearest package.json's `type`
 * decides the format), remembering each directory's type. Bare imports (`drizzle-orm/pg-core`)
 * from our files pay the same parse inside Node's resolver; Node's answer is reused for every
 * file that Node would look it up for in the same way. Anything else, or anything the hook is
 * unsure of, goes to Node's resolver unchanged, so errors and edge cases keep Node's behaviour.
 */

type Format = 'module' | 'commonjs';

/** Directory → the `type` of the package.json that governs files in it (null: let Node decide). */
const typeOfDir = new Map<string, Format | null>();

/** The format Node gives a `.js` file in this directory, or null when the hook should not decide. */
export function packageFormatOf(dir: string): Format | null {
  const known = typeOfDir.get(dir);
  if (known !== undefined) return known;
  let format: Format | null;
  let raw: string | undefined;
  try {
    raw = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return null;
  }
  if (raw !== undefined) {
    try {
      const type = (JSON.parse(raw) as { type?: unknown }).type;
      // No type (Node then detects the syntax) or an unknown one: Node's resolver decides.
      format = type === 'module' || type === 'commonjs' ? type : null;
    } catch {
      format = null; // an unreadable package.json: let Node report it
    }
  } else {
    const parent = dirname(dir);
    // Node stops looking at a node_modules folder (and at the root), and then the type is "none".
    format = parent === dir || basename(dir) === 'node_modules' ? null : packageFormatOf(parent);
  }
  typeOfDir.set(dir, format);
  return format;
}

export interface FastResolution {
  url: string;
  format: Format;
}

/**
 * Resolves `specifier` imported from `parentURL` when it is a plain relative `.js` path to an
 * existing file in a package with an explicit type; otherwise null (Node's resolver then runs).
 */
export function resolveRelativeJs(specifier: string, parentURL: string | undefined): FastResolution | null {
  if (!parentURL?.startsWith('file:')) return null;
  if (!(specifier.startsWith('./') || specifier.startsWith('../')) || !specifier.endsWith('.js')) return null;
  // Percent-escapes, queries, fragments and backslashes: Node's rules, not ours.
  if (/[%?#\\]/.test(specifier)) return null;
  const path = fileURLToPath(new URL(specifier, parentURL));
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return null;
  const real = realpathSync(path);
  const format = packageFormatOf(dirname(real));
  if (!format) return null;
  return { url: pathToFileURL(real).href, format };
}

/** A bare package specifier (`drizzle-orm`, `@scope/pkg/sub`): not relative, absolute, `#imports` or a URL. */
export function isBareSpecifier(specifier: string): boolean {
  return !/^[./#]/.test(specifier) && !/^[a-z][a-z0-9+.-]*:/i.test(specifier);
}

const lookupOfDir = new Map<string, string>();

/**
 * What Node's answer for a bare specifier depends on, for files in `dir`: the package scope they
 * are in (nearest package.json: self-references) and the node_modules folders Node searches, in
 * order (every ancestor's, of which only the existing ones can answer).
 */
export function bareLookupOf(dir: string): string {
  const known = lookupOfDir.get(dir);
  if (known !== undefined) return known;
  const parent = dirname(dir);
  const above = parent === dir ? '\0' : bareLookupOf(parent);
  const [scopeAbove, ...folders] = above.split('\0');
  // Node's scope search stops at a node_modules folder (then there is no scope).
  const scope = basename(dir) === 'node_modules' ? '' : existsSync(join(dir, 'package.json')) ? dir : scopeAbove;
  const here = statSync(join(dir, 'node_modules'), { throwIfNoEntry: false })?.isDirectory() ? [join(dir, 'node_modules')] : [];
  const lookup = [scope, ...here, ...folders.filter(Boolean)].join('\0');
  lookupOfDir.set(dir, lookup);
  return lookup;
}

/**
 * The key under which Node's answer for a bare specifier is reused: the same specifier, conditions
 * and lookup (above) give the same answer. Node itself reuses an answer only for the same
 * (specifier, parent file), and pays the package.json parsing above every time.
 */
export function bareSpecifierKey(specifier: string, parentURL: string | undefined, conditions: readonly string[]): string | null {
  if (!parentURL?.startsWith('file:') || !isBareSpecifier(specifier)) return null;
  return `${bareLookupOf(dirname(fileURLToPath(parentURL)))}\n${conditions.join(',')}\n${specifier}`;
}

let registered = false;

/**
 * Registers the hook for this process (main.ts, before the application code is imported). Only
 * `import` resolutions are answered; `require` keeps Node's path. Off with --preserve-symlinks.
 */
export function registerFastResolve(): void {
  if (registered) return;
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (flags.includes('--preserve-symlinks')) return;
  registered = true;
  const bare = new Map<string, { url: string; format?: string | null }>();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (!context.conditions.includes('import')) return nextResolve(specifier, context);
      const fast = resolveRelativeJs(specifier, context.parentURL);
      if (fast) return { ...fast, shortCircuit: true };
      const key = bareSpecifierKey(specifier, context.parentURL, context.conditions);
      const known = key ? bare.get(key) : undefined;
      if (known) return { ...known, shortCircuit: true };
      const resolved = nextResolve(specifier, context);
      if (key) bare.set(key, { url: resolved.url, format: resolved.format });
      return resolved;
    },
  });
}
