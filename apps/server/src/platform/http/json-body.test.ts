import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installJsonBodyParser, maySmuggleProto } from './json-body.ts';

describe('JSON body parser', () => {
  it('finds every way to write a __proto__ or constructor key', () => {
    for (const text of ['{"__proto__":{}}', '{"a":{"constructor":{"prototype":{}}}}', '{"\\u005f_proto__":1}', '{"__pr\\u006fto__":1}', '{"c\\u006fnstructor":1}']) {
      expect(maySmuggleProto(text), text).toBe(true);
      expect(() => JSON.parse(text)).not.toThrow();
    }
    expect(maySmuggleProto('{"placeToken":"abc","latitude":31.1}')).toBe(false);
  });

  it('answers as Fastify does: parsed body, empty and invalid bodies refused, prototype poisoning refused', async () => {
    const app = Fastify();
    installJsonBodyParser(app);
    app.post('/echo', async (request) => ({ body: request.body }));
    const post = (payload: string, type = 'application/json') => app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': type }, payload });
    expect((await post('{"a":[1,"x"],"b":{"c":null}}')).json()).toEqual({ body: { a: [1, 'x'], b: { c: null } } });
    expect((await post('{"a":"protocol"}', 'application/json; charset=utf-8')).json()).toEqual({ body: { a: 'protocol' } });
    expect((await post('')).json().code).toBe('FST_ERR_CTP_EMPTY_JSON_BODY');
    expect((await post('{"a":')).json().code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
    for (const bad of ['{"__proto__":{"admin":true}}', '{"\\u005f\\u005fproto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      const res = await post(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
    }
    await app.close();
  });
});
