import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Swagger UI scripts /api/docs loads (the files of @fastify/swagger-ui's static/ folder). */
const UI_SCRIPTS = ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'];

/**
 * The text of every `<style>` element Swagger UI's scripts create (React's
 * `createElement("style", null, "<css>")` — today the top bar logo's SVG), as string literals.
 */
export function inlineStylesOf(script: string): string[] {
  const styles: string[] = [];
  for (const m of script.matchAll(/createElement\("style",null,"((?:[^"\\]|\\.)*)"\)/g)) styles.push(JSON.parse(`"${m[1]}"`) as string);
  return styles;
}

/** A CSP source allowing one inline style element by its SHA-256 hash. */
export function styleHash(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

/**
 * The Content-Security-Policy of the API docs (/api/docs): scripts and styles from this server only,
 * plus the inline `<style>` elements Swagger UI creates, each allowed by its hash (read from the UI's
 * own scripts at start-up, so an upgrade that changes them keeps working) — not `'unsafe-inline'`.
 * No image from the public spec validator (the UI is configured without it); `upgrade-insecure-requests`
 * only when the deployment is served over TLS (config.servedOverTls).
 */
export async function apiDocsCsp(servedOverTls: boolean): Promise<string> {
  const staticDir = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');
  const hashes = new Set<string>();
  for (const file of UI_SCRIPTS) for (const css of inlineStylesOf(await readFile(join(staticDir, file), 'utf8'))) hashes.add(styleHash(css));
  const directives = [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self' data:",
    "frame-ancestors 'self'",
    "form-action 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    `style-src 'self' ${[...hashes].join(' ')}`.trim(),
    "connect-src 'self'",
  ];
  if (servedOverTls) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}
