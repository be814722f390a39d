/** 风险地区: the risk-area registry (卫健委) — list, add (division, level, dates, basis), lift. Codes they touch are recomputed by the server. */
import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { shiftDay, todayInChina } from '../../shared/health/colour.ts';
import { epidemicApi } from '../../shared/health/health.api.ts';
import { RISK_LEVELS, type RiskArea, type RiskLevel } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { PageContainer } from '../components/page-container.tsx';

const LEVEL_TAG: Record<RiskLevel, string> = { high: 'red', medium: 'orange', low: 'blue' };

interface NewArea {
  divisionCode: string;
  level: RiskLevel;
  startDate: string;
  endDate?: string;
  reason: string;
}

/** The risk-area page; only health officers may change the registry. */
export function RiskAreasPage() {
  const { t } = useTranslation('health');
  const { message } = App.useApp();
  const { me } = useSession();
  const canManage = Boolean(me?.roles.includes('health'));
  const [showEnded, setShowEnded] = useState(false);
  const [adding, setAdding] = useState(false);
  const list = useLoad(useCallback(() => epidemicApi.riskAreas(showEnded), [showEnded]), t('common:error.loadFailed'));

  // The end date is the last day at this level (inclusive): lifting now ends it yesterday, or today
  // for an area that only started today (the earliest end the registry allows).
  const liftDay = (area: RiskArea) => {
    const yesterday = shiftDay(todayInChina(), -1);
    return yesterday < area.startDate ? area.startDate : yesterday;
  };
  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      message.success(done);
      await list.reload();
    } catch (err) {
      message.error(messageOf(err, t('common:state.failed')));
    }
  };

  const today = todayInChina();
  return (
    <PageContainer
      title={t('riskAreas.title')}
      section={t('nav.section')}
      description={t('riskAreas.intro')}
      extra={
        <Space wrap>
          <Space>
            <Switch checked={showEnded} onChange={setShowEnded} aria-label={t('riskAreas.showEnded')} />
            {t('riskAreas.showEnded')}
          </Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
            {t('common.refresh')}
          </Button>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('riskAreas.add')}
            </Button>
          )}
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon title={list.error} className="fx-card" />}
      <Card className="fx-card">
        <Table<RiskArea>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          data-testid="risk-areas-table"
          columns={[
            { title: t('riskAreas.division'), dataIndex: 'divisionName', render: (name: string, r) => <span>{name} <span className="fx-mono">{r.divisionCode}</span></span> },
            { title: t('riskAreas.level'), dataIndex: 'level', render: (l: RiskLevel) => <Tag color={LEVEL_TAG[l]}>{t(`level.${l}`)}</Tag> },
            { title: t('riskAreas.startDate'), dataIndex: 'startDate' },
            { title: t('riskAreas.endDate'), dataIndex: 'endDate', render: (d: string | null) => (d && d < today ? <Tag>{d}</Tag> : d ?? <Tag color="processing">{t('riskAreas.ongoing')}</Tag>) },
            { title: t('riskAreas.reason'), dataIndex: 'reason' },
            { title: t('riskAreas.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, r: RiskArea) =>
                      (!r.endDate || r.endDate >= today) && (
                        <Space>
                          {(!r.endDate || r.endDate > liftDay(r)) && (
                          <Popconfirm
                            title={t('riskAreas.endConfirm', { day: liftDay(r) })}
                            onConfirm={() => void run(() => epidemicApi.endRiskArea(r.id, liftDay(r)), t('riskAreas.ended'))}
                            okText={t('common.confirm')}
                            cancelText={t('common.cancel')}
                          >
                            <Button size="small">{t('riskAreas.end')}</Button>
                          </Popconfirm>
                          )}
                          <Popconfirm
                            title={t('riskAreas.removeConfirm')}
                            onConfirm={() => void run(() => epidemicApi.removeRiskArea(r.id), t('riskAreas.removed'))}
                            okText={t('common.confirm')}
                            cancelText={t('common.cancel')}
                            okButtonProps={{ danger: true }}
                          >
                            <Button size="small" danger>
                              {t('riskAreas.remove')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {adding && (
        <AddAreaModal
          scope={me?.regionCode ?? ''}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            message.success(t('riskAreas.added'));
            void list.reload();
          }}
        />
      )}
    </PageContainer>
  );
}

function AddAreaModal({ scope, onClose, onAdded }: { scope: string; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation('health');
  const [form] = Form.useForm<NewArea>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (values: NewArea) => {
    setSaving(true);
    setError(null);
    try {
      await epidemicApi.addRiskArea({ ...values, reason: values.reason.trim(), endDate: values.endDate || null });
      onAdded();
    } catch (err) {
      setError(messageOf(err, t('common:state.failed')));
    } finally {
      setSaving(false);
    }
  };
  const required = { required: true, message: t('register.required') };
  return (
    <Modal open title={t('riskAreas.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ level: 'high', startDate: todayInChina() }} data-testid="risk-area-form">
        <Form.Item name="divisionCode" label={t('riskAreas.division')} rules={[required]}>
          <DivisionCascader scope={scope} />
        </Form.Item>
        <Form.Item name="level" label={t('riskAreas.level')} rules={[required]}>
          <Select options={RISK_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="startDate" label={t('riskAreas.startDate')} rules={[required]} style={{ flex: 1 }}>
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="endDate"
            label={t('riskAreas.endDate')}
            style={{ flex: 1 }}
            dependencies={['startDate']}
            rules={[({ getFieldValue }) => ({ validator: (_, v?: string) => (!v || v >= getFieldValue('startDate') ? Promise.resolve() : Promise.reject(new Error(t('riskAreas.endBeforeStart')))) })]}
          >
            <Input type="date" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="reason" label={t('riskAreas.reason')} rules={[required, { min: 2, max: 500, whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('riskAreas.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
