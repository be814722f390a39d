import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { lazySchemaCompilers, lowerCaseHeaderNames, type LazySchemaCompilers } from './lazy-schemas.ts';

const ajv = { customOptions: { removeAdditional: false, coerceTypes: 'array' as const, useDefaults: true, allErrors: false } };

/** The same routes on an app with the default (eager) compilers and one with the lazy ones. */
function build(lazy?: LazySchemaCompilers): FastifyInstance {
  const app = Fastify(lazy ? { ajv, schemaController: { compilersFactory: lazy.compilersFactory as never } } : { ajv });
  app.post('/items/:id', {
    schema: {
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      querystring: Type.Object({ tags: Type.Array(Type.String()), limit: Type.Integer({ default: 20 }) }),
      body: Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Optional(Type.Integer()) }),
      headers: Type.Object({ 'X-Region': Type.String({ pattern: '^\\d{6}$' }) }),
      response: { 200: Type.Object({ id: Type.Integer(), name: Type.String(), tags: Type.Array(Type.String()), limit: Type.Integer() }) },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const { tags, limit } = request.query as { tags: string[]; limit: number };
    // secret is not in the response schema: the serializer must drop it.
    return { id, name: (request.body as { name: string }).name, tags, limit, secret: 'x' };
  });
  app.get('/plain', async () => ({ ok: true }));
  return app;
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe('lazily compiled route schemas', () => {
  const requests = [
    { method: 'POST' as const, url: '/items/7?tags=a&limit=5', headers: { 'x-region': '510600' }, payload: { name: 'n' } },
    { method: 'POST' as const, url: '/items/7?tags=a', headers: { 'x-region': '510600' }, payload: { name: 'n' } }, // default limit
    { method: 'POST' as const, url: '/items/0?tags=a', headers: { 'x-region': '510600' }, payload: { name: 'n' } }, // params
    { method: 'POST' as const, url: '/items/7?tags=a', headers: { 'x-region': '510600' }, payload: { name: '' } }, // body
    { method: 'POST' as const, url: '/items/7?tags=a', headers: { 'x-region': 'nope' }, payload: { name: 'n' } }, // headers
    { method: 'POST' as const, url: '/items/7?tags=a&limit=x', headers: { 'x-region': '510600' }, payload: { name: 'n' } }, // query
    { method: 'GET' as const, url: '/plain' },
  ];

  it('validate, coerce, default and serialise exactly as the default compilers do', async () => {
    const eager = build();
    const lazy = build(lazySchemaCompilers());
    apps.push(eager, lazy);
    for (const request of requests) {
      const [a, b] = await Promise.all([eager.inject(request), lazy.inject(request)]);
      expect({ status: b.statusCode, body: b.json() }, request.url).toEqual({ status: a.statusCode, body: a.json() });
    }
    const ok = await lazy.inject(requests[0]);
    expect(ok.json()).toEqual({ id: 7, name: 'n', tags: ['a'], limit: 5 });
    expect((await lazy.inject(requests[1])).json().limit).toBe(20);
    expect((await lazy.inject(requests[4])).statusCode).toBe(400);
  });

  it('compile nothing until a request (or the warm-up) needs it', async () => {
    const lazy = lazySchemaCompilers();
    const app = build(lazy);
    apps.push(app);
    await app.ready();
    expect(lazy.pending()).toBe(5); // params, querystring, body, headers, response 200
    expect((await app.inject(requests[2])).statusCode).toBe(400); // params fail first: only they were compiled
    expect(lazy.pending()).toBe(4);
    expect((await app.inject(requests[0])).statusCode).toBe(200);
    expect(lazy.pending()).toBe(0);
  });

  it('warm-up compiles everything pending, and stops when asked', async () => {
    const lazy = lazySchemaCompilers();
    const app = build(lazy);
    apps.push(app);
    await app.ready();
    expect(await lazy.warmUp({ shouldStop: () => true })).toBe(0);
    expect(lazy.pending()).toBe(5);
    expect(await lazy.warmUp()).toBe(5);
    expect(lazy.pending()).toBe(0);
    expect((await app.inject(requests[0])).statusCode).toBe(200);
  });

  it('a schema that does not compile fails its requests with 500 and is reported by the warm-up', async () => {
    const lazy = lazySchemaCompilers();
    const app = Fastify({ ajv, schemaController: { compilersFactory: lazy.compilersFactory as never } });
    apps.push(app);
    app.post('/bad', { schema: { body: { type: 'object', properties: { a: { type: 'no-such-type' } } } } }, async () => ({}));
    await app.ready();
    expect((await app.inject({ method: 'POST', url: '/bad', payload: {} })).statusCode).toBe(500);
    const errors: string[] = [];
    await lazy.warmUp({ onError: (_err, where) => errors.push(where) });
    expect(errors).toEqual(['POST /bad body']);
  });

  it('lower-cases the header names of a header schema', () => {
    expect(lowerCaseHeaderNames({ type: 'object', properties: { 'X-Api-Key': { type: 'string' } }, required: ['X-Api-Key'] })).toEqual({
      type: 'object',
      properties: { 'x-api-key': { type: 'string' } },
      required: ['x-api-key'],
    });
    expect(lowerCaseHeaderNames(true)).toBe(true);
  });
});
