/** 今日登记: the venue's visits of a day (masked), counts by colour, the stop list, and visits entered by hand. */
import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Grid, Input, List, Modal, Row, Space, Statistic, Table, Tag } from 'antd';
import { ReloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { addDays, todayInChina } from '@fangxian/contracts/kernel/days';
import { InputError } from '../../shared/api/errors.ts';
import type { DoorScan } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { ColourTag } from '../../staff/colour-tag.tsx';
import { PageContainer, usePageContainerLabels } from '../../staff/page-container.tsx';
import { useAction } from '../../staff/use-action.ts';
import { portalApi, portalKeys, venueDayQuery } from './portal.api.ts';
import { useMyVenue } from './use-my-venue.ts';
import './scan.css';
import { DateInput } from '../../staff/date-input.tsx';

// The door is busy: keep today's list current without anyone pressing refresh.
const REFRESH_MS = 30_000;

/** The day's visits page. */
export function TodayPage() {
  const { t } = useTranslation('health');
  const labels = usePageContainerLabels('venue');
  const venue = useMyVenue();
  const [date, setDate] = useState(todayInChina());
  const [manualOpen, setManualOpen] = useState(false);
  const venueId = venue.status === 'ready' ? venue.venue.id : null;
  const dayQuery = useQuery({
    ...venueDayQuery(venueId ?? '', date),
    enabled: Boolean(venueId),
    // Only today changes; a past day is read once.
    refetchInterval: date === todayInChina() ? REFRESH_MS : false,
  });
  const day = dayQuery.data;
  const error = useLoadError(dayQuery.error);
  // On a phone the visits are cards; a seven-column table needs a desk.
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;

  const columns = [
    { title: t('today.time'), dataIndex: 'scannedAt', render: (v: string) => formatDateTime(v), width: 180 },
    { title: t('today.person'), dataIndex: 'maskedName' },
    { title: t('today.idNumber'), dataIndex: 'maskedId', render: (v: string) => <span className="fx-mono">{v}</span> },
    { title: t('today.colour'), dataIndex: 'colour', render: (_: unknown, r: DoorScan) => <ColourTag colour={r.colour} /> },
    // What the door answered, as recorded: a refusal is listed as a refusal.
    {
      title: t('today.decision'),
      dataIndex: 'decision',
      render: (v: DoorScan['decision']) => (
        <Tag color={v === 'pass' ? 'success' : 'error'} data-decision={v}>
          {t(`decision.${v}`)}
        </Tag>
      ),
    },
    { title: t('today.method'), dataIndex: 'method', render: (v: string) => t(`method.${v}`) },
    { title: t('today.presence'), dataIndex: 'presenceProven', render: (v: boolean) => (v ? <Tag color="blue">{t('today.yes')}</Tag> : <Tag>{t('today.no')}</Tag>) },
  ];

  return (
    <PageContainer
      {...labels}
      title={t('nav.today')}
      description={venue.status === 'ready' ? venue.venue.name : undefined}
      extra={
        <Space wrap>
          <DateInput
            value={date}
            min={addDays(todayInChina(), -28)}
            max={todayInChina()}
            allowClear={false}
            onChange={(day) => day && setDate(day)}
            aria-label={t('today.date')}
            style={{ width: 170 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void dayQuery.refetch()} loading={dayQuery.isFetching}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<UserAddOutlined />} disabled={!venueId} onClick={() => setManualOpen(true)}>
            {t('today.manual')}
          </Button>
        </Space>
      }
    >
      {venue.status === 'failed' && <Alert type="warning" showIcon title={venue.message} className="fx-card" />}
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Row gutter={16}>
        {(['total', 'pass', 'stop', 'green', 'yellow', 'red'] as const).map((k) => (
          <Col xs={8} md={4} key={k}>
            <Card className={`fx-card fx-count-${k}`}>
              <Statistic
                title={k === 'total' ? t('today.total') : k === 'pass' || k === 'stop' ? t(`decision.${k}`) : t(`colour.${k}`)}
                value={day?.counts[k] ?? 0}
                loading={dayQuery.isLoading}
                data-testid={`count-${k}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card className="fx-card" title={t('today.stopList')}>
        {phone ? (
          <ScanCards scans={day?.stopList ?? []} empty={t('today.noStops')} loading={dayQuery.isLoading} testId="stop-list" />
        ) : (
          <Table<DoorScan>
            rowKey="id"
            size="small"
            dataSource={day?.stopList ?? []}
            columns={columns}
            pagination={false}
            locale={{ emptyText: <Empty description={t('today.noStops')} /> }}
            data-testid="stop-list"
          />
        )}
      </Card>
      <Card className="fx-card" title={t('today.scans')}>
        {phone ? (
          <ScanCards scans={day?.scans ?? []} loading={dayQuery.isLoading} testId="scans-table" paged />
        ) : (
          <Table<DoorScan> rowKey="id" size="small" dataSource={day?.scans ?? []} columns={columns} loading={dayQuery.isLoading} pagination={{ pageSize: 20 }} data-testid="scans-table" />
        )}
      </Card>
      {venueId && <ManualEntry venueId={venueId} open={manualOpen} onClose={() => setManualOpen(false)} />}
    </PageContainer>
  );
}

/** The visits as cards for a phone: time and verdict on top, then the person, colour and how it was recorded. */
function ScanCards({ scans, empty, loading, testId, paged }: { scans: DoorScan[]; empty?: string; loading: boolean; testId: string; paged?: boolean }) {
  const { t } = useTranslation('health');
  return (
    <List<DoorScan>
      className="fx-scan-cards"
      dataSource={scans}
      loading={loading}
      pagination={paged && scans.length > 20 ? { pageSize: 20, size: 'small', simple: true } : false}
      locale={{ emptyText: <Empty description={empty} /> }}
      data-testid={testId}
      renderItem={(r) => (
        <List.Item key={r.id} className="fx-scan-card" data-row-key={r.id}>
          <div className="fx-scan-card-head">
            <span className="fx-nowrap">{formatDateTime(r.scannedAt)}</span>
            <Tag color={r.decision === 'pass' ? 'success' : 'error'} data-decision={r.decision}>
              {t(`decision.${r.decision}`)}
            </Tag>
          </div>
          <div className="fx-scan-card-person">
            <span>{r.maskedName}</span>
            <span className="fx-mono">{r.maskedId}</span>
            <ColourTag colour={r.colour} />
          </div>
          <div className="fx-scan-card-meta">
            {t(`method.${r.method}`)} · {t('today.presence')}：{r.presenceProven ? t('today.yes') : t('today.no')}
          </div>
        </List.Item>
      )}
    />
  );
}

/** Records a visit by phone number or ID number for someone without a smartphone. */
function ManualEntry({ venueId, open, onClose }: { venueId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('health');
  const [form] = Form.useForm<{ phone?: string; documentNumber?: string }>();
  const record = useAction({
    send: async (values: { phone?: string; documentNumber?: string }) => {
      const phone = values.phone?.trim();
      const documentNumber = values.documentNumber?.trim().toUpperCase();
      if (!phone && !documentNumber) throw new InputError(t('today.oneOf'));
      return portalApi.manualScan(venueId, { ...(phone ? { phone } : {}), ...(documentNumber ? { documentNumber } : {}) });
    },
    invalidates: [portalKeys.day(venueId)],
    success: () => t('today.manualDone'),
    showError: 'inline',
    onDone: () => {
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal open={open} title={t('today.manual')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={record.pending} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      <p>{t('today.manualIntro')}</p>
      {record.error && <Alert type="error" showIcon title={record.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(values) => void record.run(values)}>
        <Form.Item name="phone" label={t('today.phone')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('register.phoneInvalid') }]}>
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="documentNumber" label={t('today.documentNumber')} rules={[{ pattern: /^[0-9A-Za-z]{5,32}$/, message: t('today.oneOf') }]}>
          <Input maxLength={32} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
