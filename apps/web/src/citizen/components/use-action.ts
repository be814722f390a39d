/**
 * How the citizen app sends a change (shared/query/use-change.ts): on success it says so
 * (antd-mobile Toast); on failure it keeps the server's message ({code, message}; 操作失败 when it
 * gave none) — or the InputError of a check made here first — in `error` for the form's alert line
 * (FormError).
 */
import { Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { useChange, type Change, type ChangeOptions } from '../../shared/query/use-change.ts';

export interface CitizenActionOptions<V, R> extends Pick<ChangeOptions<V, R>, 'send' | 'invalidates' | 'onDone' | 'onFailed'> {
  /** Toasted on success; made from the server's answer when a function. */
  success?: string | ((result: R, variables: V) => string);
}

export interface CitizenAction<V, R> extends Omit<Change<V, R>, 'error'> {
  /** The last failure's message, for FormError; null otherwise. */
  error: string | null;
}

/** One change a citizen page can make. */
export function useCitizenAction<V = void, R = unknown>({ success, ...change }: CitizenActionOptions<V, R>): CitizenAction<V, R> {
  const { t } = useTranslation('common');
  const action = useChange<V, R>({
    ...change,
    onAccepted: success ? (result, variables) => Toast.show({ icon: 'success', content: typeof success === 'function' ? success(result, variables) : success }) : undefined,
  });
  return { ...action, error: action.error ? messageOf(action.error, t('state.failed')) : null };
}
