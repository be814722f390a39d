/** Sending from a modal (a form, a decision): whether it is on its way, and the refusal to show in the modal. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';

export interface Submission {
  saving: boolean;
  /** The refusal to show: the input's (checked before sending) or the server's. */
  error: string | null;
  /**
   * Runs `send`: it resolves to nothing when done, or to a message when it refuses the input before
   * sending; a throw shows the server's message (操作失败 when it gave none). Resolves to whether it was done.
   */
  submit: (send: () => Promise<string | void>) => Promise<boolean>;
}

/** The state of one modal's submission. */
export function useSubmit(): Submission {
  const { t } = useTranslation('common');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (send: () => Promise<string | void>) => {
    setSaving(true);
    setError(null);
    try {
      const refusal = await send();
      if (refusal) setError(refusal);
      return !refusal;
    } catch (err) {
      setError(messageOf(err, t('state.failed')));
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, submit };
}
