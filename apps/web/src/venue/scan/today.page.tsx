/** 今日登记: the venue's visits of a day (masked), counts by colour, the stop list, and visits entered by hand. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Modal, Row, Space, Statistic, Table, Tag } from 'antd';
import { ReloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { shiftDay, todayInChina } from '../../shared/health/colour.ts';
import { venuePortalApi } from '../../shared/health/health.api.ts';
import type { DoorScan, VenueDay } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageContainer, usePageContainerLabels } from '../../staff/page-container.tsx';
import { ColourTag } from '../../staff-health/colour-tag.tsx';
import { useMyVenue } from './use-my-venue.ts';
import './scan.css';

// The door is busy: keep the list current without anyone pressing refresh.
const REFRESH_MS = 30_000;

/** The day's visits page. */
export function TodayPage() {
  const { t } = useTranslation('health');
  const labels = usePageContainerLabels('venue');
  const venue = useMyVenue(t('today.noVenue'));
  const [date, setDate] = useState(todayInChina());
  const [day, setDay] = useState<VenueDay | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [manualOpen, setManualOpen] = useState(false);
  const venueId = venue.status === 'ready' ? venue.venue.id : null;

  const load = useCallback(async () => {
    if (!venueId) return;
    setLoading(true);
    try {
      setDay(await venuePortalApi.day(venueId, date));
      setError(null);
    } catch (err) {
      setError(messageOf(err, t('common:error.loadFailed')));
    } finally {
      setLoading(false);
    }
  }, [venueId, date, t]);

  useEffect(() => {
    void load();
    if (date !== todayInChina()) return;
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [load, date]);

  const columns = [
    { title: t('today.time'), dataIndex: 'scannedAt', render: (v: string) => formatDateTime(v), width: 180 },
    { title: t('today.person'), dataIndex: 'maskedName' },
    { title: t('today.idNumber'), dataIndex: 'maskedId', render: (v: string) => <span className="fx-mono">{v}</span> },
    { title: t('today.colour'), dataIndex: 'colour', render: (_: unknown, r: DoorScan) => <ColourTag colour={r.colour} /> },
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
          <Input
            type="date"
            value={date}
            min={shiftDay(todayInChina(), -28)}
            max={todayInChina()}
            onChange={(e) => e.target.value && setDate(e.target.value)}
            aria-label={t('today.date')}
            style={{ width: 170 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading}>
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
        {(['total', 'green', 'yellow', 'red'] as const).map((k) => (
          <Col xs={12} md={6} key={k}>
            <Card className={`fx-card fx-count-${k}`}>
              <Statistic title={k === 'total' ? t('today.total') : t(`colour.${k}`)} value={day?.counts[k] ?? 0} loading={!day && loading} data-testid={`count-${k}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card className="fx-card" title={t('today.stopList')}>
        <Table<DoorScan>
          rowKey="id"
          size="small"
          dataSource={day?.stopList ?? []}
          columns={columns}
          pagination={false}
          locale={{ emptyText: <Empty description={t('today.noStops')} /> }}
          data-testid="stop-list"
        />
      </Card>
      <Card className="fx-card" title={t('today.scans')}>
        <Table<DoorScan> rowKey="id" size="small" dataSource={day?.scans ?? []} columns={columns} loading={loading && !day} pagination={{ pageSize: 20 }} data-testid="scans-table" />
      </Card>
      {venueId && <ManualEntry venueId={venueId} open={manualOpen} onClose={() => setManualOpen(false)} onDone={() => void load()} />}
    </PageContainer>
  );
}

/** Records a visit by phone number or ID number for someone without a smartphone. */
function ManualEntry({ venueId, open, onClose, onDone }: { venueId: string; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('health');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ phone?: string; documentNumber?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (values: { phone?: string; documentNumber?: string }) => {
    const phone = values.phone?.trim();
    const documentNumber = values.documentNumber?.trim().toUpperCase();
    if (!phone && !documentNumber) return setError(t('today.oneOf'));
    setSaving(true);
    setError(null);
    try {
      const entry = await venuePortalApi.manualScan(venueId, { ...(phone ? { phone } : {}), ...(documentNumber ? { documentNumber } : {}) });
      message.success(t('today.manualDone', { name: entry.maskedName, colour: t(`colour.${entry.colour}`) }));
      form.resetFields();
      onClose();
      onDone();
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('today.manual')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      <p>{t('today.manualIntro')}</p>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
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
