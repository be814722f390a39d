import { Type } from 'typebox';
import { ErrorBodySchema } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { canSeeJob, findJob, type JobRow } from './jobs.service.ts';
import { isTerminal, presentJob } from './jobs.presenter.ts';
import { JobActions } from './jobs.policy.ts';
import { JobView } from '@fangxian/contracts/jobs';
import type { Principal } from '../access/principal.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** The poll interval of the SSE stream: the database is the only source, so any instance can serve it. */
export const SSE_POLL_MS = 500;
const SSE_KEEPALIVE_POLLS = 30;

async function visibleJob(ctx: AppContext, principal: Principal, id: string): Promise<JobRow> {
  const job = await findJob(ctx.db, id);
  // Someone else's job answers like a missing one.
  if (!job || !canSeeJob(principal, job)) throw new AppError(CommonErrors.NOT_FOUND);
  return job;
}

/** Background job state and its progress as Server-Sent Events. */
export async function jobRoutes(app: App, ctx: AppContext): Promise<void> {
  const streams = new Set<() => void>();
  // End open streams before the server waits for its connections to close, or shutdown would hang
  // for as long as someone watches a job.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  app.get(
    '/jobs/:id',
    {
      config: { action: JobActions['jobs.job.read'] },
      schema: { tags: ['jobs'], summary: 'A background job: status, progress, result', params: Params, response: { 200: JobView, 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema } },
    },
    async (request) => presentJob(await visibleJob(ctx, request.principal!, request.params.id)),
  );

  app.get(
    '/jobs/:id/events',
    {
      config: { action: JobActions['jobs.job.read'] },
      schema: {
        tags: ['jobs'],
        summary: 'Server-Sent Events: `progress` with the job (as GET /jobs/:id) whenever it changes, then `done` when it ends',
        params: Params,
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), 400: ErrorBodySchema, 401: ErrorBodySchema, 404: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      let job = await visibleJob(ctx, request.principal!, request.params.id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer the stream
        'x-content-type-options': 'nosniff',
        'x-request-id': request.id,
      });
      let open = true;
      let wake: (() => void) | null = null;
      const end = () => {
        open = false;
        wake?.();
      };
      streams.add(end);
      request.raw.on('close', end);
      let last = '';
      let quiet = 0;
      try {
        while (open) {
          const view = JSON.stringify(presentJob(job));
          if (view !== last) {
            res.write(`event: progress\ndata: ${view}\n\n`);
            last = view;
            quiet = 0;
          } else if (++quiet >= SSE_KEEPALIVE_POLLS) {
            res.write(': keep-alive\n\n');
            quiet = 0;
          }
          if (isTerminal(job.status)) {
            res.write(`event: done\ndata: ${view}\n\n`);
            break;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, SSE_POLL_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (!open) break;
          const next = await findJob(ctx.db, job.id);
          if (!next) break;
          job = next;
        }
      } catch (err) {
        request.log.warn({ err }, 'job event stream ended by an error');
      } finally {
        streams.delete(end);
        res.end();
      }
    },
  );
}
