/** 密接随访: a team's daily follow-up list — record the day's follow-up, hand over to another county, escalate to a suspected case, print the sheet. */
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SYMPTOM_CODES } from '@fangxian/contracts/health-code';
import { todayInChina } from '@fangxian/contracts/kernel/days';
import type { WorklistContact } from '@fangxian/contracts/tracing';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { RegionName } from '../../staff/region-name.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { followUpsQuery, tracingApi, tracingKeys, type FollowUpInput } from './tracing.api.ts';
import { DateInput } from '../../staff/date-input.tsx';

/** The daily follow-up list page. */
export function FollowUpsPage() {
  const { t } = useTranslation('tracing');
  const { me } = useSession();
  const [day, setDay] = useState(todayInChina());
  const [division, setDivision] = useState<string | undefined>(undefined);
  const [recording, setRecording] = useState<WorklistContact | null>(null);
  const [handing, setHanding] = useState<WorklistContact | null>(null);
  const [escalating, setEscalating] = useState<WorklistContact | null>(null);
  const list = useQuery(followUpsQuery(day, division));
  const sheet = `/api/tracing/follow-ups/sheet.pdf?day=${day}${division ? `&divisionCode=${division}` : ''}`;
  return (
    <PageContainer
      title={t('followUps.title')}
      section={t('nav.section')}
      description={t('followUps.intro')}
      extra={
        <Space wrap>
          <DateInput aria-label={t('followUps.day')} value={day} max={todayInChina()} allowClear={false} onChange={(v) => v && setDay(v)} style={{ width: 160 }} />
          <div style={{ minWidth: 200 }}>
            <DivisionCascader scope={me?.regionCode ?? ''} value={division} onChange={(v: string | undefined) => setDivision(v || undefined)} ariaLabel={t('followUps.region')} />
          </div>
          <Button href={sheet} target="_blank" data-testid="follow-up-sheet">
            {t('followUps.print')}
          </Button>
          <RefreshButton query={list} />
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<WorklistContact>
          query={{ ...list, data: list.data?.contacts }}
          data-testid="follow-up-table"
          locale={{ emptyText: t('followUps.none') }}
          columns={[
            { title: t('contacts.person'), dataIndex: 'name' },
            { title: t('contacts.phone'), dataIndex: 'phone', render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('followUps.region'), dataIndex: 'assignedRegion', render: (c: string) => <RegionName code={c} allLabel="—" /> },
            { title: t('contacts.level'), dataIndex: 'level', render: (l: string | null) => (l ? t(`level.${l}`) : '—') },
            { title: t('followUps.period'), key: 'period', render: (_: unknown, c) => `${c.followFrom ?? '—'} ~ ${c.followUntil ?? '—'}` },
            {
              title: t('followUps.today'),
              key: 'today',
              render: (_: unknown, c) =>
                c.today ? (
                  <Space size={4} wrap>
                    <Tag color={c.today.symptomatic ? 'red' : c.today.reached ? 'green' : 'orange'}>{c.today.symptomatic ? t('followUps.symptomatic') : c.today.reached ? t('followUps.reached') : t('followUps.unreached')}</Tag>
                    {c.today.temperature !== null && <span>{c.today.temperature}℃</span>}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('followUps.notYet')}</Typography.Text>
                ),
            },
            {
              title: t('followUps.missed'),
              dataIndex: 'missedDays',
              render: (d: string[]) => (d.length > 0 ? <Tag color="red" title={d.join('、')}>{t('followUps.missedCount', { count: d.length })}</Tag> : '—'),
            },
            {
              title: t('cases.actions'),
              key: 'actions',
              render: (_: unknown, c) => (
                <Space wrap>
                  <Button size="small" type="primary" onClick={() => setRecording(c)}>
                    {t('followUps.record')}
                  </Button>
                  <Button size="small" onClick={() => setHanding(c)}>
                    {t('followUps.handOver')}
                  </Button>
                  <Button size="small" danger onClick={() => setEscalating(c)}>
                    {t('followUps.escalate')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </ListCard>
      {recording && <RecordModal contact={recording} day={day} onClose={() => setRecording(null)} />}
      {handing && <HandOverModal contact={handing} onClose={() => setHanding(null)} />}
      {escalating && <EscalateModal contact={escalating} onClose={() => setEscalating(null)} />}
    </PageContainer>
  );
}

function RecordModal({ contact, day, onClose }: { contact: WorklistContact; day: string; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const { t: th } = useTranslation('health');
  const initial = contact.today ?? { reached: true, symptoms: [], temperature: null, testTaken: false, note: '' };
  return (
    <FormModal<FollowUpInput>
      title={`${t('followUps.record')} · ${contact.name} · ${day}`}
      onClose={onClose}
      send={(v) => tracingApi.recordFollowUp(contact.id, { ...v, day, symptoms: v.reached ? (v.symptoms ?? []) : [], temperature: v.reached ? (v.temperature ?? null) : null, testTaken: v.reached ? !!v.testTaken : false })}
      invalidates={[tracingKeys.followUps]}
      success={t('followUps.recorded')}
      formTestId="follow-up-form"
      initialValues={{ ...initial, day }}
    >
      <Form.Item name="reached" label={t('followUps.reachedLabel')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="temperature" label={t('followUps.temperature')}>
        <InputNumber min={34} max={43} step={0.1} precision={1} addonAfter="℃" />
      </Form.Item>
      <Form.Item name="symptoms" label={t('followUps.symptoms')}>
        <Select mode="multiple" options={SYMPTOM_CODES.map((s) => ({ value: s, label: th(`symptom.${s}`) }))} />
      </Form.Item>
      <Form.Item name="testTaken" label={t('followUps.testTaken')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="note" label={t('file.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function HandOverModal({ contact, onClose }: { contact: WorklistContact; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const required = { required: true, message: t('cases.required') };
  return (
    <FormModal<{ regionCode: string; reason: string }>
      title={`${t('followUps.handOver')} · ${contact.name}`}
      onClose={onClose}
      send={(v) => tracingApi.handOver(contact.id, v.regionCode, v.reason.trim())}
      invalidates={[tracingKeys.followUps]}
      success={t('followUps.handedOver')}
    >
      <Form.Item name="regionCode" label={t('followUps.toRegion')} rules={[required]}>
        <DivisionCascader scope="" />
      </Form.Item>
      <Form.Item name="reason" label={t('file.reason')} rules={[required, { min: 2, max: 500, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function EscalateModal({ contact, onClose }: { contact: WorklistContact; onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const required = { required: true, message: t('cases.required') };
  return (
    <FormModal<{ reason: string; onsetDate?: string }>
      title={`${t('followUps.escalate')} · ${contact.name}`}
      onClose={onClose}
      send={(v) => tracingApi.escalate(contact.id, v.reason.trim(), v.onsetDate || undefined)}
      invalidates={[tracingKeys.followUps, tracingKeys.cases]}
      success={t('followUps.escalated')}
      initialValues={{ onsetDate: todayInChina() }}
    >
      <Typography.Paragraph type="secondary">{t('followUps.escalateIntro')}</Typography.Paragraph>
      <Form.Item name="onsetDate" label={t('cases.onsetDate')}>
        <DateInput max={todayInChina()} />
      </Form.Item>
      <Form.Item name="reason" label={t('file.reason')} rules={[required, { min: 2, max: 500, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
