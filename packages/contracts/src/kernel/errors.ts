import { Type } from 'typebox';

/** The body of every error answer: a stable code, a message in the caller's language, optional details. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** The error body as a TypeBox schema, for route response schemas and the OpenAPI document. */
export const ErrorBodySchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** Route response schemas for error statuses: `errorResponses(400, 404)` → { 400: ErrorBodySchema, 404: ErrorBodySchema }. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBodySchema]));
}
