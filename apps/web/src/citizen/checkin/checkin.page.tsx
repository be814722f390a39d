/** 每日健康打卡: today's report (submit or amend), the streak, and the citizen's organisations (join by code, accept, leave). */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Checkbox, Dialog, Form, Input, List, Radio, Selector, Space, Switch, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { parseTemperature } from '@fangxian/contracts/checkin';
import { InputError } from '../../shared/api/errors.ts';
import { checkinApi, checkinKeys, extraAnswerProblem, myOrgsQuery, SYMPTOMS, todayQuery, type ExtraForm, type Report } from '../../shared/checkin/checkin.api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionPicker } from '../components/division-picker.tsx';
import { FormError, FormFooter } from '../components/form-footer.tsx';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { useCitizenAction } from '../components/use-action.ts';

interface Values {
  temperature: string;
  symptoms: string[];
  divisionCode?: string;
  riskAreaContact: boolean;
  /** Answers to the organisations' extra fields as typed: { orgId: { key: text } }. */
  extra?: Record<string, Record<string, string | undefined>>;
}

/** The typed answers as the server takes them (numbers as numbers, empty ones left out). */
export function extraAnswers(forms: readonly ExtraForm[], typed: Values['extra']): Record<string, Record<string, string | number>> | undefined {
  const out: Record<string, Record<string, string | number>> = {};
  for (const f of forms) {
    const answers: Record<string, string | number> = {};
    for (const field of f.fields) {
      const v = (typed?.[f.orgId]?.[field.key] ?? '').trim();
      if (v !== '') answers[field.key] = field.type === 'number' ? Number(v) : v;
    }
    if (Object.keys(answers).length > 0) out[f.orgId] = answers;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}


function ReportSummary({ report }: { report: Report }) {
  const { t } = useTranslation('checkin');
  return (
    <div data-testid="checkin-result">
      <Space wrap>
        <Tag color={report.abnormal ? 'danger' : 'success'} fill="solid">
          {report.abnormal ? t('report.abnormal') : t('report.normal')}
        </Tag>
        <span>{report.temperature.toFixed(1)} ℃</span>
        <Tag color="default">{t(`colour.${report.codeColour ?? 'none'}`)}</Tag>
        <span>{t('report.revision', { n: report.revision })}</span>
      </Space>
      {report.abnormalReasons.length > 0 && <p className="fx-page-intro">{report.abnormalReasons.map((r) => t(`reason.${r}`)).join('、')}</p>}
    </div>
  );
}

/** The check-in page. */
export function CheckinPage() {
  const { t, i18n } = useTranslation('checkin');
  const navigate = useNavigate();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const [joinForm] = Form.useForm<{ inviteCode: string; department?: string; consent: boolean }>();
  const [editing, setEditing] = useState(false);
  const today = useQuery(todayQuery());
  const orgs = useQuery(myOrgsQuery());
  const loadError = useLoadError(today.error ?? orgs.error);
  const forms = today.data?.forms ?? [];
  const en = i18n.language.startsWith('en');
  const submit = useCitizenAction({
    send: async (values: Values) => {
      const temperature = parseTemperature(values.temperature ?? '');
      if (temperature === null) throw new InputError(t('report.temperatureInvalid'));
      if (!values.divisionCode) throw new InputError(t('report.divisionRequired'));
      const extra = extraAnswers(forms, values.extra);
      return checkinApi.submit({ temperature, symptoms: values.symptoms ?? [], divisionCode: values.divisionCode, riskAreaContact: Boolean(values.riskAreaContact), ...(extra ? { extra } : {}) });
    },
    invalidates: [checkinKeys.today],
    success: t('report.success'),
    onDone: () => setEditing(false),
  });
  const join = useCitizenAction({
    send: async (v: { inviteCode: string; department?: string; consent: boolean }) => {
      if (!v.consent) throw new InputError(t('orgs.consentRequired'));
      return checkinApi.join(v.inviteCode.trim(), v.department?.trim() || undefined);
    },
    invalidates: [checkinKeys.myOrgs, checkinKeys.today],
    success: t('orgs.joined'),
    onDone: () => joinForm.resetFields(),
  });
  const accept = useCitizenAction({ send: (orgId: string) => checkinApi.accept(orgId), invalidates: [checkinKeys.myOrgs, checkinKeys.today], success: t('orgs.joined') });
  const leave = useCitizenAction({ send: (orgId: string) => checkinApi.leave(orgId), invalidates: [checkinKeys.myOrgs, checkinKeys.today], success: t('orgs.left') });

  if (today.isPending) return <PageLoading />;
  const report = today.data?.report ?? null;
  const showForm = !report || editing;
  return (
    <MobilePage title={t('report.title')} back>
      <p className="fx-page-intro">{t('report.intro')}</p>
      {loadError && <FormError error={loadError} />}
      {report && (
        <Card className="fx-card" title={t('report.done')}>
          <ReportSummary report={report} />
          <p className="fx-page-intro">{t('report.streak', { n: today.data!.streak })}</p>
          {!editing && (
            <Button
              size="small"
              onClick={() => {
                form.setFieldsValue({
                  temperature: report.temperature.toFixed(1),
                  symptoms: report.symptoms,
                  divisionCode: report.divisionCode,
                  riskAreaContact: report.riskAreaContact,
                  extra: Object.fromEntries(Object.entries(report.extra ?? {}).map(([orgId, a]) => [orgId, Object.fromEntries(Object.entries(a).map(([k, v]) => [k, String(v)]))])),
                });
                setEditing(true);
              }}
            >
              {t('report.amend')}
            </Button>
          )}
          {today.data!.history.length > 1 && (
            <List header={t('report.history')}>
              {today.data!.history.map((h) => (
                <List.Item key={h.revision} description={formatDateTime(h.submittedAt)}>
                  {t('report.revision', { n: h.revision })} · {h.temperature.toFixed(1)} ℃ · {h.abnormal ? t('report.abnormal') : t('report.normal')}
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      )}
      {!report && today.data && <p className="fx-page-intro">{t('report.streak', { n: today.data.streak })}</p>}
      {showForm && (
        <Form
          form={form}
          layout="vertical"
          mode="card"
          initialValues={{ symptoms: [], riskAreaContact: false, divisionCode: me?.realName?.householdDivision ?? undefined }}
          onFinish={(values: Values) => void submit.run(values)}
          footer={<FormFooter error={submit.error} pending={submit.pending} label={report ? t('report.amend') : t('report.submit')} />}
        >
          <Form.Item name="temperature" label={t('report.temperature')} rules={[{ required: true, message: t('report.temperatureInvalid') }]}>
            <Input inputMode="decimal" maxLength={4} placeholder="36.5" clearable aria-label={t('report.temperature')} />
          </Form.Item>
          <Form.Item name="symptoms" label={t('report.symptoms')}>
            <Selector multiple columns={2} options={SYMPTOMS.map((s) => ({ value: s, label: t(`symptom.${s}`) }))} />
          </Form.Item>
          <Form.Item name="divisionCode" label={t('report.division')} rules={[{ required: true, message: t('report.divisionRequired') }]}>
            <DivisionPicker placeholder={t('report.division')} title={t('report.division')} />
          </Form.Item>
          <Form.Item name="riskAreaContact" label={t('report.riskAreaContact')} childElementPosition="right" valuePropName="checked">
            <Switch aria-label={t('report.riskAreaContact')} />
          </Form.Item>
          {forms.filter((f) => f.fields.length > 0).map((f) => (
            <div key={f.orgId} data-testid="checkin-extra-form">
              <Form.Header>{t('report.extraFor', { name: f.orgName, deadline: f.deadline })}</Form.Header>
              {f.fields.map((field) => {
                const label = en ? field.label.en : field.label.zh;
                return (
                  <Form.Item
                    key={field.key}
                    name={['extra', f.orgId, field.key]}
                    label={label}
                    required={field.required}
                    rules={[
                      {
                        validator: (_rule, value: string | undefined) => {
                          const problem = extraAnswerProblem(field, value);
                          return problem ? Promise.reject(new Error(t(`report.extraProblem.${problem}`, { min: field.min ?? '−∞', max: field.max ?? '∞' }))) : Promise.resolve();
                        },
                      },
                    ]}
                  >
                    {field.type === 'choice' ? (
                      <Radio.Group>
                        <Space wrap>
                          {(field.options ?? []).map((o) => (
                            <Radio key={o} value={o}>
                              {o}
                            </Radio>
                          ))}
                        </Space>
                      </Radio.Group>
                    ) : (
                      <Input
                        aria-label={label}
                        type={field.type === 'date' ? 'date' : 'text'}
                        inputMode={field.type === 'number' ? 'decimal' : undefined}
                        maxLength={field.type === 'text' ? 200 : 20}
                        placeholder={field.type === 'date' ? 'YYYY-MM-DD' : field.type === 'number' && (field.min !== undefined || field.max !== undefined) ? `${field.min ?? ''}–${field.max ?? ''}` : undefined}
                        clearable
                      />
                    )}
                  </Form.Item>
                );
              })}
            </div>
          ))}
        </Form>
      )}
      <Card className="fx-card" title={t('orgs.mine')} extra={<Button size="mini" onClick={() => navigate('/m/checkin/orgs/new')}>{t('orgs.register')}</Button>}>
        {(orgs.data ?? []).length === 0 ? (
          <p className="fx-page-intro">{t('report.sharedWithNone')}</p>
        ) : (
          <List data-testid="my-orgs">
            {(orgs.data ?? []).map((m) => (
              <List.Item
                key={m.org.id}
                description={`${t(`orgType.${m.org.type}`)} · ${t(`role.${m.role}`)}${m.department ? ` · ${m.department}` : ''}`}
                extra={
                  <Space>
                    {m.status === 'invited' && (
                      <Button size="mini" color="primary" onClick={() => void accept.run(m.org.id)}>
                        {t('orgs.accept')}
                      </Button>
                    )}
                    {m.role === 'admin' && m.status === 'active' && (
                      <Button size="mini" color="primary" onClick={() => navigate(`/m/checkin/orgs/${m.org.id}`)}>
                        {t('orgs.manage')}
                      </Button>
                    )}
                    <Button
                      size="mini"
                      onClick={() => void Dialog.confirm({ content: t('orgs.leaveConfirm') }).then((ok) => ok && leave.run(m.org.id))}
                    >
                      {t('orgs.leave')}
                    </Button>
                  </Space>
                }
              >
                {m.org.name} <Tag color={m.status === 'active' ? 'success' : 'warning'}>{t(`status.${m.org.status === 'approved' ? m.status : m.org.status}`)}</Tag>
              </List.Item>
            ))}
          </List>
        )}
        <FormError error={accept.error ?? leave.error} />
      </Card>
      <Form
        form={joinForm}
        layout="vertical"
        mode="card"
        initialValues={{ consent: false }}
        onFinish={(v) => void join.run(v)}
        footer={<FormFooter error={join.error} pending={join.pending} label={t('orgs.join')} />}
      >
        <Form.Header>{t('orgs.join')}</Form.Header>
        <Form.Item name="inviteCode" label={t('orgs.inviteCode')} rules={[{ required: true, message: t('register.required') }]}>
          <Input maxLength={16} clearable autoCapitalize="characters" />
        </Form.Item>
        <Form.Item name="department" label={t('orgs.department')}>
          <Input maxLength={100} clearable />
        </Form.Item>
        <Form.Item name="consent" valuePropName="checked">
          <Checkbox>{t('orgs.consent')}</Checkbox>
        </Form.Item>
      </Form>
    </MobilePage>
  );
}
