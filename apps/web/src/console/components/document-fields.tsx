import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES } from '@fangxian/contracts/id-documents';

/**
 * The two fields of a console form that name a person by document — type and number — as the
 * officer types them; the form checks the number (checkDocumentNumber) before it sends anything.
 */
export function DocumentFields() {
  const { t } = useTranslation('health');
  const required = { required: true, message: t('register.required') };
  return (
    <>
      <Form.Item name="documentType" label={t('persons.documentType')} rules={[required]}>
        <Select options={DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`common:documentType.${d}`) }))} />
      </Form.Item>
      <Form.Item name="documentNumber" label={t('persons.documentNumber')} rules={[required, { min: 5, max: 32 }]}>
        <Input maxLength={32} autoComplete="off" />
      </Form.Item>
    </>
  );
}
