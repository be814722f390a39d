/**
 * How the staff surfaces (console, venue portal) send a change (shared/query/use-change.ts): on
 * success they say so (antd message) once the data it changed was read again; on failure they show
 * the server's message ({code, message}; 操作失败 when it gave none) either as an antd message (row
 * buttons) or as `error` for an Alert in the form or modal.
 */
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../shared/api/errors.ts';
import { useChange, type Change, type ChangeOptions } from '../shared/query/use-change.ts';

export interface ActionOptions<V, R> extends Pick<ChangeOptions<V, R>, 'send' | 'invalidates' | 'onDone'> {
  /** Said on success; made from the server's answer when a function. */
  success?: string | ((result: R, variables: V) => string);
  /** 'message': a failure pops up as an antd message; 'inline': it is kept in `error` for the caller to show. */
  showError?: 'message' | 'inline';
}

export interface Action<V, R> extends Omit<Change<V, R>, 'error'> {
  /** The failure to show inline ('inline' actions only), else null. */
  error: string | null;
}

/** One change a staff page can make. */
export function useAction<V = void, R = unknown>({ success, showError = 'message', ...change }: ActionOptions<V, R>): Action<V, R> {
  const { t } = useTranslation('common');
  const { message } = App.useApp();
  const action = useChange<V, R>({
    ...change,
    onAccepted: success ? (result, variables) => void message.success(typeof success === 'function' ? success(result, variables) : success) : undefined,
    onFailed: showError === 'message' ? (error) => void message.error(messageOf(error, t('state.failed'))) : undefined,
  });
  return { ...action, error: showError === 'inline' && action.error ? messageOf(action.error, t('state.failed')) : null };
}
