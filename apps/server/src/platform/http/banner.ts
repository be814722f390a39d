import type { Config } from '../../config.ts';
import type { App } from './context.ts';

/** Lines other modules add to the start-up banner (demo accounts, outbox hints). */
const bannerLines: ((app: App, config: Config) => Promise<string[]> | string[])[] = [];

/** Registers a function whose lines are printed when the server is ready. */
export function addBannerLines(fn: (app: App, config: Config) => Promise<string[]> | string[]): void {
  bannerLines.push(fn);
}

/** Prints the URL and whatever the modules want a newcomer to see. */
export async function printBanner(app: App, config: Config, startMs: number): Promise<void> {
  const url = config.publicUrl;
  const lines = [
    '',
    `防线 Fangxian is ready in ${(startMs / 1000).toFixed(1)} s — database: ${app.ctx.database.kind === 'pglite' ? `embedded PGlite (${config.dataDir})` : 'PostgreSQL server'}`,
    `  市民端 Citizen app:      ${url}/`,
    `  场所端 Venue portal:     ${url}/venue`,
    `  政府端 Gov console:      ${url}/console`,
    `  API docs (OpenAPI):      ${url}/api/docs`,
  ];
  for (const fn of bannerLines) lines.push(...(await fn(app, config)));
  console.log(lines.join('\n') + '\n');
}
