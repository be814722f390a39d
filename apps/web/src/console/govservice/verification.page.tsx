/**
 * 云核验: an officer of a reviewing department publishes availability (30-minute slots on working days),
 * sees who booked (application numbers and video room codes), and records each outcome after it starts.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OfficerVerifySlot } from '@fangxian/contracts/govservice';
import { formatDateTime } from '../../shared/format.ts';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { gsApi, gsKeys, verifySlotsQuery } from './govservice.api.ts';
import { DateInput } from '../../staff/date-input.tsx';

export function GovserviceVerificationPage() {
  const { t } = useTranslation('govservice');
  const slots = useQuery(verifySlotsQuery());
  const [day, setDay] = useState('');
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('11:00');
  const [capacity, setCapacity] = useState(1);
  const [reason, setReason] = useState('');
  const publish = useAction({ send: () => gsApi.publishSlots({ day, from, to, capacity }), invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline' });
  const withdraw = useAction({ send: (id: string) => gsApi.withdrawSlot(id), invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline' });
  const record = useAction({
    send: ({ id, outcome }: { id: string; outcome: 'verified' | 'failed' }) => gsApi.recordVerification(id, { outcome, reason: reason.trim() || null }),
    invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline', onDone: () => setReason(''),
  });
  const error = publish.error ?? withdraw.error ?? record.error;
  return (
    <PageContainer title={t('verify.console')} section={t('nav.section')}>
      <Card size="small" title={t('verify.publish')}>
        <Form layout="inline">
          <Form.Item label={t('verify.day')}><DateInput value={day} allowClear={false} onChange={(v) => v && setDay(v)} aria-label={t('verify.day')} /></Form.Item>
          <Form.Item label={t('verify.from')}><Input value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 90 }} /></Form.Item>
          <Form.Item label={t('verify.to')}><Input value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 90 }} /></Form.Item>
          <Form.Item label={t('verify.capacity')}><InputNumber min={1} max={10} value={capacity} onChange={(v) => setCapacity(v ?? 1)} /></Form.Item>
          <Button type="primary" loading={publish.pending} disabled={!day} onClick={() => void publish.run()} data-testid="gs-verify-publish">{t('verify.publish')}</Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      <Input style={{ marginTop: 16 }} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('verify.reason')} />
      <ListCard query={slots}>
        <Table<OfficerVerifySlot>
          rowKey="id" size="small" dataSource={slots.data?.items ?? []} pagination={{ pageSize: 20 }} data-testid="gs-verify-slots"
          columns={[
            { title: t('verify.day'), key: 'at', render: (_: unknown, s) => `${formatDateTime(s.startsAt)}` },
            { title: t('verify.capacity'), key: 'cap', render: (_: unknown, s) => `${s.booked}/${s.capacity}` },
            { title: t('field.status'), dataIndex: 'status' },
            {
              title: t('verify.bookings'), key: 'b', render: (_: unknown, s) => (
                <Space direction="vertical">
                  {s.bookings.map((b) => (
                    <Space key={b.id} wrap>
                      <span>{b.number}</span><Tag>{t('verify.room', { code: b.roomCode })}</Tag><Tag>{t(`verify.status.${b.status}`, { defaultValue: b.status })}</Tag>
                      {b.status === 'booked' && <Button size="small" type="primary" onClick={() => void record.run({ id: b.id, outcome: 'verified' })}>{t('verify.verified')}</Button>}
                      {b.status === 'booked' && <Button size="small" danger onClick={() => void record.run({ id: b.id, outcome: 'failed' })}>{t('verify.failed')}</Button>}
                    </Space>
                  ))}
                </Space>
              ),
            },
            { title: '', key: 'w', render: (_: unknown, s) => s.status === 'open' && s.booked === 0 && <Button size="small" onClick={() => void withdraw.run(s.id)}>{t('verify.withdraw')}</Button> },
          ]}
        />
      </ListCard>
    </PageContainer>
  );
}
