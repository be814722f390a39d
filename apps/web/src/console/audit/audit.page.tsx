/** 审计日志: search the tamper-evident audit trail and verify its hash chain. */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTION_LABELS, AUDIT_SUBJECT_TYPES, auditActionLabel, auditResourceOptions, auditSubjectTypeLabel, type LabelLanguage } from '@fangxian/contracts/audit-labels';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { PageContainer } from '../components/page-container.tsx';
import { staffQuery } from '../system/system.api.ts';
import { auditSearchQuery, verifyAuditChain, type AuditFilters, type AuditRecord, type AuditVerdict } from './audit.api.ts';

const FILTER_KEYS = ['actorId', 'subjectType', 'subjectId', 'action', 'from', 'to'] as const;
const OUTCOME_COLOUR: Record<string, string> = { ok: 'success', denied: 'warning', failed: 'error' };

/** The filters held in the page address, so a search can be bookmarked or linked to. */
export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

interface FormValues {
  actorId?: string;
  subjectType?: string;
  subjectId?: string;
  action?: string;
  range?: [{ toISOString(): string } | null, { toISOString(): string } | null] | null;
}

/** The audit page. */
export function AuditPage() {
  const { t, i18n } = useTranslation('console');
  const language: LabelLanguage = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [search, setSearch] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);
  const searchKey = search.toString();
  const filters = filtersFromSearch(new URLSearchParams(searchKey));
  // The address is the source of truth: the query follows it.
  const records = useInfiniteQuery(auditSearchQuery(filters));
  const rows = records.data?.pages.flatMap((page) => page.items) ?? [];
  const staffNames = useStaffNames();
  const verify = useAction({ send: () => verifyAuditChain(), showError: 'inline', onDone: setVerdict });
  const loadError = useLoadError(records.error);
  const error = verify.error ?? loadError;

  // The form mirrors an address that came from elsewhere (a link, back/forward). An address this form
  // just produced (search, reset) is not mirrored back: the form already shows it, and mirroring after
  // render would wipe whatever the officer has typed since (and turn a typed username into the account id).
  const fromForm = useRef<string | null>(null);
  useEffect(() => {
    if (fromForm.current !== searchKey) {
      const shown = filtersFromSearch(new URLSearchParams(searchKey));
      form.setFieldsValue({ actorId: shown.actorId, subjectType: shown.subjectType, subjectId: shown.subjectId, action: shown.action });
    }
    fromForm.current = null;
  }, [searchKey, form]);

  const submit = (values: FormValues) => {
    const next = new URLSearchParams();
    for (const key of ['actorId', 'subjectType', 'subjectId', 'action'] as const) {
      const v = values[key]?.trim();
      if (v) next.set(key, v);
    }
    // Officers think in usernames: a known username in the actor field searches by that account's id.
    const actor = next.get('actorId');
    const byUsername = actor ? staffNames.byUsername.get(actor) : undefined;
    if (byUsername) next.set('actorId', byUsername);
    if (values.range?.[0]) next.set('from', values.range[0].toISOString());
    if (values.range?.[1]) next.set('to', values.range[1].toISOString());
    // The same search again reads it again.
    if (next.toString() === searchKey) void records.refetch();
    else {
      fromForm.current = next.toString();
      setSearch(next);
    }
  };

  return (
    <PageContainer
      title={t('nav.audit')}
      section={t('nav.section.security')}
      description={t('audit.description')}
      extra={
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verify.pending}
          onClick={() => {
            setVerdict(null);
            void verify.run();
          }}
          data-testid="verify-chain"
        >
          {t('audit.verify')}
        </Button>
      }
    >
      {verdict && (
        <Alert
          className="fx-card"
          type={verdict.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setVerdict(null) }}
          role="status"
          data-testid="verify-result"
          title={verdict.ok ? t('audit.chainOk', { count: verdict.checked }) : t('audit.chainBroken', { seq: verdict.brokenAt?.seq ?? '?', checked: verdict.checked })}
          description={verdict.ok ? undefined : t(`audit.reason.${verdict.brokenAt?.reason ?? 'hash_mismatch'}`)}
        />
      )}
      <Card className="fx-card">
        <Form form={form} layout="inline" onFinish={submit} className="fx-filter-form" name="audit-filter">
          <Form.Item name="actorId" label={t('audit.actor')}>
            <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('audit.actionPlaceholder')}
              options={actionOptions(language, filters.action)}
              style={{ width: 240 }}
              popupMatchSelectWidth={false}
              data-testid="audit-action-filter"
            />
          </Form.Item>
          <Form.Item name="subjectType" label={t('audit.subjectType')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('audit.subjectTypePlaceholder')}
              options={Object.keys(AUDIT_SUBJECT_TYPES).map((type) => ({ value: type, label: auditSubjectTypeLabel(type, language) }))}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item name="subjectId" label={t('audit.subjectId')}>
            <Input allowClear placeholder={t('audit.subjectIdPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.time')}>
            <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common:action.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  fromForm.current = '';
                  setSearch(new URLSearchParams());
                }}
              >
                {t('common:action.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {(filters.from || filters.to) && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('audit.timeFilter', { from: formatDateTime(filters.from), to: formatDateTime(filters.to) })}
          </Typography.Paragraph>
        )}
      </Card>
      <Card className="fx-card">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Table<AuditRecord>
          rowKey="seq"
          loading={records.isFetching && !records.isFetchingNextPage}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="audit-table"
          locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
          expandable={{
            expandedRowRender: (row) => (
              <div className="fx-audit-detail">
                <div>
                  <b>{t('audit.requestId')}:</b> <span className="fx-mono">{row.requestId ?? '—'}</span>
                </div>
                <div>
                  <b>{t('audit.hash')}:</b> <span className="fx-mono">{row.hash}</span>
                </div>
                <pre className="fx-mono">{JSON.stringify(row.detail, null, 2)}</pre>
              </div>
            ),
          }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 80 },
            { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v: string) => <span className="fx-nowrap">{formatDateTime(v)}</span> },
            {
              title: t('audit.actor'),
              key: 'actor',
              width: 220,
              render: (_: unknown, row) => (
                <Space size={4}>
                  <Tag>{t(`audit.actorType.${row.actorType}`, { defaultValue: row.actorType })}</Tag>
                  <Tooltip title={row.actorId}>
                    {row.actorName ? (
                      <span>{row.actorName}</span>
                    ) : row.actorType === 'staff' && staffNames.byId.has(row.actorId) ? (
                      <span>{staffNames.byId.get(row.actorId)}</span>
                    ) : (
                      <span className="fx-mono">{shortId(row.actorId)}</span>
                    )}
                  </Tooltip>
                </Space>
              ),
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 220,
              render: (v: string) => {
                const label = auditActionLabel(v, language);
                return (
                  <Tooltip title={v}>
                    <Tag color="blue" className={label ? undefined : 'fx-mono'}>
                      {label ?? v}
                    </Tag>
                  </Tooltip>
                );
              },
            },
            {
              title: t('audit.subject'),
              key: 'subject',
              render: (_: unknown, row) =>
                row.subjectType ? (
                  <span>
                    {auditSubjectTypeLabel(row.subjectType, language)}
                    {row.subjectName ? (
                      <Tooltip title={row.subjectId}>
                        <span> · {row.subjectName}</span>
                      </Tooltip>
                    ) : (
                      row.subjectId && (
                        <Tooltip title={row.subjectId}>
                          <span className="fx-mono"> · {shortId(row.subjectId)}</span>
                        </Tooltip>
                      )
                    )}
                  </span>
                ) : (
                  '—'
                ),
            },
            { title: t('audit.region'), dataIndex: 'regionCode', width: 100, render: (v: string | null) => v ?? '—' },
            {
              title: t('audit.outcome'),
              dataIndex: 'outcome',
              width: 100,
              render: (v: string) => <Tag color={OUTCOME_COLOUR[v] ?? 'default'}>{t(`audit.outcomes.${v}`, { defaultValue: v })}</Tag>,
            },
            { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
          ]}
        />
        {records.hasNextPage && (
          <div className="fx-load-more">
            <Button onClick={() => void records.fetchNextPage()} loading={records.isFetchingNextPage}>
              {t('audit.loadMore')}
            </Button>
          </div>
        )}
      </Card>
    </PageContainer>
  );
}

