import { existsSync } from 'node:fs';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from 'typebox';
import { publicUrlProblem, type Config } from './config.ts';
import { WEB_DIST_DIR as WEB_DIST } from './platform/boot/paths.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { installErrorHandler, allErrorCodes } from './platform/http/errors.ts';
import { WriteHealth } from './platform/db/write-health.ts';
import { installCookies } from './platform/http/cookies.ts';
import { installJsonBodyParser } from './platform/http/json-body.ts';
import { OneLinePerRequest, createLogger, genReqId, requestLoggerFactory } from './platform/http/logger.ts';
import { installSecurityHeaders } from './platform/http/security-headers.ts';
import { installMetrics } from './platform/http/metrics.ts';
import { lazySchemaCompilers } from './platform/http/lazy-schemas.ts';
import { apiDocsCsp } from './platform/http/api-docs.ts';
import { finishOpenApiDocument, type OpenApiDocument } from './platform/http/openapi.ts';
import { serveWebApp } from './platform/http/web-app.ts';
import type { App, AppContext } from './platform/http/context.ts';
import { appModules } from './modules.ts';
import type { ModuleManifest } from './platform/modules/module.ts';
import { ModuleRuntime } from './platform/modules/runtime.ts';
import { Policy } from './platform/access/policy.ts';
import { BlindIndex, FieldCipher } from './platform/crypto/field-cipher.ts';
import { installIdentity } from './platform/identity/identity.plugin.ts';
import { runDemoSeed } from './platform/seed/index.ts';
import { JobRunner } from './platform/jobs/jobs.runner.ts';

export interface BuildOptions {
  config: Config;
  /** An already-open database (tests share one); otherwise the app opens and closes its own. */
  database?: Database;
  /** Log destination override (tests capture logs). */
  logStream?: NodeJS.WritableStream;
  /** The app's modules (default: every module of modules.ts; tests may add their own, e.g. test job types). */
  modules?: readonly ModuleManifest[];
  /** The built web app to serve (default apps/web/dist; tests point it at their own files). */
  webDistDir?: string;
}

