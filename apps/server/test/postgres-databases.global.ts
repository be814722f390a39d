// Global set-up of the PostgreSQL integration project: every test file creates its own databases on
// the server (support.ts createServerDatabase); this run's names share a prefix, and the teardown
// drops them all — a test that crashed before closing its app included. Left behind, hundreds of
// databases (gigabytes) pile up and make every restart of the server crawl through recovery.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The prefix of this run's test databases on the PostgreSQL server. */
    fxTestDatabasePrefix: string;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const prefix = `fx_test_${randomBytes(3).toString('hex')}_`;
  project.provide('fxTestDatabasePrefix', prefix);
  return async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where left(datname, length($1)) = $1', [prefix]);
      for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await admin.end();
    }
  };
}
