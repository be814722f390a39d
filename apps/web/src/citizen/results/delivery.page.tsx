/** 政务快递: the citizen's delivery addresses (add, delete) and their shipments with the tracking timeline. */
import { Button, Card, ErrorBlock, Form, Input, List, Steps, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { deliveryApi, deliveryKeys, myAddressesQuery, myShipmentsQuery, type OwnAddress } from './results.api.ts';

type AddressForm = Omit<OwnAddress, 'id' | 'createdAt'>;

export function MyDeliveryPage() {
  const { t } = useTranslation('results');
  const { me } = useSession();
  const [form] = Form.useForm<AddressForm>();
  const addresses = useQuery(myAddressesQuery());
  const shipments = useQuery(myShipmentsQuery());
  const error = useLoadError(addresses.error ?? shipments.error);
  const add = useCitizenAction({
    send: (v: AddressForm) => deliveryApi.addAddress({ recipient: v.recipient.trim(), phone: v.phone.trim(), address: v.address.trim(), regionCode: v.regionCode }),
    invalidates: [deliveryKeys.all],
    success: t('rect.done'),
    onDone: () => form.resetFields(),
  });
  const remove = useCitizenAction({ send: (id: string) => deliveryApi.deleteAddress(id), invalidates: [deliveryKeys.all] });
  if (addresses.isPending || shipments.isPending) return <PageLoading />;
  return (
    <MobilePage title={t('nav.delivery')} back>
      <p className="fx-page-intro">{t('mine.deliveryIntro')}</p>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      <List header={t('mine.shipments')} className="fx-list" data-testid="my-shipments">
        {(shipments.data ?? []).length === 0 && <List.Item>{t('mine.noShipments')}</List.Item>}
        {(shipments.data ?? []).map((s) => (
          <List.Item key={s.id} description={`${s.carrier} ${s.trackingNumber} · ${s.department}`} extra={<Tag color="primary">{t(`shipmentStatus.${s.status}`)}</Tag>}>
            {s.contents}
            <Steps direction="vertical" current={s.timeline.length - 1}>
              {s.timeline.map((e) => (
                <Steps.Step key={`${e.at}-${e.status}-${e.source}`} title={t(`shipmentStatus.${e.status}`)} description={formatDateTime(e.at)} />
              ))}
            </Steps>
          </List.Item>
        ))}
      </List>
      <List header={t('mine.addresses')} className="fx-list" data-testid="my-addresses">
        {(addresses.data ?? []).map((a) => (
          <List.Item key={a.id} description={a.address} extra={<Button size="mini" fill="outline" color="danger" loading={remove.pending} onClick={() => void remove.run(a.id)}>{t('mine.delete')}</Button>}>
            {a.recipient} {a.phone}
          </List.Item>
        ))}
      </List>
      <Card className="fx-card" title={t('mine.addAddress')}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ regionCode: me?.realName?.householdDivision }}
          onFinish={(v: AddressForm) => void add.run(v)}
          footer={<FormFooter error={add.error} pending={add.pending} label={t('mine.addAddress')} />}
        >
          <Form.Item name="recipient" label={t('mine.recipient')} rules={[{ required: true, whitespace: true, max: 50 }]}>
            <Input maxLength={50} clearable autoComplete="name" />
          </Form.Item>
          <Form.Item name="phone" label={t('mine.phone')} rules={[{ required: true, pattern: /^[0-9+\- ]{5,20}$/ }]}>
            <Input maxLength={20} clearable type="tel" autoComplete="tel" />
          </Form.Item>
          <Form.Item name="regionCode" label={t('documents.region')} rules={[{ required: true }]}>
            <DivisionPicker placeholder={t('documents.region')} title={t('documents.region')} />
          </Form.Item>
          <Form.Item name="address" label={t('mine.address')} rules={[{ required: true, whitespace: true, min: 4, max: 200 }]}>
            <Input maxLength={200} clearable autoComplete="street-address" />
          </Form.Item>
        </Form>
      </Card>
    </MobilePage>
  );
}
