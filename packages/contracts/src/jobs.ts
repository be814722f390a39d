import { Type, type Static } from 'typebox';

/** A background job as GET /api/jobs/:id and each SSE event of /api/jobs/:id/events carry it. */
export const JobView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  progress: Type.Object({ done: Type.Integer(), total: Type.Union([Type.Integer(), Type.Null()]), message: Type.Union([Type.String(), Type.Null()]) }),
  result: Type.Any(),
  error: Type.Union([Type.String(), Type.Null()]),
  runAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type JobView = Static<typeof JobView>;
