/**
 * How the citizen app sends a change: a TanStack mutation that, on success, says so (antd-mobile
 * Toast), marks the data it changed stale and waits for it to be read again; on failure it keeps the
 * server's message ({code, message}; 操作失败 when it gave none) — or the InputError of a check made
 * here first — in `error` for the form's alert line (FormError).
 */
import { Toast } from 'antd-mobile';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';

export interface CitizenActionOptions<V, R> {
  /** Sends the change; may throw InputError to refuse the input before sending. */
  send: (variables: V) => Promise<R>;
  /** Keys (or key prefixes) of the queries the change makes stale; read again before the action resolves. */
  invalidates?: readonly QueryKey[];
  /** Toasted on success; made from the server's answer when a function. */
  success?: string | ((result: R, variables: V) => string);
  /** Runs after success (and after the stale data was read again), e.g. to leave the page. */
  onDone?: (result: R, variables: V) => void;
  /** Runs after a failure, besides keeping its message (e.g. to wait as long as the server asked). */
  onFailed?: (error: unknown) => void;
}

export interface CitizenAction<V, R> {
  /** Sends the change; resolves to whether it succeeded. */
  run: (variables: V) => Promise<boolean>;
  pending: boolean;
  /** The server's answer to the last send, once it succeeded. */
  result: R | undefined;
  /** The last failure's message, for FormError; null otherwise. */
  error: string | null;
  /** Forgets the last failure. */
  reset: () => void;
}

/** One change a citizen page can make. */
export function useCitizenAction<V = void, R = unknown>({ send, invalidates = [], success, onDone, onFailed }: CitizenActionOptions<V, R>): CitizenAction<V, R> {
  const { t } = useTranslation('common');
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: async (result, variables) => {
      if (success) Toast.show({ icon: 'success', content: typeof success === 'function' ? success(result, variables) : success });
      await Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey })));
      onDone?.(result, variables);
    },
    onError: (error) => onFailed?.(error),
  });
  const { mutateAsync, reset } = mutation;
  return {
    run: (variables) => mutateAsync(variables).then(
      () => true,
      () => false,
    ),
    pending: mutation.isPending,
    result: mutation.data,
    error: mutation.error ? messageOf(mutation.error, t('state.failed')) : null,
    reset,
  };
}
