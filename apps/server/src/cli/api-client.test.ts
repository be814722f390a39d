import { describe, expect, it } from 'vitest';
import { generateClientTable, tsType } from './api-client.ts';

describe('typed API client generator', () => {
  it('turns TypeBox JSON Schema into TypeScript types', () => {
    expect(tsType({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('(string | null)');
    expect(tsType({ type: 'array', items: { type: 'string', enum: ['a', 'b'] } })).toBe('Array<("a" | "b")>');
    expect(tsType({ type: 'object', required: ['id'], properties: { id: { type: 'integer' }, 'x-y': { type: 'boolean' } } })).toBe('{\n  id: number;\n  "x-y"?: boolean;\n}');
    expect(tsType({})).toBe('unknown');
  });

  it('lists every operation with its method, path, parameters, body and answer', () => {
    const table = generateClientTable({
      paths: {
        '/api/things/{id}': {
          get: { operationId: 'getThingsById', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { content: { 'application/json': { schema: { type: 'string' } } } } } },
          delete: { operationId: 'deleteThingsById', responses: { '204': {} } },
        },
      },
    });
    expect(table).toContain('getThingsById: ["GET", "/api/things/{id}"]');
    expect(table).toContain('deleteThingsById: ["DELETE", "/api/things/{id}"]');
    expect(table).toMatch(/getThingsById: \{\n    params: \{\n      id: string;\n    \};\n    query: never;\n    body: never;\n    response: string;/);
    expect(table).toMatch(/deleteThingsById: \{[^}]*response: null;/);
  });
});
