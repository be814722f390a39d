/**
 * The last pass over the generated OpenAPI document (@fastify/swagger's transformObject), so that
 * client generators (openapi-typescript, openapi-generator, orval) get a usable API without every
 * route file repeating the same boilerplate:
 * - every operation gets an `operationId` made from its method and path (stable while the route is);
 * - an operation without `security` (no policy action: sign-in, public reference data, the open keys)
 *   says so explicitly with `security: []`, instead of inheriting nothing by omission.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  operationId?: string;
  security?: unknown[];
  [key: string]: unknown;
}

export interface OpenApiDocument {
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], Operation>> & Record<string, unknown>>;
  [key: string]: unknown;
}

const words = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean);
const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * `getHealthRuleSetsByVersion` for GET /api/health/rule-sets/{version}: the method, then each path
 * segment in camel case (the /api prefix left out), a parameter as `By<Name>`.
 */
export function operationIdOf(method: string, path: string): string {
  const segments = path.replace(/^\/api(?=\/|$)/, '').split('/').filter(Boolean);
  const parts = segments.map((segment) => {
    const param = /^\{(.+)\}$/.exec(segment) ?? /^:(.+)$/.exec(segment);
    return param ? `By${words(param[1]).map(capital).join('')}` : words(segment).map(capital).join('');
  });
  return method.toLowerCase() + parts.join('');
}

/** Adds operationIds and explicit `security: []`; throws if two operations would share an id. */
export function finishOpenApiDocument<T extends OpenApiDocument>(doc: T): T {
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      op.operationId ??= operationIdOf(method, path);
      const other = seen.get(op.operationId);
      if (other) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} and ${other} have the same operationId ${op.operationId}`);
      seen.set(op.operationId, `${method.toUpperCase()} ${path}`);
      op.security ??= [];
    }
  }
  return doc;
}
