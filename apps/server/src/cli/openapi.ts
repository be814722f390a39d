import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { generateClientTable } from './api-client.ts';

/**
 * Writes the OpenAPI document of the whole app (every module's routes) and lints it with Redocly's
 * `recommended` rules (redocly.yaml at the repository root), then generates the typed client's
 * operation table (packages/api-client/src/api.gen.ts, apps/server/src/cli/api-client.ts) and
 * type-checks packages/api-client. Part of `npm test`.
 *   node apps/server/src/cli/openapi.ts               lint (exit 1 on any error)
 *   node apps/server/src/cli/openapi.ts --out F.json  write the document to F.json as well
 * Builds the app on a throw-away in-memory database, without listening.
 */
export async function openApiDocument(): Promise<unknown> {
  const config = loadConfig({ NODE_ENV: 'test', FX_SEED_DEMO: 'false', LOG_LEVEL: 'silent', HOST: '127.0.0.1', FX_PUBLIC_URL: process.env.FX_PUBLIC_URL || 'https://fangxian.example.gov.cn' });
  const database = await openDatabase({ url: null, dataDir: 'memory' });
  const { buildApp } = await import('../app.ts');
  const app = await buildApp({ config, database, webDistDir: join(tmpdir(), 'fx-no-web-app') });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await database.close();
  }
}

if (import.meta.main) {
  const outIndex = process.argv.indexOf('--out');
  const doc = JSON.stringify(await openApiDocument(), null, 2);
  const dir = mkdtempSync(join(tmpdir(), 'fx-openapi-'));
  const file = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(dir, 'openapi.json');
  writeFileSync(file, doc);
  const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const root = resolve(import.meta.dirname, '../../../..');
  const lint = spawnSync(process.execPath, [cli, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'summary'], { stdio: 'inherit', cwd: root });
  rmSync(dir, { recursive: true, force: true });
  // The typed client (packages/api-client): generate its operation table from this document and
  // type-check the package, so a route change that breaks the client fails here.
  
  writeFileSync(join(root, 'packages/api-client/src/api.gen.ts'), generateClientTable(JSON.parse(doc) as Parameters<typeof generateClientTable>[0]));
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  const client = spawnSync(process.execPath, [tsc, '-p', join(root, 'packages/api-client/tsconfig.json')], { stdio: 'inherit', cwd: root });
  if (client.status === 0) console.log('typed API client (packages/api-client) generated and type-checked');
  process.exitCode = lint.status !== 0 ? (lint.status ?? 1) : (client.status ?? 1);
}
