/** A change that needs the officer's reason (reopen, undo a merge): the reason box, the server's refusal inline, success closes it. */
import { useState, type ReactNode } from 'react';
import { Alert, Input, Modal } from 'antd';
import type { QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { useAction } from '../../staff/use-action.ts';

interface Props {
  title: string;
  /** Fields above the reason (e.g. the target of a reassignment). */
  children?: ReactNode;
  /** Sends the change with the trimmed reason (2–500 characters); may throw InputError. */
  send: (reason: string) => Promise<unknown>;
  invalidates: readonly QueryKey[];
  success: string;
  onClose: () => void;
}

export function ReasonModal({ title, children, send, invalidates, success, onClose }: Props) {
  const { t } = useTranslation('screening');
  const [reason, setReason] = useState('');
  const action = useAction<string>({
    send: (text) => (text.length < 2 ? Promise.reject(new InputError(t('common.reasonRequired'))) : send(text)),
    invalidates,
    success,
    showError: 'inline',
  });
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={async () => {
        if (await action.run(reason.trim())) onClose();
      }}
      confirmLoading={action.pending}
      okText={t('common:action.confirm')}
      cancelText={t('common:action.cancel')}
      destroyOnHidden
    >
      {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 12 }} />}
      {children}
      <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('common.reason')} aria-label={t('common.reason')} data-testid="reason-input" />
    </Modal>
  );
}
