/**
 * 核查任务: the follow-up tasks of the officer's command post (and those escalated to it), read again
 * whenever the live task feed (SSE, GET /api/screening/task-events) says tasks of the region changed —
 * and every 60 s as a fallback (a feed is per server instance) — with SLA countdowns, overdue and escalated marks and the
 * counts per command post; a task's drawer (?task=…) holds its history, the follow-up form, 销号
 * (close), reopen with a reason and reassignment with a reason.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Drawer, Form, Input, Radio, Row, Segmented, Select, Space, Switch, Table, Tag, Timeline, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { addDays, todayInChina } from '@fangxian/contracts/kernel/days';
import { InputError } from '../../shared/api/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { dashboardQuery, screeningApi, screeningKeys, taskQuery, tasksQuery, type FollowUp, type FollowUpInput, type ScreeningTask, type ScreeningTaskDetail, type TaskCount, type TaskFilter } from './screening.api.ts';
import { DivisionCell, ExportRequestButton, PersonCell, SlaCountdown, StatusTag, useNow } from './screening.parts.tsx';
import { ReasonModal } from './reason-modal.tsx';
import { DateInput } from '../../staff/date-input.tsx';

/** How often the task list and counts are read again without the live feed (the fallback). */
const REFRESH_MS = 60_000;

/** Reads the tasks and counts again whenever the server's task feed says tasks of the region changed. */
function useTaskFeed(): void {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/screening/task-events');
    source.addEventListener('changed', () => {
      void client.invalidateQueries({ queryKey: screeningKeys.tasks });
      void client.invalidateQueries({ queryKey: screeningKeys.dashboard });
    });
    return () => source.close();
  }, [client]);
}
type View = 'open' | 'overdue' | 'escalated' | 'closed' | 'all';
const FILTERS: Record<View, TaskFilter> = { open: { status: 'open' }, overdue: { status: 'open', overdue: true }, escalated: { escalated: true }, closed: { status: 'closed' }, all: {} };

