import { createRequire } from 'node:module';

/**
 * Route schemas compiled on first use instead of at start-up.
 *
 * Fastify compiles every route's validators (ajv) and response serializers (fast-json-stringify)
 * when the server becomes ready: ~0.6 s of CPU for this API, the largest single part of a start.
 * These compiler factories (Fastify's `schemaController.compilersFactory`) hand Fastify a small
 * wrapper per schema and run the real compiler — the same packages and options Fastify uses by
 * default — the first time a request needs it. Validation and serialisation are unchanged;
 * `warmUp()` compiles whatever is still pending in small steps after the server listens, so the
 * first requests do not pay for it and a broken schema shows up in the log right after start.
 */

type AnySchema = Record<string, unknown> | boolean;

interface ValidatorRoute {
  schema: AnySchema;
  method?: string;
  url?: string;
  httpPart?: string;
}

interface SerializerRoute {
  schema: AnySchema;
  method?: string;
  url?: string;
  httpStatus?: string;
  contentType?: string;
}

/** An ajv validate function as Fastify calls it (errors and schemaEnv are read by Fastify). */
export interface ValidateFunction {
  (data: unknown, dataCtx?: unknown): boolean | Promise<unknown>;
  errors?: unknown;
  schemaEnv?: unknown;
}

type ValidatorCompiler = (route: ValidatorRoute) => ValidateFunction;
type SerializerCompiler = (route: SerializerRoute) => (data: unknown) => string;
type BuildValidator = (externalSchemas: Record<string, unknown>, ajvOptions: unknown) => ValidatorCompiler;
type BuildSerializer = (externalSchemas: Record<string, unknown>, serializerOptions: unknown) => SerializerCompiler;

const require = createRequire(import.meta.url);

/** Fastify's own default compiler factories (a new pool per app, as Fastify does), loaded on first use. */
function defaults(): { buildValidator: BuildValidator; buildSerializer: BuildSerializer } {
  const ajvCompiler = require('@fastify/ajv-compiler') as () => BuildValidator;
  const fjsCompiler = require('@fastify/fast-json-stringify-compiler') as () => BuildSerializer;
  return { buildValidator: ajvCompiler(), buildSerializer: fjsCompiler() };
}

/**
 * Header names arrive lower-cased. Fastify lower-cases a header schema's property names itself,
 * but only for its default compiler, so the lazy one does it (top-level `properties`/`required`,
 * which is where header names are).
 */
export function lowerCaseHeaderNames(schema: AnySchema): AnySchema {
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = { ...schema };
  const properties = schema.properties;
  if (properties && typeof properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
  }
  if (Array.isArray(schema.required)) out.required = schema.required.map((k) => (typeof k === 'string' ? k.toLowerCase() : k));
  return out;
}

/**
 * Ajv's type coercion turns an overflowing numeral ("1e309", "Infinity") into ±Infinity and then
 * skips `minimum`/`maximum` (ajv-validator/ajv#2212, fastify/fastify#6718), so `limit=1e309` reached
 * handlers and failed in the database as a 500. Coerced parts (query string, path parameters,
 * headers — flat objects, maybe with arrays) are checked after validation: the first field holding a
 * non-finite number, or null. JSON bodies are not coerced; there a non-finite number fails `type`.
 */
export function nonFiniteField(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'number' && !Number.isFinite(value)) return key;
    if (Array.isArray(value) && value.some((v) => typeof v === 'number' && !Number.isFinite(v))) return key;
  }
  return null;
}

export interface LazySchemaCompilers {
  /** For Fastify's `schemaController: { compilersFactory }` option. */
  compilersFactory: { buildValidator: BuildValidator; buildSerializer: BuildSerializer };
  /** Schemas handed to Fastify and not compiled yet. */
  pending(): number;
  /** Compiles every pending schema, yielding to the event loop between schemas; resolves with how many. */
  warmUp(options?: { shouldStop?: () => boolean; onError?: (err: unknown, where: string) => void }): Promise<number>;
}

/** One set of lazy compilers per app (the pending list is per app). */
export function lazySchemaCompilers(): LazySchemaCompilers {
  const pending = new Set<{ compile: () => unknown; where: string }>();
  let builders: ReturnType<typeof defaults> | undefined;
  const real = () => (builders ??= defaults());

  function buildValidator(externalSchemas: Record<string, unknown>, ajvOptions: unknown): ValidatorCompiler {
    let compile: ValidatorCompiler | undefined;
    const compiler = () => (compile ??= real().buildValidator(externalSchemas, ajvOptions));
    return (route) => {
      const definition = route.httpPart === 'headers' ? { ...route, schema: lowerCaseHeaderNames(route.schema) } : route;
      let fn: ValidateFunction | undefined;
      const entry = { compile: () => get(), where: `${route.method} ${route.url} ${route.httpPart}` };
      const get = (): ValidateFunction => {
        if (!fn) {
          fn = compiler()(definition);
          pending.delete(entry);
        }
        return fn;
      };
      pending.add(entry);
      let ownErrors: unknown[] | null = null;
      const coerced = route.httpPart === 'querystring' || route.httpPart === 'params' || route.httpPart === 'headers';
      const validate: ValidateFunction = coerced
        ? (data, dataCtx) => {
            ownErrors = null;
            const ok = get()(data, dataCtx);
            if (ok !== true) return ok;
            const field = nonFiniteField(data);
            if (field === null) return true;
            ownErrors = [{ instancePath: `/${field}`, schemaPath: '#/type', keyword: 'type', params: {}, message: 'must be a finite number' }];
            return false;
          }
        : (data, dataCtx) => get()(data, dataCtx);
      // Fastify reads schemaEnv before the call (ajv functions then get the parent object, so
      // coercion and defaults apply to the root value) and errors after it.
      Object.defineProperty(validate, 'schemaEnv', { get: () => get().schemaEnv });
      Object.defineProperty(validate, 'errors', { get: () => ownErrors ?? fn?.errors ?? null });
      return validate;
    };
  }

  function buildSerializer(externalSchemas: Record<string, unknown>, serializerOptions: unknown): SerializerCompiler {
    let compile: SerializerCompiler | undefined;
    const compiler = () => (compile ??= real().buildSerializer(externalSchemas, serializerOptions));
    return (route) => {
      let fn: ((data: unknown) => string) | undefined;
      const entry = { compile: () => get(), where: `${route.method} ${route.url} ${route.httpStatus}` };
      const get = () => {
        if (!fn) {
          fn = compiler()(route);
          pending.delete(entry);
        }
        return fn;
      };
      pending.add(entry);
      return (data) => get()(data);
    };
  }

  return {
    compilersFactory: { buildValidator, buildSerializer },
    pending: () => pending.size,
    async warmUp({ shouldStop = () => false, onError = () => {} } = {}) {
      let n = 0;
      for (const entry of [...pending]) {
        if (shouldStop()) break;
        await new Promise((resolve) => setImmediate(resolve));
        if (!pending.has(entry)) continue; // a request compiled it meanwhile
        try {
          entry.compile();
          n++;
        } catch (err) {
          pending.delete(entry); // a request will meet the same error, as a 500
          onError(err, entry.where);
        }
      }
      return n;
    },
  };
}
