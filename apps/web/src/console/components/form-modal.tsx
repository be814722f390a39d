/** A modal form that sends what was entered (新增 / 登记 / 提出 …): the server's refusal stays in the modal, success closes it. */
import type { ReactNode } from 'react';
import { Alert, Form, Modal, type FormProps } from 'antd';
import type { QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../staff/use-action.ts';

interface Props<V> {
  title: ReactNode;
  width?: number;
  initialValues?: FormProps<V>['initialValues'];
  /** `data-testid` of the form. */
  formTestId?: string;
  /** Sends the validated values; throws InputError to refuse them before sending. */
  send: (values: V) => Promise<unknown>;
  /** Queries the change makes stale (read again before the modal closes). */
  invalidates?: readonly QueryKey[];
  /** Said once it is done. */
  success?: string;
  onClose: () => void;
  /** The form's items. */
  children: ReactNode;
}

/** The modal, its vertical form and 确定 / 取消; mount it while it is open. */
export function FormModal<V>({ title, width, initialValues, formTestId, send, invalidates, success, onClose, children }: Props<V>) {
  const { t } = useTranslation('common');
  const [form] = Form.useForm<V>();
  const action = useAction<V>({ send, invalidates, success, showError: 'inline' });
  const finish = async (values: V) => {
    if (await action.run(values)) onClose();
  };
  return (
    <Modal open width={width} title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={action.pending} okText={t('action.confirm')} cancelText={t('action.cancel')} destroyOnHidden>
      {action.error && <Alert type="error" showIcon title={action.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={finish} initialValues={initialValues} data-testid={formTestId}>
        {children}
      </Form>
    </Modal>
  );
}