export function TasksPage() {
  const { t } = useTranslation('screening');
  const [search, setSearch] = useSearchParams();
  const view = (search.get('view') as View | null) ?? 'open';
  const filter = FILTERS[view] ?? FILTERS.open;
  const openTask = search.get('task');
  const set = (next: { view?: View; task?: string | null }) => {
    const params: Record<string, string> = {};
    const v = next.view ?? view;
    if (v !== 'open') params.view = v;
    const task = next.task === undefined ? openTask : next.task;
    if (task) params.task = task;
    setSearch(params);
  };
  useTaskFeed();
  const list = useInfiniteQuery({ ...tasksQuery(filter), refetchInterval: REFRESH_MS });
  const counts = useQuery({ ...dashboardQuery(), refetchInterval: REFRESH_MS });
  const now = useNow();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <PageContainer
      title={t('nav.tasks')}
      section={t('nav.section')}
      description={t('tasks.intro')}
      extra={
        <Space>
          <ExportRequestButton ask={{ export: 'tasks', ...filter }} label={t('tasks.requestExport')} testId="request-tasks-export" />
          <RefreshButton query={list} />
        </Space>
      }
    >
      <CountsCard counts={counts.data} />
      <ListCard query={list}>
        <Segmented<View>
          value={view}
          onChange={(v) => set({ view: v })}
          options={(['open', 'overdue', 'escalated', 'closed', 'all'] as const).map((v) => ({ value: v, label: t(`tasks.view.${v}`) }))}
          style={{ marginBottom: 12 }}
          data-testid="task-view"
        />
        <Table<ScreeningTask>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={rows}
          pagination={false}
          data-testid="tasks-table"
          onRow={(task) => ({ onClick: () => set({ task: task.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('tasks.person'), key: 'person', render: (_: unknown, task) => <PersonCell person={task.person} /> },
            { title: t('tasks.personStatus'), key: 'status', render: (_: unknown, task) => <StatusTag status={task.person.status} /> },
            { title: t('tasks.region'), dataIndex: 'regionName', render: (v: string | null, task) => <DivisionCell name={v} code={task.regionCode} /> },
            { title: t('tasks.dispatchedAt'), dataIndex: 'dispatchedAt', render: (v: string) => formatDateTime(v) },
            { title: t('tasks.deadline'), key: 'sla', render: (_: unknown, task) => <SlaCountdown task={task} readAt={list.dataUpdatedAt} now={now} /> },
            { title: t('tasks.taskStatus'), key: 'taskStatus', render: (_: unknown, task) => <TaskTags task={task} /> },
          ]}
        />
        {list.hasNextPage && (
          <Button block style={{ marginTop: 12 }} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.more')}
          </Button>
        )}
      </ListCard>
      {openTask && <TaskDrawer taskId={openTask} onClose={() => set({ task: null })} />}
    </PageContainer>
  );
}

function TaskTags({ task }: { task: ScreeningTask }) {
  const { t } = useTranslation('screening');
  return (
    <Space size={4} wrap>
      <Tag color={task.status === 'open' ? 'processing' : task.status === 'closed' ? 'success' : 'default'}>{t(`taskStatus.${task.status}`, { defaultValue: task.status })}</Tag>
      {task.overdue && <Tag color="red">{t('tasks.overdue')}</Tag>}
      {task.escalatedAt && <Tag color="volcano">{t('tasks.escalated')}</Tag>}
      {task.reopenReason && task.status === 'open' && <Tag color="orange">{t('tasks.reopened')}</Tag>}
    </Space>
  );
}

/** The counts per command post in the officer's region. */
function CountsCard({ counts }: { counts: TaskCount[] | undefined }) {
  const { t } = useTranslation('screening');
  if (!counts?.length) return null;
  const keys = ['total', 'open', 'reached', 'quarantined', 'overdue', 'escalated', 'closed'] as const;
  return (
    <Card className="fx-card" size="small" title={t('tasks.counts')}>
      <Table<TaskCount>
        rowKey="regionCode"
        size="small"
        pagination={false}
        dataSource={counts}
        data-testid="task-counts"
        columns={[
          { title: t('tasks.commandPost'), dataIndex: 'regionName', render: (v: string | null, r) => <DivisionCell name={v} code={r.regionCode} /> },
          ...keys.map((k) => ({ title: t(`tasks.count.${k}`), dataIndex: k, render: (n: number) => (k === 'overdue' && n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) })),
        ]}
      />
    </Card>
  );
}

function TaskDrawer({ taskId, onClose }: { taskId: string; onClose: () => void }) {
  const { t } = useTranslation('screening');
  const detail = useQuery({ ...taskQuery(taskId), refetchInterval: REFRESH_MS });
  const error = useLoadError(detail.error);
  return (
    <Drawer open width={880} title={t('tasks.detail')} onClose={onClose} destroyOnHidden data-testid="task-drawer">
      {error && <Alert type="error" showIcon title={error} />}
      {detail.data && <TaskDetail task={detail.data} readAt={detail.dataUpdatedAt} onGone={onClose} />}
    </Drawer>
  );
}

function TaskDetail({ task, readAt, onGone }: { task: ScreeningTaskDetail; readAt: number; onGone: () => void }) {
  const { t } = useTranslation('screening');
  const { can } = useSession();
  const now = useNow();
  const [dialog, setDialog] = useState<'reopen' | 'reassign' | null>(null);
  const mayAct = can('screening.task.follow-up');
  const invalidates = [screeningKeys.tasks, screeningKeys.dashboard, screeningKeys.persons];
  const close = useAction({ send: () => screeningApi.close(task.id), invalidates, success: t('tasks.closed'), showError: 'inline' });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {close.error && <Alert type="error" showIcon title={close.error} data-testid="close-error" />}
      <Descriptions size="small" column={2} bordered data-testid="task-summary">
        <Descriptions.Item label={t('tasks.person')}>
          <PersonCell person={task.person} />
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks.personStatus')}>
          <span data-testid="task-person-status">
            <StatusTag status={task.person.status} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks.region')}>{task.regionName ?? task.regionCode}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.taskStatus')}>
          <TaskTags task={task} />
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks.contactDue')}>
          {formatDateTime(task.contactDueAt)} {task.contactedAt && <Tag color="green">{t('tasks.metAt', { at: formatDateTime(task.contactedAt) })}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks.feedbackDue')}>
          {formatDateTime(task.feedbackDueAt)} {task.feedbackAt && <Tag color="green">{t('tasks.metAt', { at: formatDateTime(task.feedbackAt) })}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks.deadline')}>
          <SlaCountdown task={task} readAt={readAt} now={now} />
        </Descriptions.Item>
        <Descriptions.Item label={t('tasks.dispatchedAt')}>{formatDateTime(task.dispatchedAt)}</Descriptions.Item>
        {task.escalatedAt && <Descriptions.Item label={t('tasks.escalated')}>{t('tasks.escalatedText', { at: formatDateTime(task.escalatedAt), to: task.escalatedTo ?? '—' })}</Descriptions.Item>}
        {task.reassignReason && <Descriptions.Item label={t('tasks.reassignReason')}>{task.reassignReason}</Descriptions.Item>}
        {task.reopenReason && <Descriptions.Item label={t('tasks.reopenReason')}>{task.reopenReason}</Descriptions.Item>}
        {task.closedAt && <Descriptions.Item label={t('tasks.closedAt')}>{formatDateTime(task.closedAt)}</Descriptions.Item>}
      </Descriptions>
      {mayAct && (
        <Space wrap>
          {task.status === 'open' && (
            <Button type="primary" loading={close.pending} onClick={() => void close.run()} data-testid="task-close">
              {t('tasks.close')}
            </Button>
          )}
          {task.status === 'closed' && (
            <Button onClick={() => setDialog('reopen')} data-testid="task-reopen">
              {t('tasks.reopen')}
            </Button>
          )}
          {task.status === 'open' && (
            <Button onClick={() => setDialog('reassign')} data-testid="task-reassign">
              {t('tasks.reassign')}
            </Button>
          )}
        </Space>
      )}
      <Card size="small" title={t('tasks.history')}>
        {task.followUps.length === 0 ? <Typography.Text type="secondary">{t('tasks.noFollowUps')}</Typography.Text> : <FollowUpHistory followUps={task.followUps} />}
      </Card>
      {mayAct && task.status === 'open' && <FollowUpForm taskId={task.id} />}
      {dialog === 'reopen' && (
        <ReasonModal title={t('tasks.reopen')} send={(reason) => screeningApi.reopen(task.id, reason)} invalidates={invalidates} success={t('tasks.reopenedDone')} onClose={() => setDialog(null)} />
      )}
      {dialog === 'reassign' && <ReassignModal taskId={task.id} onClose={() => setDialog(null)} onMoved={onGone} />}
    </Space>
  );
}

