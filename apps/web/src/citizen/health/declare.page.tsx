/** 健康申报 (GB/T 38963 health declaration): residence, temperature, symptoms, contact with cases, underlying illness. */
import { useNavigate } from 'react-router';
import { Button, Form, Input, Radio, Selector, Space } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { SYMPTOMS, type Symptom } from '../../shared/health/health.types.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { parseTemperature } from './declaration.rules.ts';
import { healthKeys, myHealthApi } from './health.api.ts';
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
  // The declaration changes the code: the code page reads it again.
  const declare = useCitizenAction({
    send: async (values: Values) => {
      if (!values.residenceDivision) throw new InputError(t('declare.residenceRequired'));
      const temperature = parseTemperature(values.temperature);
      if (temperature === null) throw new InputError(t('declare.temperatureInvalid'));
      return myHealthApi.declare({
        residenceDivision: values.residenceDivision,
        temperature,
        symptoms: values.symptoms ?? [],
        contactWithCase: values.contactWithCase === 'yes',
        underlyingIllness: values.underlyingIllness?.trim() || null,
      });
    },
    invalidates: [healthKeys.code, healthKeys.facts],
    success: t('declare.success'),
    onDone: () => navigate('/m/health', { replace: true }),
  });

  return (
    <MobilePage title={t('declare.title')} back>
      <p className="fx-page-intro">{t('declare.intro')}</p>
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{ symptoms: [], contactWithCase: 'no', residenceDivision: me?.realName?.householdDivision ?? undefined }}
        onFinish={(values: Values) => void declare.run(values)}
        footer={
          <FormFooter error={declare.error} pending={declare.pending} label={t('declare.submit')}>
            <Button block fill="none" color="primary" onClick={() => navigate('/m/health/trips')} style={{ marginTop: 8 }}>
              {t('declare.tripsLink')}
            </Button>
          </FormFooter>
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
