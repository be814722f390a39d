/** 规则集: colour rule-set versions — view the rules, draft a new version (form-based rule editor with a live preview, JSON as the advanced view), dry run (a background job) with counts, publish, roll back. */
import { useState } from 'react';
import { Button, Card, Form, Input, List, Popconfirm, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ExperimentOutlined, RollbackOutlined, SendOutlined, CopyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { InputError } from '../../shared/api/errors.ts';
import { localText } from '../../shared/health/colour.ts';
import type { DryRunJob, Rule, RuleSetSummary } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff/colour-tag.tsx';
import { useAction } from '../../staff/use-action.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { DryRunCard, useDryRunStatus } from './dry-run.tsx';
import { ProposalsCard } from '../components/proposals-card.tsx';
import { RecomputeProgress } from '../components/recompute-progress.tsx';
import { RuleListEditor } from './rule-editor.tsx';
import { renderTemplate } from './rule-template.ts';
import { ruleSetProposalsQuery, ruleSetsQuery, rulesApi, rulesKeys } from './rules.api.ts';

const STATUS_TAG = { draft: 'default', active: 'success', retired: 'warning' } as const;

/** The rule-set page. */
export function RuleSetsPage() {
  const { t, i18n } = useTranslation('health');
  const list = useQuery(ruleSetsQuery());
  const proposals = useQuery(ruleSetProposalsQuery());
  // The latest dry run started for each version, followed below the table.
  const [dryRuns, setDryRuns] = useState<Record<number, DryRunJob>>({});
  const [drafting, setDrafting] = useState<RuleSetSummary | null>(null);
  // The recomputation of every code an approval here queued (the server answers its job).
  const [recomputeJobId, setRecomputeJobId] = useState<string | null>(null);
  const decide = async (id: string, decision: 'approve' | 'reject', note?: string) => {
    const decided = await rulesApi.decide(id, decision, note);
    if (decided.recomputeJobId) setRecomputeJobId(decided.recomputeJobId);
    return decided;
  };
  const rollback = useAction({ send: () => rulesApi.rollback(), invalidates: [rulesKeys.proposals], success: t('ruleSets.rolledBack') });
  const publish = useAction({ send: (version: number) => rulesApi.publish(version), invalidates: [rulesKeys.proposals], success: t('ruleSets.published') });
  const startDryRun = useAction({
    send: (version: number) => rulesApi.startDryRun(version),
    onDone: (job) => setDryRuns((all) => ({ ...all, [job.version]: job })),
  });

  const ruleColumns = [
    { title: t('ruleSets.rule'), dataIndex: 'id', render: (v: string) => <span className="fx-mono">{v}</span> },
    { title: t('ruleSets.colour'), dataIndex: 'colour', render: (c: Rule['colour']) => <ColourTag colour={c} /> },
    // The explanation as a citizen reads it (example evidence in place of the placeholders); the template on hover.
    {
      title: t('ruleSets.text'),
      dataIndex: 'text',
      render: (text: Rule['text']) => (
        <Tooltip title={localText(text, i18n.language)}>
          <span>{renderTemplate(localText(text, i18n.language), i18n.language === 'en' ? 'en' : 'zh')}</span>
        </Tooltip>
      ),
    },
    { title: t('ruleSets.condition'), dataIndex: 'condition', render: (c: unknown) => <Typography.Text code className="fx-mono">{JSON.stringify(c)}</Typography.Text> },
    { title: t('ruleSets.duration'), dataIndex: 'durationDays' },
    { title: t('ruleSets.needsConfirmation'), dataIndex: 'needsConfirmation', render: (v: boolean) => (v ? <Tag color="red">✓</Tag> : '—') },
  ];

  return (
    <PageContainer
      title={t('ruleSets.title')}
      section={t('nav.section')}
      description={t('ruleSets.intro')}
      extra={
        <Space wrap>
          <RefreshButton query={list} />
          <Popconfirm title={t('ruleSets.rollbackConfirm')} onConfirm={() => void rollback.run()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
            <Button icon={<RollbackOutlined />} loading={rollback.pending}>
              {t('ruleSets.rollback')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      {recomputeJobId && <RecomputeProgress jobId={recomputeJobId} onClose={() => setRecomputeJobId(null)} texts="ruleSets" testId="rule-set-recompute" />}
      <ProposalsCard
        query={proposals}
        testId="rule-set-proposals"
        decide={decide}
        invalidates={[rulesKeys.proposals, rulesKeys.ruleSets]}
        describe={(p) => t(`approvals.${p.change}`, { version: p.version, from: p.fromVersion === null ? '—' : `v${p.fromVersion}` })}
      />
      <ListCard query={list}>
        <ListTable<RuleSetSummary>
          query={list}
          rowKey="version"
          locale={{ emptyText: t('ruleSets.none') }}
          data-testid="rule-sets-table"
          expandable={{
            expandedRowRender: (set) => <Table<Rule> rowKey="id" size="small" pagination={false} dataSource={set.rules} columns={ruleColumns} />,
          }}
          columns={[
            { title: t('ruleSets.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
            { title: t('ruleSets.statusLabel'), dataIndex: 'status', width: 100, render: (s: RuleSetSummary['status']) => <Tag color={STATUS_TAG[s]}>{t(`ruleSets.status.${s}`)}</Tag> },
            { title: t('ruleSets.rules'), key: 'count', width: 80, render: (_: unknown, r) => r.rules.length },
            { title: t('ruleSets.draftNote'), dataIndex: 'note' },
            { title: t('ruleSets.publishedAt'), dataIndex: 'publishedAt', render: (v: string | null) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r: RuleSetSummary) => (
                <Space wrap>
                  <Button size="small" icon={<CopyOutlined />} onClick={() => setDrafting(r)}>
                    {t('ruleSets.draft')}
                  </Button>
                  {r.status === 'draft' && (
                    <>
                      <DryRunButton started={dryRuns[r.version]} starting={startDryRun.pending && startDryRun.variables === r.version} onStart={() => void startDryRun.run(r.version)} />
                      <Popconfirm title={t('ruleSets.publishConfirm')} onConfirm={() => void publish.run(r.version)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                        <Button size="small" type="primary" icon={<SendOutlined />} loading={publish.pending && publish.variables === r.version}>
                          {t('ruleSets.publish')}
                        </Button>
                      </Popconfirm>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </ListCard>
      {Object.keys(dryRuns).length > 0 && (
        <Card className="fx-card" title={t('ruleSets.dryRun')}>
          <List
            dataSource={Object.values(dryRuns)}
            renderItem={(job) => (
              <List.Item key={job.jobId}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <strong>v{job.version}</strong>
                  <DryRunCard key={job.jobId} started={job} />
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {drafting && <DraftModal from={drafting} onClose={() => setDrafting(null)} />}
    </PageContainer>
  );
}

/** 试算 on a draft's row: busy while a dry run is being started or the version's last one still runs. */
function DryRunButton({ started, starting, onStart }: { started: DryRunJob | undefined; starting: boolean; onStart: () => void }) {
  const { t } = useTranslation('health');
  const status = useDryRunStatus(started);
  return (
    <Button size="small" icon={<ExperimentOutlined />} loading={starting || status === 'queued' || status === 'running'} onClick={onStart}>
      {t('ruleSets.dryRun')}
    </Button>
  );
}

function DraftModal({ from, onClose }: { from: RuleSetSummary; onClose: () => void }) {
  const { t } = useTranslation('health');
  // The server names the rule and the problem (a rule-set refusal with details); FormModal shows it.
  const send = async (values: { note: string; rules: string }) => {
    let rules: Rule[];
    try {
      rules = JSON.parse(values.rules) as Rule[];
      if (!Array.isArray(rules)) throw new Error('not an array');
    } catch {
      throw new InputError(t('ruleSets.jsonInvalid'));
    }
    return rulesApi.draft(rules, values.note?.trim() ?? '');
  };
  return (
    <FormModal<{ note: string; rules: string }>
      width={880}
      title={`${t('ruleSets.draft')} (v${from.version})`}
      onClose={onClose}
      send={send}
      invalidates={[rulesKeys.ruleSets]}
      success={t('ruleSets.drafted')}
      initialValues={{ note: '', rules: JSON.stringify(from.rules, null, 2) }}
    >
      <Form.Item name="note" label={t('ruleSets.draftNote')} rules={[{ max: 500 }]}>
        <Input maxLength={500} />
      </Form.Item>
      {/* The form view and the JSON (advanced) view edit the same field; the JSON pane is always mounted. */}
      <Tabs
        items={[
          { key: 'form', label: t('ruleEditor.formView'), children: <RuleListEditor /> },
          {
            key: 'json',
            label: t('ruleEditor.jsonView'),
            forceRender: true,
            children: (
              <Form.Item name="rules" label={t('ruleSets.draftRules')} rules={[{ required: true, message: t('ruleSets.jsonInvalid') }]}>
                <Input.TextArea rows={18} className="fx-mono" spellCheck={false} />
              </Form.Item>
            ),
          },
        ]}
      />
    </FormModal>
  );
}
