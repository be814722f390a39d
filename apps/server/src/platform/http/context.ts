import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.ts';
import type { Database, Db } from '../db/database.ts';
import type { BlindIndex, FieldCipher } from '../crypto/field-cipher.ts';
import type { ModuleRuntime } from '../modules/runtime.ts';
import type { Policy } from '../access/policy.ts';

/** What every module receives: configuration, the database and the app's module runtime. Modules keep no other shared state. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /** Personal-field encryption (FieldCipher) and blind indexes for lookups. */
  cipher: FieldCipher;
  blindIndex: BlindIndex;
  /** The app's modules: per-module state (`key.of(ctx)`), events (`ctx.modules.emit`), extension points, jobs. */
  modules: ModuleRuntime;
  /** The app's access policy, built from its modules' action catalogues; the identity hook checks each route's action against it. */
  policy: Policy;
  /** The app's logger: background work (jobs, sweeps, the change feed) reports its failures here — never personal data. */
  log: FastifyBaseLogger;
  /** Callbacks run when the app closes (timers, job runners). */
  onClose(fn: () => Promise<void> | void): void;
}

/** The Fastify instance type with TypeBox schemas as the type provider. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A module's HTTP surface, registered under /api by app.ts. */
export type ModuleRoutes = (app: App, ctx: AppContext) => Promise<void> | void;
