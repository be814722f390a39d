/** 转码确认 (县级指挥部): people whose recovery days are served but whose red → green change waits for the command post's confirmation. */
import { useState } from 'react';
import { Button, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { localText } from '../../shared/health/colour.ts';
import type { PendingConfirmation } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff/colour-tag.tsx';
import { DecisionModal } from '../components/decision-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { MaskedPerson } from '../components/masked-person.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { confirmationsQuery, healthCodeApi, healthCodeKeys } from './health-code.api.ts';

/** The confirmations page. */
export function ConfirmationsPage() {
  const { t, i18n } = useTranslation('health');
  const [confirming, setConfirming] = useState<PendingConfirmation | null>(null);
  const list = useQuery(confirmationsQuery());
  return (
    <PageContainer title={t('confirmations.title')} section={t('nav.section')} description={t('confirmations.intro')} extra={<RefreshButton query={list} />}>
      <ListCard query={list}>
        <ListTable<PendingConfirmation>
          query={list}
          rowKey="citizenId"
          data-testid="confirmations-table"
          columns={[
            { title: t('overrides.person'), key: 'person', render: (_: unknown, r) => <MaskedPerson person={r} /> },
            { title: t('confirmations.colour'), dataIndex: 'colour', render: (_: unknown, r) => <ColourTag colour={r.colour} /> },
            { title: t('confirmations.since'), dataIndex: 'since', render: (v: string) => formatDateTime(v) },
            { title: t('confirmations.reasons'), key: 'reasons', render: (_: unknown, r) => <Space direction="vertical" size={0}>{r.reasons.map((reason) => <span key={reason.ruleId}>{localText(reason.text, i18n.language)}</span>)}</Space> },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r: PendingConfirmation) => (
                <Button size="small" type="primary" onClick={() => setConfirming(r)}>
                  {t('confirmations.confirm')}
                </Button>
              ),
            },
          ]}
        />
      </ListCard>
      {confirming && (
        <DecisionModal
          title={t('confirmations.confirm')}
          noteLabel={t('confirmations.note')}
          minLength={2}
          onClose={() => setConfirming(null)}
          send={(note) => healthCodeApi.confirmRelease(confirming.citizenId, note)}
          invalidates={[healthCodeKeys.confirmations]}
          success={(result) => t('confirmations.done', { colour: t(`colour.${result.colour}`) })}
        />
      )}
    </PageContainer>
  );
}
