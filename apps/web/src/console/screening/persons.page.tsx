/**
 * 人员: screened persons of the officer's region (masked), newest first, or found by ID number or
 * phone (audited); a person's detail shows which sources reported them and when, the first reporter
 * and each other source's delay, the provenance of each field, and merges (undo with a reason).
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useSession } from '../../shared/session/session.tsx';
import { ListCard } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { personQuery, personsQuery, screeningApi, screeningKeys, STATUS_LIST, type ScreeningPerson, type ScreeningPersonDetail } from './screening.api.ts';
import { DivisionCell, PersonCell, SourceKindTag, StatusTag } from './screening.parts.tsx';
import { ReasonModal } from './reason-modal.tsx';

interface Filter {
  status?: string;
  documentNumber?: string;
  phone?: string;
}

export function PersonsPage() {
  const { t } = useTranslation('screening');
  const [search, setSearch] = useSearchParams();
  const [filter, setFilter] = useState<Filter>({});
  const list = useInfiniteQuery(personsQuery(filter));
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const open = search.get('person');
  const show = (id: string | null) => setSearch(id ? { person: id } : {});
  const [form] = Form.useForm<Filter>();
  const apply = (v: Filter) => setFilter({ status: v.status || undefined, documentNumber: v.documentNumber?.trim() || undefined, phone: v.phone?.trim() || undefined });
  return (
    <PageContainer title={t('nav.persons')} section={t('nav.section')} description={t('persons.intro')} extra={<RefreshButton query={list} />}>
      <Card className="fx-card">
        <Form form={form} layout="inline" onFinish={apply} data-testid="persons-filter">
          <Form.Item name="documentNumber" label={t('persons.documentNumber')}>
            <Input allowClear maxLength={40} autoComplete="off" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="phone" label={t('persons.phone')}>
            <Input allowClear maxLength={30} autoComplete="off" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="status" label={t('persons.status')}>
            <Select allowClear style={{ width: 140 }} options={STATUS_LIST.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common:action.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilter({});
              }}
            >
              {t('common:action.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      <ListCard query={list}>
        <Table<ScreeningPerson>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={rows}
          pagination={false}
          data-testid="persons-table"
          onRow={(p) => ({ onClick: () => show(p.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('persons.person'), key: 'person', render: (_: unknown, p) => <PersonCell person={p} /> },
            { title: t('persons.residence'), dataIndex: 'residenceDivisionName', render: (v: string | null, p) => <DivisionCell name={v} code={p.residenceDivision} /> },
            { title: t('persons.arrivalDate'), dataIndex: 'arrivalDate', render: (v: string | null) => v ?? '—' },
            { title: t('persons.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
            { title: t('persons.firstReportedAt'), dataIndex: 'firstReportedAt', render: (v: string) => formatDateTime(v) },
            { title: t('common.actions'), key: 'actions', render: (_: unknown, p) => <Button size="small" onClick={() => show(p.id)}>{t('common.detail')}</Button> },
          ]}
        />
        {list.hasNextPage && (
          <Button block style={{ marginTop: 12 }} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.more')}
          </Button>
        )}
      </ListCard>
      {open && <PersonDrawer personId={open} onClose={() => show(null)} />}
    </PageContainer>
  );
}

/** A person's detail as a drawer over the list. */
export function PersonDrawer({ personId, onClose }: { personId: string; onClose: () => void }) {
  const { t } = useTranslation('screening');
  const detail = useQuery(personQuery(personId));
  const error = useLoadError(detail.error);
  return (
    <Drawer open width={820} title={t('persons.detail')} onClose={onClose} destroyOnHidden data-testid="person-drawer">
      {error && <Alert type="error" showIcon title={error} />}
      {detail.data && <PersonDetail person={detail.data} />}
    </Drawer>
  );
}

function PersonDetail({ person }: { person: ScreeningPersonDetail }) {
  const { t } = useTranslation('screening');
  const { can } = useSession();
  const [undoing, setUndoing] = useState<string | null>(null);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('persons.name')}>{person.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('persons.status')}>
          <StatusTag status={person.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('persons.documentNumber')}>
          <span className="fx-mono">{person.documentNumber ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('persons.phone')}>
          <span className="fx-mono">{person.phone ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('persons.residence')}>{person.residenceDivisionName ?? person.residenceDivision ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('persons.household')}>{person.householdDivision ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('persons.arrivalDate')}>{person.arrivalDate ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('persons.mergedInto')}>{person.mergedInto ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('persons.firstReporter')} data-testid="first-reporter">
        {person.firstReporter ? (
          <Typography.Text>
            {t('persons.firstReporterText', { source: person.firstReporter.sourceName, at: formatDateTime(person.firstReporter.reportedAt) })}
          </Typography.Text>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
        {person.leadHours.length > 0 && (
          <Table
            size="small"
            rowKey="sourceId"
            pagination={false}
            style={{ marginTop: 8 }}
            dataSource={person.leadHours}
            columns={[
              { title: t('persons.otherSource'), dataIndex: 'sourceName' },
              { title: t('persons.itsFirstReport'), dataIndex: 'firstReportedAt', render: (v: string) => formatDateTime(v) },
              { title: t('persons.behindFirst'), dataIndex: 'hoursBehindFirst', render: (h: number) => t('persons.hours', { h: Math.round(h * 10) / 10 }) },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('persons.reports')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={person.reports}
          data-testid="person-reports"
          columns={[
            { title: t('persons.source'), dataIndex: 'sourceName', render: (v: string, r) => <Space size={4}>{v}<SourceKindTag kind={r.sourceKind} /></Space> },
            { title: t('persons.reportedAt'), dataIndex: 'reportedAt', render: (v: string) => formatDateTime(v) },
            { title: t('persons.matchedBy'), dataIndex: 'matchedBy', render: (v: string) => <Tag>{t(`matchedBy.${v}`, { defaultValue: v })}</Tag> },
            { title: t('persons.line'), dataIndex: 'line', render: (v: number | null) => v ?? '—' },
          ]}
        />
      </Card>
      <Card size="small" title={t('persons.provenance')}>
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={Object.entries(person.provenance).map(([field, p]) => ({ field, ...p }))}
          data-testid="person-provenance"
          columns={[
            { title: t('persons.field'), dataIndex: 'field', render: (f: string) => t(`field.${f}`, { defaultValue: f }) },
            { title: t('persons.source'), dataIndex: 'sourceName' },
            { title: t('persons.setAt'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          ]}
        />
      </Card>
      {person.merges.length > 0 && (
        <Card size="small" title={t('persons.merges')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={person.merges}
            columns={[
              { title: t('persons.mergedRecord'), key: 'pair', render: (_: unknown, m) => <span className="fx-mono">{m.mergedId.slice(0, 8)} → {m.survivorId.slice(0, 8)}</span> },
              { title: t('persons.mergedAt'), dataIndex: 'mergedAt', render: (v: string) => formatDateTime(v) },
              { title: t('persons.undoneAt'), dataIndex: 'undoneAt', render: (v: string | null) => formatDateTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, m) =>
                  !m.undoneAt && can('screening.review.decide') && (
                    <Button size="small" danger onClick={() => setUndoing(m.id)}>
                      {t('reviews.undo')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      {undoing && (
        <ReasonModal
          title={t('reviews.undo')}
          send={(reason) => screeningApi.undoMerge(undoing, reason)}
          invalidates={[screeningKeys.persons, screeningKeys.reviews]}
          success={t('reviews.undone')}
          onClose={() => setUndoing(null)}
        />
      )}
    </Space>
  );
}
