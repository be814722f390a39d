/**
 * 在线申请: fill an item's form (validated here as one types, by the same rules the server applies),
 * upload the materials (files platform), choose the mode the item allows — 容缺受理 (name the
 * secondary materials to supply later) or 告知承诺 (sign the commitment text) — and submit.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Card, Checkbox, ErrorBlock, Input, List, Radio, Space, TextArea } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isCreditCode, validateForm, type ApplicationMode } from '@fangxian/contracts/govservice';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';
import { FormFields, type Values } from './form-fields.tsx';
import { guideQuery, serviceKeys, servicesApi } from './govservice.api.ts';

export function ApplyPage() {
  const { t } = useTranslation('govservice');
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const read = useQuery(guideQuery(code));
  const error = useLoadError(read.error);
  const [values, setValues] = useState<Values>({});
  const [touched, setTouched] = useState(false);
  const [applicantType, setApplicantType] = useState<'person' | 'enterprise'>('person');
  const [enterprise, setEnterprise] = useState({ name: '', creditCode: '' });
  const [phone, setPhone] = useState('');
  const [mode, setMode] = useState<ApplicationMode>('normal');
  const [files, setFiles] = useState<Record<string, string[]>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [signed, setSigned] = useState(false);
  const [priorityReason, setPriorityReason] = useState('');
  const [express, setExpress] = useState(false);
  const [address, setAddress] = useState('');
  const [uploading, setUploading] = useState<string | null>(null);

  const c = read.data?.content;
  const checked = c ? validateForm(c.form, values) : { errors: [], values: {} };
  const submit = useCitizenAction({
    send: async () => {
      const created = await servicesApi.create(code, {
        applicantType, enterprise: applicantType === 'enterprise' ? { name: enterprise.name.trim(), creditCode: enterprise.creditCode.trim().toUpperCase() } : null,
        phone: phone.trim() || null, form: values, mode,
        materials: Object.entries(files).filter(([k]) => !missing.includes(k)).map(([key, fileIds]) => ({ key, fileIds })),
        missingMaterials: mode === 'tolerance' ? missing : [], priorityReason: priorityReason.trim() || null,
        wantsExpress: express, deliveryAddress: express ? address.trim() : null,
      });
      if (mode === 'commitment' && c?.modes.commitment) await servicesApi.sign(created.id, c.modes.commitment.text);
      return servicesApi.submit(created.id);
    },
    invalidates: [serviceKeys.mine],
    success: (r) => t('apply.submitted', { number: r.number }),
    onDone: (r) => navigate(`/m/services/mine/${r.id}`, { replace: true }),
  });
  if (read.isPending && !error) return <PageLoading />;
  if (!c) return <MobilePage title={t('apply.title')} back>{error && <ErrorBlock status="disconnected" title={error} description="" />}</MobilePage>;

  const upload = async (key: string, list: FileList | null) => {
    if (!list) return;
    setUploading(key);
    try {
      const ids: string[] = [];
      for (const f of Array.from(list)) ids.push((await servicesApi.upload(f)).id);
      setFiles((prev) => ({ ...prev, [key]: [...(prev[key] ?? []), ...ids] }));
    } finally {
      setUploading(null);
    }
  };
  const enterpriseOk = applicantType === 'person' || (enterprise.name.trim().length >= 2 && isCreditCode(enterprise.creditCode));
  const ready = checked.errors.length === 0 && enterpriseOk && (mode !== 'commitment' || signed) && (!express || address.trim().length > 0);
  return (
    <MobilePage title={t('apply.title')} back>
      <p className="fx-page-intro" data-testid="gs-apply-item">{c.name}</p>
      <List className="fx-list" header={t('apply.applicantType')}>
        <List.Item>
          <Radio.Group value={applicantType} onChange={(v) => setApplicantType(v as 'person' | 'enterprise')}>
            <Space>
              {c.applicantTypes.map((a) => <Radio key={a} value={a} data-testid={`gs-applicant-${a}`}>{t(`applicantType.${a}`)}</Radio>)}
            </Space>
          </Radio.Group>
        </List.Item>
        {applicantType === 'enterprise' && (
          <>
            <List.Item description={t('apply.enterpriseHint')}>
              <Input placeholder={t('field.enterpriseName')} value={enterprise.name} onChange={(name) => setEnterprise({ ...enterprise, name })} data-testid="gs-enterprise-name" />
            </List.Item>
            <List.Item>
              <Input placeholder={t('field.creditCode')} value={enterprise.creditCode} onChange={(creditCode) => setEnterprise({ ...enterprise, creditCode })} data-testid="gs-enterprise-code" />
              {enterprise.creditCode && !isCreditCode(enterprise.creditCode) && <div style={{ color: '#ff3141', fontSize: 12 }}>{t('apply.problem.uscc')}</div>}
            </List.Item>
          </>
        )}
        <List.Item><Input placeholder={t('field.phone')} type="tel" value={phone} onChange={setPhone} data-testid="gs-phone" /></List.Item>
      </List>
      <Card className="fx-card" title={t('field.form')}>
        <FormFields schema={c.form} values={values} onChange={(v) => { setValues(v); setTouched(true); }} errors={touched ? checked.errors : []} />
      </Card>
      <List className="fx-list" header={t('apply.mode')}>
        <List.Item>
          <Radio.Group value={mode} onChange={(v) => setMode(v as ApplicationMode)}>
            <Space wrap>
              <Radio value="normal">{t('mode.normal')}</Radio>
              {c.modes.tolerance && <Radio value="tolerance" data-testid="gs-mode-tolerance">{t('mode.tolerance')}</Radio>}
              {c.modes.commitment && <Radio value="commitment" data-testid="gs-mode-commitment">{t('mode.commitment')}</Radio>}
            </Space>
          </Radio.Group>
        </List.Item>
        {mode === 'commitment' && c.modes.commitment && (
          <List.Item description={<p style={{ whiteSpace: 'pre-wrap' }} data-testid="gs-commitment-text">{c.modes.commitment.text}</p>}>
            <Checkbox checked={signed} onChange={setSigned} data-testid="gs-commitment-sign">{t('apply.commitmentRead')}</Checkbox>
          </List.Item>
        )}
      </List>
      <List className="fx-list" header={t('field.materials')}>
        {c.materials.map((m) => {
          const canMiss = mode === 'tolerance' && (c.modes.tolerance?.materials ?? []).includes(m.key);
          return (
            <List.Item key={m.key} description={`${t(`materialForm.${m.form}`)} × ${m.count}${m.required ? ` · ${t('apply.required')}` : ''}`}
              extra={<span data-testid={`gs-count-${m.key}`}>{(files[m.key] ?? []).length}</span>}>
              <div>{m.name}</div>
              {canMiss && <Checkbox checked={missing.includes(m.key)} onChange={(on) => setMissing(on ? [...missing, m.key] : missing.filter((k) => k !== m.key))} data-testid={`gs-missing-${m.key}`}>{t('apply.missingLater')}</Checkbox>}
              {!missing.includes(m.key) && (
                <input type="file" accept="image/png,image/jpeg,image/webp,application/pdf" multiple disabled={uploading !== null}
                  onChange={(e) => void upload(m.key, e.target.files)} data-testid={`gs-upload-${m.key}`} />
              )}
            </List.Item>
          );
        })}
      </List>
      <List className="fx-list">
        {c.modes.priority && <List.Item><TextArea placeholder={t('apply.priority')} value={priorityReason} onChange={setPriorityReason} rows={2} maxLength={400} /></List.Item>}
        <List.Item><Checkbox checked={express} onChange={setExpress}>{t('apply.express')}</Checkbox></List.Item>
        {express && <List.Item><Input placeholder={t('field.address')} value={address} onChange={setAddress} /></List.Item>}
      </List>
      <div style={{ padding: 12 }}>
        {touched && checked.errors.length > 0 && <p className="fx-muted">{t('apply.formError', { fields: checked.errors.map((e) => e.field).join(', ') })}</p>}
        <FormError error={submit.error} />
        <Button block color="primary" disabled={!ready} loading={submit.pending} onClick={() => void submit.run()} data-testid="gs-submit">{t('apply.submit')}</Button>
      </div>
    </MobilePage>
  );
}
