/** A decision on a pending row (approve / reject, accept / reject): the row's two buttons and the modal asking for the officer's note. */
import { useState } from 'react';
import { Alert, Button, Input, Modal, Space } from 'antd';
import type { QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { useAction } from '../../staff/use-action.ts';

interface Props<R> {
  title: string;
  noteLabel: string;
  /** Minimum length of the note; 0 = optional. */
  minLength: number;
  /** Said when the note is missing (default 请填写审核意见). */
  requiredMessage?: string;
  danger?: boolean;
  /** Sends the decision with the (trimmed) note. */
  send: (note: string) => Promise<R>;
  /** Queries the decision makes stale. */
  invalidates: readonly QueryKey[];
  /** Said once it is done, made from the server's answer when a function. */
  success: string | ((result: R) => string);
  onClose: () => void;
}

/** Collects the note, sends the decision and shows the server's refusal if any. */
export function DecisionModal<R>({ title, noteLabel, minLength, requiredMessage, danger, send, invalidates, success, onClose }: Props<R>) {
  const { t } = useTranslation('health');
  const [note, setNote] = useState('');
  const decision = useAction<string, R>({
    send: (text) => (text.length < minLength ? Promise.reject(new InputError(requiredMessage ?? t('reviews.noteRequired'))) : send(text)),
    invalidates,
    success: typeof success === 'function' ? (result) => success(result) : success,
    showError: 'inline',
  });
  const decide = async () => {
    if (await decision.run(note.trim())) onClose();
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => void decide()} okButtonProps={{ danger }} confirmLoading={decision.pending} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      {decision.error && <Alert type="error" showIcon title={decision.error} style={{ marginBottom: 12 }} />}
      {minLength > 0 && (
        <label className="fx-decision-label" htmlFor="fx-decision-note">
          <span className="fx-required-mark" aria-hidden>* </span>
          {noteLabel}
        </label>
      )}
      <Input.TextArea id="fx-decision-note" rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={noteLabel} aria-label={noteLabel} aria-required={minLength > 0} />
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