function ReassignModal({ taskId, onClose, onMoved }: { taskId: string; onClose: () => void; onMoved: () => void }) {
  const { t } = useTranslation('screening');
  const { me } = useSession();
  const [regionCode, setRegionCode] = useState<string>();
  // Across counties: the picker starts at the officer's city (or wider).
  const scope = me?.regionCode ? (me.regionCode.endsWith('0000') ? me.regionCode : `${me.regionCode.slice(0, 4)}00`) : '';
  return (
    <ReasonModal
      title={t('tasks.reassign')}
      send={async (reason) => {
        if (!regionCode) throw new InputError(t('tasks.pickRegion'));
        await screeningApi.reassign(taskId, regionCode, reason);
        onMoved();
      }}
      invalidates={[screeningKeys.tasks, screeningKeys.dashboard]}
      success={t('tasks.reassigned')}
      onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('tasks.reassignHint')}</Typography.Paragraph>
      <div style={{ marginBottom: 12 }}>
        <DivisionCascader scope={scope} value={regionCode} onChange={setRegionCode} />
      </div>
    </ReasonModal>
  );
}

function FollowUpHistory({ followUps }: { followUps: FollowUp[] }) {
  const { t } = useTranslation('screening');
  return (
    <Timeline
      data-testid="follow-up-history"
      items={[...followUps].reverse().map((f) => ({
        color: f.reached ? 'green' : 'gray',
        children: (
          <div>
            <Typography.Text strong>{formatDateTime(f.recordedAt)}</Typography.Text> · {f.reached ? t('followUp.reachedYes') : t('followUp.reachedNo')}
            {f.currentLocation && <div>{t('followUp.location')}：{f.currentLocation}</div>}
            {f.quarantine && (
              <div>
                {t(`followUp.quarantine.${f.quarantine.kind}`, { defaultValue: f.quarantine.kind })} {f.quarantine.from} – {f.quarantine.to}
                {f.quarantine.site ? ` · ${f.quarantine.site}` : ''}
              </div>
            )}
            {f.tests.length > 0 && <div>{f.tests.map((x) => `${x.date} ${t(`followUp.testType.${x.type}`)} ${t(`followUp.testResult.${x.result}`)}`).join('；')}</div>}
            {f.attempts.length > 0 && (
              <Typography.Text type="secondary">
                {f.attempts.map((a) => `${formatDateTime(a.at)} ${t(`followUp.channel.${a.channel}`)} ${a.reached ? '✓' : '✗'}`).join('；')}
              </Typography.Text>
            )}
            {f.releasedOn && <div>{t('followUp.releasedOn')}：{f.releasedOn}</div>}
            {f.note && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{f.note}</Typography.Paragraph>}
          </div>
        ),
      }))}
    />
  );
}

