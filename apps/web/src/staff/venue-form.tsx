/**
 * The venue registration form (场所登记) for staff surfaces: name, type, address, county (GB/T 2260),
 * coordinates (typed or from the device), contact. The server validates again and masks the contact.
 */
import { Alert, App, Button, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isCountyLevel } from '@fangxian/contracts/kernel/divisions';
import { localText } from '../shared/health/colour.ts';
import type { Venue, VenueInput } from '../shared/health/health.types.ts';
import { registerVenue, venueTypesQuery } from '../shared/health/venues.api.ts';
import { useLoadError } from '../shared/query/use-load-error.ts';
import { labelRule, personNameRule } from '../shared/forms/name-rules.ts';
import { DivisionCascader } from './division-cascader.tsx';
import { useAction } from './use-action.ts';

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

interface Props {
  /** The region the division picker starts from (the officer's region; '' for all). */
  scope: string;
  /** Lists the registration adds to (read again once it is done). */
  invalidates?: readonly QueryKey[];
  onRegistered: (venue: Venue) => void;
}

/** Registers a venue for review. */
export function VenueRegistrationForm({ scope, invalidates, onRegistered }: Props) {
  const { t, i18n } = useTranslation('health');
  const { message } = App.useApp();
  const [form] = Form.useForm<VenueInput>();
  const types = useQuery(venueTypesQuery());
  const typesError = useLoadError(types.error);
  const type = Form.useWatch('type', form);
  const register = useAction({
    send: (values: VenueInput) =>
      registerVenue({ ...values, name: values.name.trim(), address: values.address.trim(), contactName: values.contactName.trim(), ...(values.stayMinutes ? {} : { stayMinutes: undefined }) }),
    invalidates,
    success: t('register.success'),
    showError: 'inline',
    onDone: (venue) => {
      form.resetFields();
      onRegistered(venue);
    },
  });
  const error = register.error ?? typesError;

  const locate = () => {
    if (!navigator.geolocation) return message.warning(t('register.locateFailed'));
    navigator.geolocation.getCurrentPosition(
      (p) => form.setFieldsValue({ latitude: Number(p.coords.latitude.toFixed(6)), longitude: Number(p.coords.longitude.toFixed(6)) }),
      () => message.warning(t('register.locateFailed')),
      { timeout: 10_000 },
    );
  };

  const required = { required: true, message: t('register.required') };
  const defaultStay = types.data?.find((x) => x.type === type)?.stayMinutes;
  return (
    <Form form={form} layout="vertical" onFinish={(values) => void register.run(values)} requiredMark data-testid="venue-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label={t('register.name')} rules={[required, labelRule('venueName', i18n.language)]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="type" label={t('register.type')} rules={[required]}>
            <Select options={(types.data ?? []).map((x) => ({ value: x.type, label: localText({ zh: x.zh, en: x.en }, i18n.language) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="divisionCode"
            label={t('register.division')}
            rules={[required, { validator: (_, v?: string) => (!v || isCountyLevel(v) ? Promise.resolve() : Promise.reject(new Error(t('register.countyRequired')))) }]}
          >
            <DivisionCascader scope={scope} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="address" label={t('register.address')} rules={[required, { max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="latitude" label={t('register.latitude')} rules={[required]}>
            <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="longitude" label={t('register.longitude')} rules={[required]}>
            <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label=" ">
            <Button icon={<AimOutlined />} onClick={locate}>
              {t('register.locate')}
            </Button>
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="contactName"
            label={t('register.contactName')}
            rules={[required, personNameRule(i18n.language, { field: { zh: '联系人', en: 'The contact name' }, maxLength: 50 })]}
          >
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="contactPhone" label={t('register.contactPhone')} rules={[required, { pattern: PHONE, message: t('register.phoneInvalid') }]}>
            <Input maxLength={14} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="stayMinutes" label={t('register.stayMinutes')} extra={defaultStay ? t('register.stayHint', { minutes: defaultStay }) : undefined}>
            <InputNumber min={5} max={1440} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={register.pending}>
        {t('register.submit')}
      </Button>
    </Form>
  );
}
