/** A small modal asking for an officer's note before a decision (approve / reject, accept / reject). */
import { useState } from 'react';
import { Alert, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';

interface Props {
  title: string;
  noteLabel: string;
  /** Minimum length of the note; 0 = optional. */
  minLength: number;
  danger?: boolean;
  onSubmit: (note: string) => Promise<void>;
  onClose: () => void;
}

/** Collects the note, runs the decision and shows the server's refusal if any. */
export function DecisionModal({ title, noteLabel, minLength, danger, onSubmit, onClose }: Props) {
  const { t } = useTranslation('health');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const text = note.trim();
    if (text.length < minLength) return setError(t('reviews.noteRequired'));
    setSaving(true);
    setError(null);
    try {
      await onSubmit(text);
      onClose();
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ danger }} confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={noteLabel} aria-label={noteLabel} />
    </Modal>
  );
}
