/** 登记单位: a citizen registers an organisation for review and becomes its administrator. */
import { useNavigate } from 'react-router';
import { Form, Input, Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { isCountyLevel } from '@fangxian/contracts/kernel/divisions';
import { normaliseCreditCode } from '@fangxian/contracts/checkin';
import { InputError } from '../../shared/api/errors.ts';
import { checkinApi, checkinKeys, ORG_TYPES, type OrgType } from '../../shared/checkin/checkin.api.ts';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';

interface Values {
  name: string;
  type: OrgType[];
  creditCode: string;
  divisionCode?: string;
  address: string;
}

/** The registration page. */
export function RegisterOrgPage() {
  const { t } = useTranslation('checkin');
  const navigate = useNavigate();
  const register = useCitizenAction({
    send: async (v: Values) => {
      // GB 32100 with its check character, as the server checks it.
      const creditCode = normaliseCreditCode(v.creditCode ?? '');
      if (!creditCode) throw new InputError(t('register.creditCodeInvalid'));
      if (!v.divisionCode || !isCountyLevel(v.divisionCode)) throw new InputError(t('register.division'));
      return checkinApi.register({ name: v.name.trim(), type: v.type[0], creditCode, divisionCode: v.divisionCode, address: v.address.trim() });
    },
    invalidates: [checkinKeys.myOrgs],
    success: t('register.success'),
    onDone: () => navigate('/m/checkin'),
  });
  const required = [{ required: true, message: t('register.required') }];
  return (
    <MobilePage title={t('register.title')} back>
      <p className="fx-page-intro">{t('register.intro')}</p>
      <Form layout="vertical" mode="card" initialValues={{ type: ['enterprise'] }} onFinish={(v: Values) => void register.run(v)} footer={<FormFooter error={register.error} pending={register.pending} label={t('register.submit')} />}>
        <Form.Item name="name" label={t('register.name')} rules={required}>
          <Input maxLength={100} clearable />
        </Form.Item>
        <Form.Item name="type" label={t('register.type')} rules={required}>
          <Selector columns={3} options={ORG_TYPES.map((x) => ({ value: x, label: t(`orgType.${x}`) }))} />
        </Form.Item>
        <Form.Item name="creditCode" label={t('register.creditCode')} rules={required}>
          <Input maxLength={18} clearable autoCapitalize="characters" />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('register.division')} rules={required}>
          <DivisionPicker placeholder={t('register.division')} title={t('register.division')} />
        </Form.Item>
        <Form.Item name="address" label={t('register.address')} rules={required}>
          <Input maxLength={200} clearable />
        </Form.Item>
      </Form>
    </MobilePage>
  );
}
