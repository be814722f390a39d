/**
 * The part every surface's change helper shares: a TanStack mutation that, once the server accepted
 * the change, marks the queries it names stale and waits for them to be read again before it counts
 * as done. The surfaces add how they say so (staff/use-action.ts, citizen/components/use-action.ts).
 */
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

export interface ChangeOptions<V, R> {
  /** Sends the change; may throw InputError to refuse the input before sending. */
  send: (variables: V) => Promise<R>;
  /** Keys (or key prefixes) of the queries the change makes stale; read again before the change resolves. */
  invalidates?: readonly QueryKey[];
  /** Runs as soon as the server accepted the change (to say so). */
  onAccepted?: (result: R, variables: V) => void;
  /** Runs after success, once the stale data was read again (close a modal, leave the page, put the answer into the cache). */
  onDone?: (result: R, variables: V) => void;
  /** Runs after a failure. */
  onFailed?: (error: unknown) => void;
}

export interface Change<V, R> {
  /** Sends the change; resolves to whether it succeeded (a failure is in `error`, never thrown). */
  run: (variables: V) => Promise<boolean>;
  pending: boolean;
  /** The server's answer to the last send, once it succeeded. */
  result: R | undefined;
  /** What the last (or running) send was given, e.g. to tell which row's button is busy. */
  variables: V | undefined;
  /** The last failure, until the next send or `reset`. */
  error: unknown;
  reset: () => void;
}

/** One change a page can make. */
export function useChange<V, R>({ send, invalidates = [], onAccepted, onDone, onFailed }: ChangeOptions<V, R>): Change<V, R> {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: async (result, variables) => {
      onAccepted?.(result, variables);
      await Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey })));
      onDone?.(result, variables);
    },
    onError: (error) => onFailed?.(error),
  });
  const { mutateAsync } = mutation;
  return {
    run: (variables) => mutateAsync(variables).then(
      () => true,
      () => false,
    ),
    pending: mutation.isPending,
    result: mutation.data,
    variables: mutation.variables,
    error: mutation.error,
    reset: mutation.reset,
  };
}
