import { EventEmitter } from 'node:events';
import type { AppContext } from '../../platform/http/context.ts';
import { defineState } from '../../platform/modules/module.ts';

/**
 * The live task feed: every write that adds or changes follow-up tasks (an import batch, a follow-up,
 * closing, reopening, reassigning, the SLA escalation) says which divisions' tasks changed, and the
 * console's task list (GET /api/screening/task-events, Server-Sent Events) refreshes when one of them
 * lies in the officer's region. In process: a deployment with several server instances also keeps the
 * console's slow poll (it is the fallback).
 */
export interface TaskFeed {
  readonly emitter: EventEmitter;
  changed(regions: readonly (string | null | undefined)[]): void;
}

export const TaskFeedState = defineState<TaskFeed>('screening.task-feed');

export function createTaskFeed(): TaskFeed {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emitter,
    changed(regions) {
      const list = [...new Set(regions.filter((r): r is string => typeof r === 'string' && r !== ''))];
      if (list.length) emitter.emit('changed', list);
    },
  };
}

/** Tells the feed that tasks of these divisions changed (after the change committed). */
export function tasksChanged(ctx: AppContext, regions: readonly (string | null | undefined)[]): void {
  TaskFeedState.of(ctx).changed(regions);
}
