/** Feedback after a change on a console page: the success message and a reload of the page's list, or why it failed. */
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';

export interface Changes {
  /** A change made elsewhere (a modal) succeeded: says so, then reloads; resolves after the reload. */
  done: (success: string) => Promise<void>;
  /**
   * Makes a change (a row's button, a confirmation), then says so and reloads; a failure is shown as a
   * message (the server's, else 操作失败). `success` may be made from the change's answer. Resolves to whether it succeeded.
   */
  run: <R>(change: () => Promise<R>, success: string | ((result: R) => string)) => Promise<boolean>;
}

/** `reload` is the page's list reload; without it a change only says so. */
export function useChanges(reload?: () => Promise<void>): Changes {
  const { t } = useTranslation('common');
  const { message } = App.useApp();
  const done = async (success: string) => {
    message.success(success);
    await reload?.();
  };
  const run = async <R>(change: () => Promise<R>, success: string | ((result: R) => string)) => {
    try {
      const result = await change();
      await done(typeof success === 'function' ? success(result) : success);
      return true;
    } catch (err) {
      message.error(messageOf(err, t('state.failed')));
      return false;
    }
  };
  return { done, run };
}
