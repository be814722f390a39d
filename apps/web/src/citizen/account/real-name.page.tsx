/** Real-name registration (实名认证): name, document, household division; checked here first, then by the server. */
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Form, Input, List, Picker, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { checkDocumentNumber, checkResidentId, DOCUMENT_TYPES, type DocumentType } from '@fangxian/contracts/id-documents';
import { PERSON_NAME_MAX } from '@fangxian/contracts/names';
import { divisionChildrenQuery, divisionQuery } from '../../shared/api/divisions.ts';
import { api } from '../../shared/api/client.ts';
import { InputError } from '../../shared/api/errors.ts';
import type { Me, RealNameInput } from '../../shared/api/types.ts';
import { useSession } from '../../shared/session/session.tsx';
import { personNameRule } from '../../shared/forms/name-rules.ts';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';

interface FormValues {
  name: string;
  documentType: DocumentType[];
  documentNumber: string;
  householdDivision: string;
  address?: string;
}

const NAME_MAX = PERSON_NAME_MAX;

/** The registration form, or the masked result once registered. */
export function RealNamePage() {
  const { t, i18n } = useTranslation('citizen');
  const { me, updateMe } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const register = useCitizenAction({
    send: async (values: FormValues) => {
      const type = values.documentType[0];
      const checked = checkDocumentNumber(type, values.documentNumber);
      if (!checked.ok) throw new InputError(t(`idProblem.${checked.problem}`));
      const body: RealNameInput = {
        name: values.name.trim(),
        documentType: type,
        documentNumber: checked.normalized,
        householdDivision: values.householdDivision,
        ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      };
      return api.put<Me>('/api/me/real-name', body);
    },
    success: t('realName.success'),
    onDone: (updated) => {
      updateMe(updated);
      navigate('/m/me', { replace: true });
    },
  });
  const documentType = (Form.useWatch('documentType', form)?.[0] ?? 'resident_id') as DocumentType;
  const documentNumber = Form.useWatch('documentNumber', form) ?? '';
  // Every hook runs before the early return below: registering sets me.realName while this page is
  // still mounted, and a hook skipped on that render is React error #300 (rendered fewer hooks).
  const derived = documentType === 'resident_id' ? checkResidentId(documentNumber) : null;
  const derivedDivision = derived?.ok && !me?.realName ? documentNumber.trim().slice(0, 6) : null;
  useHouseholdFromIdNumber(form, derivedDivision);

  if (me?.realName) {
    const rn = me.realName;
    return (
      <MobilePage title={t('realName.title')} back>
        <Result status="success" title={t('realName.doneTitle')} description={t('realName.doneDescription')} />
        <List className="fx-list">
          <List.Item extra={rn.name}>{t('me.name')}</List.Item>
          <List.Item extra={t(`common:documentType.${rn.documentType}`)}>{t('me.documentType')}</List.Item>
          <List.Item extra={rn.documentNumber}>{t('me.documentNumber')}</List.Item>
        </List>
      </MobilePage>
    );
  }

  return (
    <MobilePage title={t('realName.title')} back>
      <p className="fx-page-intro">{t('realName.intro')}</p>
      <Form
        form={form}
        layout="horizontal"
        initialValues={{ documentType: ['resident_id'] }}
        onFinish={(values: FormValues) => void register.run(values)}
        footer={
          <FormFooter error={register.error} pending={register.pending} label={t('realName.submit')}>
            <p className="fx-privacy">{t('realName.privacy')}</p>
          </FormFooter>
        }
      >
        <Form.Item
          name="name"
          label={t('realName.name')}
          rules={[
            { required: true, whitespace: true, message: t('realName.nameRequired') },
            personNameRule(i18n.language, { maxLength: NAME_MAX }),
          ]}
        >
          <Input placeholder={t('realName.namePlaceholder')} autoComplete="name" clearable />
        </Form.Item>
        <Form.Item
          name="documentType"
          label={t('realName.documentType')}
          required
          trigger="onConfirm"
          arrowIcon
          onClick={(_event, pickerRef) => pickerRef.current?.open()}
        >
          <Picker columns={[DOCUMENT_TYPES.map((type) => ({ label: t(`common:documentType.${type}`), value: type }))]}>
            {(items) => items[0]?.label ?? ''}
          </Picker>
        </Form.Item>
        <Form.Item
          name="documentNumber"
          label={t('realName.documentNumber')}
          required
          dependencies={['documentType']}
          description={derived?.ok ? t('realName.derived', { birthDate: derived.birthDate, sex: t(`common:sex.${derived.sex}`) }) : undefined}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const type = (form.getFieldValue('documentType')?.[0] ?? 'resident_id') as DocumentType;
                const result = checkDocumentNumber(type, value ?? '');
                if (!result.ok) throw new Error(t(`idProblem.${result.problem}`));
              },
            },
          ]}
        >
          <Input placeholder={t('realName.documentNumberPlaceholder')} maxLength={18} autoComplete="off" clearable />
        </Form.Item>
        <Form.Item name="householdDivision" label={t('realName.householdDivision')} rules={[{ required: true, message: t('realName.householdRequired') }]}>
          <DivisionPicker placeholder={t('realName.householdPlaceholder')} />
        </Form.Item>
        <Form.Item name="address" label={t('realName.address')} rules={[{ max: 200 }]}>
          <Input placeholder={t('realName.addressPlaceholder')} autoComplete="street-address" clearable />
        </Form.Item>
      </Form>
    </MobilePage>
  );
}

/**
 * Pre-fills the household division from a valid resident ID's first six digits when they name a
 * current county-level division (or a city without counties) — the code of issue, which is usually
 * still the household. The citizen can change it; a division they picked themselves is never replaced.
 */
function useHouseholdFromIdNumber(form: ReturnType<typeof Form.useForm<FormValues>>[0], code: string | null) {
  const client = useQueryClient();
  const filled = useRef<string | null>(null);
  useEffect(() => {
    if (!code) return;
    const current = form.getFieldValue('householdDivision') as string | undefined;
    if (current && current !== filled.current) return;
    let cancelled = false;
    void (async () => {
      try {
        const division = await client.fetchQuery(divisionQuery(code));
        if (division.level === 'province') return;
        if (division.level === 'city' && (await client.fetchQuery(divisionChildrenQuery(code))).length > 0) return;
        const now = form.getFieldValue('householdDivision') as string | undefined;
        if (cancelled || (now && now !== filled.current)) return;
        filled.current = division.code;
        form.setFieldsValue({ householdDivision: division.code });
      } catch {
        // An old or unknown code (the division was merged or renamed): the citizen picks it.
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client, code, form]);
}
