import type { Config } from '../../config.ts';
import type { App } from './context.ts';

/** Prints the URL and whatever the app's modules want a newcomer to see (their manifests' `banner`). */
export async function printBanner(app: App, config: Config, startMs: number): Promise<void> {
  const url = config.publicUrl;
  const lines = [
    '',
    `防线 Fangxian is ready in ${(startMs / 1000).toFixed(1)} s — database: ${app.ctx.database.kind === 'pglite' ? `embedded PGlite (${config.dataDir})` : 'PostgreSQL server'}`,
    `  市民端 Citizen app:      ${url}/`,
    `  场所端 Venue portal:     ${url}/venue`,
    `  政府端 Gov console:      ${url}/console`,
    `  API docs (OpenAPI):      ${url}/api/docs`,
    ...(await app.ctx.modules.bannerLines(app, config)),
  ];
  console.log(lines.join('\n') + '\n');
}
