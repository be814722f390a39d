import { defineConfig } from 'drizzle-kit';

// Migrations are generated from every *.tables.ts file and committed under apps/server/drizzle.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/server/src/**/*.tables.ts',
  out: './apps/server/drizzle',
});