interface FollowUpFormValues {
  reached: boolean;
  attempts: { at: string; channel: 'phone' | 'visit' | 'sms' | 'other'; reached: boolean }[];
  currentLocation?: string;
  quarantineKind: 'none' | 'home' | 'central';
  quarantineFrom?: string;
  quarantineTo?: string;
  quarantineSite?: string;
  tests: { date: string; type: 'nucleic_acid' | 'antigen' | 'antibody'; result: 'negative' | 'positive' | 'pending' }[];
  releasedOn?: string;
  note?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Now as a datetime-local value in the browser's time zone. */
function localNow(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The form's values as the API takes them. */
function toFollowUp(v: FollowUpFormValues): FollowUpInput {
  const text = (s?: string) => s?.trim() || undefined;
  return {
    reached: v.reached,
    attempts: (v.attempts ?? []).filter((a) => a?.at).map((a) => ({ at: new Date(a.at).toISOString(), channel: a.channel, reached: Boolean(a.reached) })),
    currentLocation: text(v.currentLocation),
    quarantine: v.quarantineKind === 'none' || !v.quarantineFrom || !v.quarantineTo ? undefined : { kind: v.quarantineKind, from: v.quarantineFrom, to: v.quarantineTo, site: text(v.quarantineSite) },
    tests: (v.tests ?? []).filter((x) => x?.date),
    releasedOn: v.releasedOn || undefined,
    note: text(v.note),
  };
}

/** 核查反馈: reached or not, attempts, location, quarantine, tests, release; every save is a fact for the health code. */
function FollowUpForm({ taskId }: { taskId: string }) {
  const { t } = useTranslation('screening');
  const [form] = Form.useForm<FollowUpFormValues>();
  const kind = Form.useWatch('quarantineKind', form);
  const today = todayInChina();
  const save = useAction<FollowUpFormValues>({
    send: (v) => screeningApi.followUp(taskId, toFollowUp(v)),
    invalidates: [screeningKeys.tasks, screeningKeys.dashboard, screeningKeys.persons],
    success: t('followUp.saved'),
    showError: 'inline',
    onDone: () => form.resetFields(),
  });
  const initial: FollowUpFormValues = { reached: true, attempts: [{ at: localNow(), channel: 'phone', reached: true }], quarantineKind: 'none', quarantineFrom: today, quarantineTo: addDays(today, 13), tests: [] };
  return (
    <Card size="small" title={t('followUp.title')}>
      {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 12 }} data-testid="follow-up-error" />}
      <Form<FollowUpFormValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save.run(v)} data-testid="follow-up-form">
        <Form.Item name="reached" label={t('followUp.reached')} valuePropName="checked">
          <Switch checkedChildren={t('followUp.reachedYes')} unCheckedChildren={t('followUp.reachedNo')} />
        </Form.Item>
        <Typography.Text strong>{t('followUp.attempts')}</Typography.Text>
        <Form.List name="attempts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'at']} rules={[{ required: true, message: t('common.required') }]}>
                    <Input type="datetime-local" aria-label={t('followUp.attemptAt')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'channel']}>
                    <Select style={{ width: 110 }} options={(['phone', 'visit', 'sms', 'other'] as const).map((c) => ({ value: c, label: t(`followUp.channel.${c}`) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'reached']} valuePropName="checked">
                    <Checkbox>{t('followUp.attemptReached')}</Checkbox>
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.remove')} />
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ at: localNow(), channel: 'phone', reached: false })}>
                  {t('followUp.addAttempt')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Form.Item name="currentLocation" label={t('followUp.location')}>
          <Input maxLength={300} data-testid="follow-up-location" />
        </Form.Item>
        <Form.Item name="quarantineKind" label={t('followUp.quarantineKind')}>
          <Radio.Group data-testid="follow-up-quarantine">
            <Radio.Button value="none">{t('followUp.quarantine.none')}</Radio.Button>
            <Radio.Button value="home">{t('followUp.quarantine.home')}</Radio.Button>
            <Radio.Button value="central">{t('followUp.quarantine.central')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {kind && kind !== 'none' && (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="quarantineFrom" label={t('followUp.from')} rules={[{ required: true, message: t('common.required') }]}>
                <DateInput />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="quarantineTo" label={t('followUp.to')} rules={[{ required: true, message: t('common.required') }]}>
                <DateInput />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="quarantineSite" label={t('followUp.site')} rules={kind === 'central' ? [{ required: true, message: t('common.required') }] : []}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Typography.Text strong>{t('followUp.tests')}</Typography.Text>
        <Form.List name="tests">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'date']} rules={[{ required: true, message: t('common.required') }]}>
                    <DateInput aria-label={t('followUp.testDate')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'type']}>
                    <Select style={{ width: 120 }} options={(['nucleic_acid', 'antigen', 'antibody'] as const).map((c) => ({ value: c, label: t(`followUp.testType.${c}`) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'result']}>
                    <Select style={{ width: 100 }} options={(['negative', 'positive', 'pending'] as const).map((c) => ({ value: c, label: t(`followUp.testResult.${c}`) }))} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.remove')} />
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: today, type: 'nucleic_acid', result: 'pending' })}>
                  {t('followUp.addTest')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Form.Item name="releasedOn" label={t('followUp.releasedOn')}>
          <DateInput style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('followUp.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.pending} data-testid="follow-up-submit">
          {t('followUp.save')}
        </Button>
      </Form>
    </Card>
  );
}
