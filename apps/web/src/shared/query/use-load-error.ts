/** The message to show for a failed read, in the UI language. */
import { useTranslation } from 'react-i18next';
import { messageOf } from '../api/errors.ts';

/** The server's message for a query's error (加载失败 when it gave none), or null without an error. */
export function useLoadError(error: unknown): string | null {
  const { t } = useTranslation('common');
  return error ? messageOf(error, t('error.loadFailed')) : null;
}
