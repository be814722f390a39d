/**
 * How the staff surfaces (console, venue portal) send a change: a TanStack mutation that, on
 * success, says so (antd message), marks the data it changed stale and waits for it to be read
 * again; on failure it shows the server's message ({code, message}; 操作失败 when it gave none)
 * either as an antd message (row buttons) or as `error` for an Alert in the form or modal.
 */
import { App } from 'antd';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../shared/api/errors.ts';

export interface ActionOptions<V, R> {
  /** Sends the change; may throw InputError to refuse the input before sending. */
  send: (variables: V) => Promise<R>;
  /** Keys (or key prefixes) of the queries the change makes stale; read again before the action resolves. */
  invalidates?: readonly QueryKey[];
  /** Said on success; made from the server's answer when a function. */
  success?: string | ((result: R, variables: V) => string);
  /** 'message': a failure pops up as an antd message; 'inline': it is kept in `error` for the caller to show. */
  showError?: 'message' | 'inline';
  /** Runs after success (and after the stale data was read again), e.g. to close a modal or put an answer into the cache. */
  onDone?: (result: R, variables: V) => void;
}

export interface Action<V, R> {
  /** Sends the change; resolves to whether it succeeded (a failure is already shown). */
  run: (variables: V) => Promise<boolean>;
  pending: boolean;
  /** The server's answer to the last send, once it succeeded. */
  result: R | undefined;
  /** What the last (or running) send was given, e.g. to tell which row's button is busy. */
  variables: V | undefined;
  /** The failure to show inline ('inline' actions only), else null. */
  error: string | null;
  /** Forgets the last failure. */
  reset: () => void;
}

/** One change a staff page can make. */
export function useAction<V = void, R = unknown>({ send, invalidates = [], success, showError = 'message', onDone }: ActionOptions<V, R>): Action<V, R> {
  const { t } = useTranslation('common');
  const { message } = App.useApp();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: async (result, variables) => {
      if (success) message.success(typeof success === 'function' ? success(result, variables) : success);
      await Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey })));
      onDone?.(result, variables);
    },
    onError: (error) => {
      if (showError === 'message') message.error(messageOf(error, t('state.failed')));
    },
  });
  const { mutateAsync, reset } = mutation;
  return {
    run: (variables) => mutateAsync(variables).then(
      () => true,
      () => false,
    ),
    pending: mutation.isPending,
    result: mutation.data,
    variables: mutation.variables,
    error: showError === 'inline' && mutation.error ? messageOf(mutation.error, t('state.failed')) : null,
    reset,
  };
}
