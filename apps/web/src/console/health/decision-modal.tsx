/** A decision on a pending row (approve / reject, accept / reject): the row's two buttons and the modal asking for the officer's note. */
import { useState } from 'react';
import { Alert, Button, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../components/use-submit.ts';

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
  const { saving, error, submit } = useSubmit();
  const decide = async () => {
    const text = note.trim();
    if (await submit(async () => (text.length < minLength ? t('reviews.noteRequired') : onSubmit(text)))) onClose();
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => void decide()} okButtonProps={{ danger }} confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={noteLabel} aria-label={noteLabel} />
    </Modal>
  );
}

interface ButtonsProps {
  approveLabel: string;
  rejectLabel: string;
  onApprove: () => void;
  onReject: () => void;
}

/** A pending row's 通过 (primary) and 驳回 (danger) buttons, each opening the DecisionModal. */
export function DecisionButtons({ approveLabel, rejectLabel, onApprove, onReject }: ButtonsProps) {
  return (
    <Space>
      <Button size="small" type="primary" onClick={onApprove}>
        {approveLabel}
      </Button>
      <Button size="small" danger onClick={onReject}>
        {rejectLabel}
      </Button>
    </Space>
  );
}
