/** 风险地区: the risk-area registry (卫健委) — list, add (division, level, dates, basis), lift. Codes they touch are recomputed by the server. */
import { useState } from 'react';
import { Alert, Button, Form, Input, Popconfirm, Progress, Select, Space, Switch, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { addDays, todayInChina } from '@fangxian/contracts/kernel/days';
import { RISK_LEVELS, type RiskLevel } from '@fangxian/contracts/kernel/status-texts';
import type { RiskArea } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { useAction } from '../../staff/use-action.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { RecomputeProgress } from '../components/recompute-progress.tsx';
import { epidemicApi, epidemicKeys, riskAreasQuery, type ChangedRiskArea, type NewRiskArea } from './epidemic.api.ts';
import { DateInput } from '../../staff/date-input.tsx';

const LEVEL_TAG: Record<RiskLevel, string> = { high: 'red', medium: 'orange', low: 'blue' };

// The end date is the last day at this level (inclusive): lifting now ends it yesterday, or today
// for an area that only started today (the earliest end the registry allows).
function liftDay(area: RiskArea): string {
  const yesterday = addDays(todayInChina(), -1);
  return yesterday < area.startDate ? area.startDate : yesterday;
}

/** The risk-area page; only officers the server lets manage the registry see its changes. */
export function RiskAreasPage() {
  const { t } = useTranslation('health');
  const { me, can } = useSession();
  const canManage = can('epidemic.risk-area.manage');
  const [showEnded, setShowEnded] = useState(false);
  const [adding, setAdding] = useState(false);
  // The health-code recomputation the last change here queued (the server answers its job).
  const [recomputeJobId, setRecomputeJobId] = useState<string | null>(null);
  const followJob = <T extends Pick<ChangedRiskArea, 'recomputeJobId'>>(changed: T): T => {
    if (changed.recomputeJobId) setRecomputeJobId(changed.recomputeJobId);
    return changed;
  };
  const list = useQuery(riskAreasQuery(showEnded));
  const end = useAction({ send: async (area: RiskArea) => followJob(await epidemicApi.endRiskArea(area.id, liftDay(area))), invalidates: [epidemicKeys.riskAreas], success: t('riskAreas.ended') });
  const remove = useAction({ send: async (area: RiskArea) => followJob(await epidemicApi.removeRiskArea(area.id)), invalidates: [epidemicKeys.riskAreas], success: t('riskAreas.removed') });

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
          <RefreshButton query={list} />
          {canManage && <CreateButton onClick={() => setAdding(true)}>{t('riskAreas.add')}</CreateButton>}
        </Space>
      }
    >
      {recomputeJobId && <RecomputeProgress jobId={recomputeJobId} onClose={() => setRecomputeJobId(null)} texts="riskAreas" testId="risk-area-recompute" />}
      <ListCard query={list}>
        <ListTable<RiskArea>
          query={list}
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
                              description={<LiftConsequences area={r} today={today} />}
                              onConfirm={() => void end.run(r)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                              <Button size="small">{t('riskAreas.end')}</Button>
                            </Popconfirm>
                          )}
                          <Popconfirm
                            title={t('riskAreas.removeConfirm')}
                            onConfirm={() => void remove.run(r)}
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
      </ListCard>
      {adding && <AddAreaModal scope={me?.regionCode ?? ''} onClose={() => setAdding(false)} onChanged={followJob} />}
    </PageContainer>
  );
}

interface NewAreaValues {
  divisionCode: string;
  level: RiskLevel;
  startDate: string;
  endDate?: string;
  reason: string;
}

/** How far the health-code recomputation of a risk-area change has come (GET /api/jobs/:id, polled until it ends). */
function AddAreaModal({ scope, onClose, onChanged }: { scope: string; onClose: () => void; onChanged: (changed: ChangedRiskArea) => ChangedRiskArea }) {
  const { t } = useTranslation('health');
  const send = async (values: NewAreaValues) => {
    const area: NewRiskArea = { ...values, reason: values.reason.trim(), endDate: values.endDate || null };
    return onChanged(await epidemicApi.addRiskArea(area));
  };
  const required = { required: true, message: t('register.required') };
  return (
    <FormModal<NewAreaValues>
      title={t('riskAreas.add')}
      onClose={onClose}
      send={send}
      invalidates={[epidemicKeys.riskAreas]}
      success={t('riskAreas.added')}
      initialValues={{ level: 'high', startDate: todayInChina() }}
      formTestId="risk-area-form"
    >
      <Form.Item name="divisionCode" label={t('riskAreas.division')} rules={[required]}>
        <DivisionCascader scope={scope} />
      </Form.Item>
      <Form.Item name="level" label={t('riskAreas.level')} rules={[required]}>
        <Select options={RISK_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="startDate" label={t('riskAreas.startDate')} rules={[required]} style={{ flex: 1 }}>
          <DateInput />
        </Form.Item>
        <Form.Item
          name="endDate"
          label={t('riskAreas.endDate')}
          style={{ flex: 1 }}
          dependencies={['startDate']}
          rules={[({ getFieldValue }) => ({ validator: (_, v?: string) => (!v || v >= getFieldValue('startDate') ? Promise.resolve() : Promise.reject(new Error(t('riskAreas.endBeforeStart')))) })]}
        >
          <DateInput />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="reason" label={t('riskAreas.reason')} rules={[required, { min: 2, max: 500, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} placeholder={t('riskAreas.reasonPlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * What lifting does to health codes, and when: said in the confirm dialog. Residents stop being
 * coded for the area as soon as the lift takes effect (at once, or tomorrow for an area that started
 * today); a visit made while the area was at risk keeps counting for the rules' window from the visit.
 */
function LiftConsequences({ area, today }: { area: RiskArea; today: string }) {
  const { t } = useTranslation('health');
  const last = liftDay(area);
  const effective = last < today ? t('riskAreas.liftNow') : t('riskAreas.liftTomorrow', { day: addDays(today, 1) });
  return (
    <div className="fx-lift-consequences" data-testid="lift-consequences">
      <p>{effective}</p>
      <p>{t('riskAreas.liftVisitors', { start: area.startDate, end: last })}</p>
    </div>
  );
}
