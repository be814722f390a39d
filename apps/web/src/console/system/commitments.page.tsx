/** 保密承诺书签署记录: which staff accounts of the region signed the confidentiality commitment, which version, when (reading is audited). */
import { Card, Empty, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CommitmentSignature } from '@fangxian/contracts/identity';
import { formatDateTime } from '../../shared/format.ts';
import { RegionName } from '../../staff/region-name.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { commitmentsQuery } from './system.api.ts';

/** The signatures page. */
export function CommitmentsPage() {
  const { t } = useTranslation('console');
  const list = useQuery(commitmentsQuery());
  return (
    <PageContainer title={t('nav.commitments')} section={t('nav.section.security')} description={t('commitments.description')} extra={<RefreshButton query={list} />}>
      <ListCard query={list}>
        <ListTable<CommitmentSignature>
          query={list}
          data-testid="commitments-table"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('commitments.empty')} /> }}
          columns={[
            { title: t('staff.username'), dataIndex: 'username', render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('staff.displayName'), dataIndex: 'displayName' },
            { title: t('staff.region'), dataIndex: 'regionCode', render: (v: string) => <RegionName code={v || null} allLabel={t('apiClients.regionAll')} /> },
            {
              title: t('commitments.version'),
              dataIndex: 'version',
              render: (v: number, r) => <Tag color={r.current ? 'success' : 'default'}>{r.current ? t('commitments.current', { version: v }) : t('commitments.old', { version: v })}</Tag>,
            },
            { title: t('commitments.signedAt'), dataIndex: 'signedAt', render: (v: string) => formatDateTime(v) },
          ]}
        />
      </ListCard>
    </PageContainer>
  );
}
