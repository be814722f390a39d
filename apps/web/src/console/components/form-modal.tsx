/** A modal form that sends what was entered (新增 / 登记 / 提出 …): the server's refusal stays in the modal, success closes it. */
import type { ReactNode } from 'react';
import { Alert, Form, Modal, type FormProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSubmit } from './use-submit.ts';

interface Props<V> {
  title: ReactNode;
  width?: number;
  initialValues?: FormProps<V>['initialValues'];
  /** `data-testid` of the form. */
  formTestId?: string;
  /** Sends the validated values; resolves to a message to refuse them before sending (see useSubmit). */
  onSubmit: (values: V) => Promise<string | void>;
  onClose: () => void;
  /** The form's items. */
  children: ReactNode;
}

/** The modal, its vertical form and 确定 / 取消; mount it while it is open. */
export function FormModal<V>({ title, width, initialValues, formTestId, onSubmit, onClose, children }: Props<V>) {
  const { t } = useTranslation('common');
  const [form] = Form.useForm<V>();
  const { saving, error, submit } = useSubmit();
  const finish = async (values: V) => {
    if (await submit(() => onSubmit(values))) onClose();
  };
  return (
    <Modal open width={width} title={title} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('action.confirm')} cancelText={t('action.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={finish} initialValues={initialValues} data-testid={formTestId}>
        {children}
      </Form>
    </Modal>
  );
}
