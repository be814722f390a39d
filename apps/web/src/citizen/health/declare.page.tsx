/** 健康申报 (GB/T 38963 health declaration): residence, temperature, symptoms, contact with cases, underlying illness. */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Form, Input, Radio, Selector, Space, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { myHealthApi } from '../../shared/health/health.api.ts';
import { SYMPTOMS, type Symptom } from '../../shared/health/health.types.ts';
import { useSession } from '../../shared/session/session.tsx';
import { MobilePage } from '../components/page.tsx';
import { DivisionPicker } from '../components/division-picker.tsx';
import { parseTemperature } from './declaration.rules.ts';
import './health.css';

interface Values {
  residenceDivision?: string;
  temperature: string;
  symptoms: Symptom[];
  contactWithCase: 'yes' | 'no';
  underlyingIllness?: string;
}

/** The health declaration form; on success back to the code, now recomputed. */
export function DeclarePage() {
  const { t } = useTranslation('health');
  const { me } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: Values) => {
    setError(null);
    if (!values.residenceDivision) return setError(t('declare.residenceRequired'));
    const temperature = parseTemperature(values.temperature);
    if (temperature === null) return setError(t('declare.temperatureInvalid'));
    setSubmitting(true);
    try {
      await myHealthApi.declare({
        residenceDivision: values.residenceDivision,
        temperature,
        symptoms: values.symptoms ?? [],
        contactWithCase: values.contactWithCase === 'yes',
        underlyingIllness: values.underlyingIllness?.trim() || null,
      });
      Toast.show({ icon: 'success', content: t('declare.success') });
      navigate('/m/health', { replace: true });
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <MobilePage title={t('declare.title')} back>
      <p className="fx-page-intro">{t('declare.intro')}</p>
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{ symptoms: [], contactWithCase: 'no', residenceDivision: me?.realName?.householdDivision ?? undefined }}
        onFinish={submit}
        footer={
          <>
            {error && (
              <div className="fx-form-error" role="alert">
                {error}
              </div>
            )}
            <Button block type="submit" color="primary" size="large" loading={submitting}>
              {t('declare.submit')}
            </Button>
            <Button block fill="none" color="primary" onClick={() => navigate('/m/health/trips')} style={{ marginTop: 8 }}>
              {t('declare.tripsLink')}
            </Button>
          </>
        }
      >
        <Form.Item name="residenceDivision" label={t('declare.residence')}>
          <DivisionPicker placeholder={t('declare.residencePlaceholder')} title={t('declare.residence')} />
        </Form.Item>
        <Form.Item name="temperature" label={t('declare.temperature')} rules={[{ required: true, message: t('declare.temperatureInvalid') }]}>
          <Input type="text" inputMode="decimal" placeholder={t('declare.temperaturePlaceholder')} maxLength={5} />
        </Form.Item>
        <Form.Item name="symptoms" label={t('declare.symptoms')} description={t('declare.noSymptoms')}>
          <Selector multiple columns={3} options={SYMPTOMS.map((s) => ({ label: t(`symptom.${s}`), value: s }))} />
        </Form.Item>
        <Form.Item name="contactWithCase" label={t('declare.contact')}>
          <Radio.Group>
            <Space direction="horizontal">
              <Radio value="no">{t('declare.no')}</Radio>
              <Radio value="yes">{t('declare.yes')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="underlyingIllness" label={t('declare.illness')}>
          <Input placeholder={t('declare.illnessPlaceholder')} maxLength={200} clearable />
        </Form.Item>
      </Form>
    </MobilePage>
  );
}