/**
 * Names of staff accounts for showing and searching actors. Only those the server lets list accounts
 * read them; others (the supervision office) see ids.
 */
function useStaffNames(): { byId: Map<string, string>; byUsername: Map<string, string> } {
  const { can } = useSession();
  const { data } = useQuery({
    ...staffQuery(),
    enabled: can('admin-staff.staff.list'),
    // Names are a convenience: without them the ids are shown.
    retry: false,
    select: (accounts) => ({
      byId: new Map(accounts.map((a) => [a.id, `${a.displayName} (${a.username})`])),
      byUsername: new Map(accounts.map((a) => [a.username, a.id])),
    }),
  });
  return data ?? NO_NAMES;
}
const NO_NAMES = { byId: new Map<string, string>(), byUsername: new Map<string, string>() };

/** The first 8 characters of a long id (the full id is in the tooltip). */
function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/**
 * The action filter's choices, searched by label: every action on a resource (venues.venue.*), the
 * actions with a label of their own, and the action in the address when it is none of those.
 */
function actionOptions(language: LabelLanguage, current: string | undefined): { value: string; label: string }[] {
  const all = language === 'en' ? ' (all)' : '（全部操作）';
  const options = [
    ...auditResourceOptions(language).map((o) => ({ value: o.value, label: `${o.label}${all}` })),
    ...Object.keys(AUDIT_ACTION_LABELS).map((action) => ({ value: action, label: auditActionLabel(action, language) ?? action })),
  ];
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: auditActionLabel(current, language) ?? current });
  return options;
}
