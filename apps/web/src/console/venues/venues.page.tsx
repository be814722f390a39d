/** 场所审批: venue registrations in the officer's region — approve or reject pending ones, register a venue on someone's behalf. */
import { useState } from 'react';
import { Button, Input, Modal, Segmented, Space, Tag } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Venue, VenueStatus } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { VenueRegistrationForm } from '../../staff/venue-form.tsx';
import { DecisionButtons, DecisionModal } from '../components/decision-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { venuesApi, venuesKeys, venuesQuery } from './venues.api.ts';
import { useVenueTypeName } from '../../shared/health/venues.api.ts';

const STATUS_TAG: Record<VenueStatus, string> = { pending: 'processing', approved: 'success', rejected: 'default' };

/** The venue approvals page; every officer who may list venues sees them, those the server lets decide also decide. */
export function VenueApprovalsPage() {
  const { t } = useTranslation('health');
  const typeName = useVenueTypeName();
  const { me, can } = useSession();
  const canDecide = can('venues.venue.decide');
  const [status, setStatus] = useState<VenueStatus>('pending');
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [registering, setRegistering] = useState(false);
  const [deciding, setDeciding] = useState<{ row: Venue; decision: 'approved' | 'rejected' } | null>(null);
  const list = useInfiniteQuery(venuesQuery(status, query));
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <PageContainer
      title={t('venues.title')}
      section={t('nav.section')}
      description={t('venues.intro')}
      extra={
        <Space wrap>
          <Segmented<VenueStatus> value={status} onChange={setStatus} options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(`venues.status.${s}`) }))} />
          <Input.Search allowClear placeholder={t('venues.search')} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setQuery(v.trim())} style={{ width: 200 }} maxLength={50} />
          <RefreshButton query={list} />
          <CreateButton onClick={() => setRegistering(true)}>{t('venues.register')}</CreateButton>
        </Space>
      }
    >
      <ListCard query={list}>
        <ListTable<Venue>
          query={{ data: rows, isLoading: list.isLoading }}
          pagination={false}
          data-testid="venues-table"
          columns={[
            { title: t('venues.name'), dataIndex: 'name' },
            { title: t('venues.type'), dataIndex: 'typeName', render: (name: string, r: Venue) => typeName(r.type, name) },
            { title: t('venues.division'), dataIndex: 'divisionName' },
            { title: t('venues.address'), dataIndex: 'address' },
            { title: t('venues.contact'), key: 'contact', render: (_: unknown, r) => `${r.contactName} ${r.contactPhone}` },
            { title: t('ruleSets.statusLabel'), dataIndex: 'status', render: (s: VenueStatus, r) => (
                <>
                  <Tag color={STATUS_TAG[s]}>{t(`venues.status.${s}`)}</Tag>
                  {r.decisionNote && <div className="fx-decision-note">{s === 'rejected' ? t('register.rejectedReason', { reason: r.decisionNote }) : r.decisionNote}</div>}
                </>
              ),
            },
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
        {list.hasNextPage && (
          <div className="fx-load-more">
            <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('venues.loadMore')}
            </Button>
          </div>
        )}
      </ListCard>
      {registering && (
        <Modal open width={820} title={t('venues.register')} footer={null} onCancel={() => setRegistering(false)} destroyOnHidden>
          <VenueRegistrationForm scope={me?.regionCode ?? ''} invalidates={[venuesKeys.list]} onRegistered={() => setRegistering(false)} />
        </Modal>
      )}
      {deciding && (
        <DecisionModal
          title={t(deciding.decision === 'approved' ? 'venues.approve' : 'venues.reject')}
          noteLabel={t(deciding.decision === 'rejected' ? 'venues.rejectReason' : 'venues.note')}
          minLength={deciding.decision === 'rejected' ? 1 : 0}
          requiredMessage={t('venues.rejectReasonRequired')}
          danger={deciding.decision === 'rejected'}
          onClose={() => setDeciding(null)}
          send={(note) => venuesApi.decide(deciding.row.id, deciding.decision, note || undefined)}
          invalidates={[venuesKeys.list]}
          success={t('venues.decided')}
        />
      )}
    </PageContainer>
  );
}
