/** 场所审批: venue registrations in the officer's region — approve or reject pending ones, register a venue on someone's behalf. */
import { useCallback, useState } from 'react';
import { Button, Input, Modal, Segmented, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { venuesApi } from '../../shared/health/health.api.ts';
import type { Venue, VenueStatus } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { hasAnyRole } from '../../shared/session/guards.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { VenueRegistrationForm } from '../../staff-health/venue-form.tsx';
import { ListCard, ListTable } from '../components/list-table.tsx';
import { CreateButton, RefreshButton } from '../components/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { useChanges } from '../components/use-changes.ts';
import { DecisionButtons, DecisionModal } from './decision-modal.tsx';

const STATUS_TAG: Record<VenueStatus, string> = { pending: 'processing', approved: 'success', rejected: 'default' };

/** The venue approvals page; service-centre staff see the list, officers also decide. */
export function VenueApprovalsPage() {
  const { t } = useTranslation('health');
  const { me } = useSession();
  const canDecide = hasAnyRole(me?.roles ?? [], ['big_data', 'county_command', 'health']);
  const [status, setStatus] = useState<VenueStatus>('pending');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [registering, setRegistering] = useState(false);
  const [deciding, setDeciding] = useState<{ row: Venue; decision: 'approved' | 'rejected' } | null>(null);
  const [more, setMore] = useState<{ items: Venue[]; cursor: string | null }>({ items: [], cursor: null });
  const list = useLoad(
    useCallback(async () => {
      const page = await venuesApi.list({ status, q: query || undefined });
      setMore({ items: [], cursor: page.nextCursor });
      return page.items;
    }, [status, query]),
    t('common:error.loadFailed'),
  );
  const changes = useChanges(list.reload);

  const loadMore = async () => {
    if (!more.cursor) return;
    const page = await venuesApi.list({ status, q: query || undefined, cursor: more.cursor });
    setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
  };

  return (
    <PageContainer
      title={t('venues.title')}
      section={t('nav.section')}
      description={t('venues.intro')}
      extra={
        <Space wrap>
          <Segmented<VenueStatus> value={status} onChange={setStatus} options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(`venues.status.${s}`) }))} />
          <Input.Search allowClear placeholder={t('venues.search')} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setQuery(v.trim())} style={{ width: 200 }} maxLength={50} />
          <RefreshButton onRefresh={list.reload} />
          <CreateButton onClick={() => setRegistering(true)}>{t('venues.register')}</CreateButton>
        </Space>
      }
    >
      <ListCard error={list.error}>
        <ListTable<Venue>
          list={list}
          dataSource={[...(list.data ?? []), ...more.items]}
          pagination={false}
          data-testid="venues-table"
          columns={[
            { title: t('venues.name'), dataIndex: 'name' },
            { title: t('venues.type'), dataIndex: 'typeName' },
            { title: t('venues.division'), dataIndex: 'divisionName' },
            { title: t('venues.address'), dataIndex: 'address' },
            { title: t('venues.contact'), key: 'contact', render: (_: unknown, r) => `${r.contactName} ${r.contactPhone}` },
            { title: t('ruleSets.statusLabel'), dataIndex: 'status', render: (s: VenueStatus, r) => <Tag color={STATUS_TAG[s]} title={r.decisionNote ?? undefined}>{t(`venues.status.${s}`)}</Tag> },
            { title: t('venues.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
            ...(canDecide
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, r: Venue) =>
                      r.status === 'pending' && (
                        <DecisionButtons
                          approveLabel={t('venues.approve')}
                          rejectLabel={t('venues.reject')}
                          onApprove={() => setDeciding({ row: r, decision: 'approved' })}
                          onReject={() => setDeciding({ row: r, decision: 'rejected' })}
                        />
                      ),
                  },
                ]
              : []),
          ]}
        />
        {more.cursor && (
          <div className="fx-load-more">
            <Button onClick={() => void loadMore()}>{t('venues.loadMore')}</Button>
          </div>
        )}
      </ListCard>
      {registering && (
        <Modal open width={820} title={t('venues.register')} footer={null} onCancel={() => setRegistering(false)} destroyOnHidden>
          <VenueRegistrationForm
            scope={me?.regionCode ?? ''}
            onRegistered={() => {
              setRegistering(false);
              void list.reload();
            }}
          />
        </Modal>
      )}
      {deciding && (
        <DecisionModal
          title={t(deciding.decision === 'approved' ? 'venues.approve' : 'venues.reject')}
          noteLabel={t('venues.note')}
          minLength={0}
          danger={deciding.decision === 'rejected'}
          onClose={() => setDeciding(null)}
          onSubmit={async (note) => {
            await venuesApi.decide(deciding.row.id, deciding.decision, note || undefined);
            await changes.done(t('venues.decided'));
          }}
        />
      )}
    </PageContainer>
  );
}