/** Builds the whole application (used by main.ts and by tests through app.inject). */
export async function buildApp(options: BuildOptions): Promise<App> {
  const { config } = options;
  // Orders the modules by dependency; refuses a cycle or an unknown dependency before anything starts.
  const modules = new ModuleRuntime(options.modules ?? appModules);
  // The access policy of this app: its modules' actions (a route naming an undeclared action fails at start).
  const policy = new Policy(modules.actionCatalogues());
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, pgliteThread: config.pgliteThread, pgliteSettings: config.pgliteSettings }));
  // Route schemas compile on first use (and in the background once listening): see lazy-schemas.ts.
  const schemas = lazySchemaCompilers();
  const completedRequests = new OneLinePerRequest();
  const app = Fastify({
    loggerInstance: createLogger(config.logLevel, config.env === 'development' && !options.logStream && process.stdout.isTTY, options.logStream),
    genReqId,
    childLoggerFactory: requestLoggerFactory,
    requestIdHeader: false,
    // One line per request, written on response, instead of Fastify's two.
    logController: completedRequests,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    schemaController: { compilersFactory: schemas.compilersFactory as never },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // A localhost FX_PUBLIC_URL on a server others reach (refused in production by loadConfig).
  const publicUrlWarning = publicUrlProblem(config);
  if (publicUrlWarning) app.log.warn(publicUrlWarning);

  const closers: (() => Promise<void> | void)[] = [];
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    cipher: new FieldCipher(config.dataKeys, config.cipher),
    blindIndex: new BlindIndex(config.blindIndexKey, config.cipher),
    modules,
    policy,
    log: app.log,
    onClose: (fn) => closers.push(fn),
  };
  // The change feed's lost connections and failed reconnects (PostgreSQL server): caches read through meanwhile.
  ctx.onClose(database.changes.onError((err, message) => app.log.warn({ err }, message)));
  app.decorate('ctx', ctx);
  // Each module's per-app state (caches, keys, senders), then its start-up work, in dependency order.
  modules.createStates(ctx);
  let closing = false;
  app.addHook('onListen', async () => {
    void schemas.warmUp({ shouldStop: () => closing, onError: (err, where) => app.log.error({ err }, `route schema does not compile: ${where}`) });
  });
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onClose', async () => {
    for (const fn of closers.reverse()) await fn();
    if (!options.database) await database.close();
  });

  // Disk full: writes answer 503 STORAGE_FULL and /readyz is not ready until a probe write succeeds (write-health.ts).
  const writeHealth = new WriteHealth();
  installErrorHandler(app, writeHealth);
  // helmet's headers, computed once (see security-headers.ts), and x-request-id; before identity so refusals carry them.
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd and antd-mobile inject their styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        // Only over TLS: on plain HTTP (an intranet address, a phone on the LAN) it would make the
        // browser fetch every script as https and leave the page blank (config.servedOverTls).
        upgradeInsecureRequests: config.servedOverTls ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // Browsers honour these only on a secure origin and log an error (COOP) or warning on plain HTTP.
    crossOriginOpenerPolicy: config.servedOverTls,
    originAgentCluster: config.servedOverTls,
  });
  installCookies(app);
  installJsonBodyParser(app);
  installIdentity(app, ctx);
  if (config.corsOrigins.length > 0) await app.register(cors, { origin: config.corsOrigins, credentials: true });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fangxian 防线 API',
        version: '0.1.0',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        description:
          'Every error body is `{code, message}` with the message in the caller\'s language (Accept-Language or the fx_lang cookie). ' +
          'Error codes: ' + allErrorCodes(modules.errorCatalogues()).map((e) => `${e.code} (${e.status})`).join(', '),
      },
      // The deployment's own address (FX_PUBLIC_URL); paths carry the /api prefix.
      servers: [{ url: config.publicUrl, description: 'this deployment (FX_PUBLIC_URL)' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'fx_session' },
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      tags: [
        { name: 'auth', description: '登录 Sign-in: SMS code for citizens, password for staff; rate-limited per phone, account and IP' },
        { name: 'me', description: '我的 The signed-in person: profile, language, real-name registration (实名认证)' },
        { name: 'divisions', description: '行政区划 GB/T 2260 administrative divisions (public reference data)' },
        { name: 'admin', description: '系统管理 Staff accounts, API clients and the SMS outbox (sys_admin, region-scoped)' },
      ],
    },
    // operationIds and explicit `security: []` on public operations, for client generators (openapi.ts).
    transformObject: (documentObject) => finishOpenApiDocument((documentObject as { openapiObject: OpenApiDocument }).openapiObject) as never,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // The docs' own CSP: its inline <style> elements allowed by hash, no call to the public validator.
    staticCSP: await apiDocsCsp(config.servedOverTls),
    uiConfig: { validatorUrl: null },
  });
  installMetrics(app, database, completedRequests, { env: config.env, token: config.metricsToken });

  app.get('/healthz', { schema: { hide: true, response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await database.ping();
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: database.kind });
    }
    if (!(await writeHealth.probe(database.db))) {
      return reply.status(503).send({ status: 'unavailable', database: database.kind, reason: 'storage_full', since: writeHealth.failingSince?.toISOString() });
    }
    return { status: 'ready', database: database.kind };
  });

  // Start-up work of every module (defaults, data migrations), in dependency order, before any route exists.
  for (const m of modules.modules) if (m.onStart) await m.onStart(ctx, app.log);
  await app.register(
    async (api) => {
      for (const m of modules.modules) if (m.routes) await m.routes(api as App, ctx);
    },
    { prefix: '/api' },
  );
  // First start of a demo deployment: accounts, citizen and module demo data (idempotent, one transaction).
  if (config.seedDemo) await runDemoSeed(ctx);

  if (config.jobsEnabled) {
    // Runs the job types and schedules of the app's modules; started when ready, stopped before the database closes.
    const runner = new JobRunner(ctx);
    app.addHook('onReady', async () => runner.start());
    ctx.onClose(() => runner.stop());
  }

  const webDist = options.webDistDir ?? WEB_DIST;
  if (existsSync(webDist)) await serveWebApp(app, webDist);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}
