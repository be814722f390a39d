/** 规则集: colour rule-set versions — view the rules, draft a new version (JSON), dry run (a background job) with counts, publish, roll back. */
import { useCallback, useState } from 'react';
import { App, Button, Card, Form, Input, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { ExperimentOutlined, RollbackOutlined, SendOutlined, CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../shared/api/errors.ts';
import { localText } from '../../shared/health/colour.ts';
import { healthOfficeApi } from '../../shared/health/health.api.ts';
import type { Rule, RuleSetSummary } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { ColourTag } from '../../staff-health/colour-tag.tsx';
import { useLoad } from '../../staff-health/use-load.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../components/list-table.tsx';
import { RefreshButton } from '../components/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { useChanges } from '../components/use-changes.ts';
import { DryRunView, useDryRuns } from './dry-run.tsx';

const STATUS_TAG = { draft: 'default', active: 'success', retired: 'warning' } as const;

/** The rule-set page. */
export function RuleSetsPage() {
  const { t, i18n } = useTranslation('health');
  const { message } = App.useApp();
  const list = useLoad(useCallback(() => healthOfficeApi.ruleSets(), []), t('common:error.loadFailed'));
  const changes = useChanges(list.reload);
  const showError = useCallback((text: string) => message.error(text), [message]);
  const dryRuns = useDryRuns(showError);
  const [drafting, setDrafting] = useState<RuleSetSummary | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (key: string, run: () => Promise<unknown>, done: string) => {
    setBusy(key);
    await changes.run(run, done);
    setBusy(null);
  };

  const dryRun = async (version: number) => {
    setBusy(`dry-${version}`);
    try {
      await dryRuns.start(version);
    } catch (err) {
      message.error(messageOf(err, t('common:state.failed')));
    } finally {
      setBusy(null);
    }
  };

  const ruleColumns = [
    { title: t('ruleSets.rule'), dataIndex: 'id', render: (v: string) => <span className="fx-mono">{v}</span> },
    { title: t('ruleSets.colour'), dataIndex: 'colour', render: (c: Rule['colour']) => <ColourTag colour={c} /> },
    { title: t('ruleSets.text'), dataIndex: 'text', render: (text: Rule['text']) => localText(text, i18n.language) },
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
          <RefreshButton onRefresh={list.reload} />
          <Popconfirm title={t('ruleSets.rollbackConfirm')} onConfirm={() => void act('rollback', () => healthOfficeApi.rollback(), t('ruleSets.rolledBack'))} okText={t('common.confirm')} cancelText={t('common.cancel')}>
            <Button icon={<RollbackOutlined />} loading={busy === 'rollback'}>
              {t('ruleSets.rollback')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <ListCard error={list.error}>
        <ListTable<RuleSetSummary>
          list={list}
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
                      <Button
                        size="small"
                        icon={<ExperimentOutlined />}
                        loading={busy === `dry-${r.version}` || ['queued', 'running'].includes(dryRuns.runs[r.version]?.status ?? '')}
                        onClick={() => void dryRun(r.version)}
                      >
                        {t('ruleSets.dryRun')}
                      </Button>
                      <Popconfirm title={t('ruleSets.publishConfirm')} onConfirm={() => void act(`pub-${r.version}`, () => healthOfficeApi.publish(r.version), t('ruleSets.published'))} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                        <Button size="small" type="primary" icon={<SendOutlined />} loading={busy === `pub-${r.version}`}>
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
      {Object.keys(dryRuns.runs).length > 0 && (
        <Card className="fx-card" title={t('ruleSets.dryRun')}>
          <List
            dataSource={Object.values(dryRuns.runs)}
            renderItem={(job) => (
              <List.Item key={job.jobId}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  <strong>v{job.version}</strong>
                  <DryRunView job={job} />
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {drafting && <DraftModal from={drafting} onClose={() => setDrafting(null)} onSaved={() => void changes.done(t('ruleSets.drafted'))} />}
    </PageContainer>
  );
}

function DraftModal({ from, onClose, onSaved }: { from: RuleSetSummary; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('health');
  // The server names the rule and the problem (HC_RULESET_INVALID with details); FormModal shows it.
  const submit = async (values: { note: string; rules: string }) => {
    let rules: Rule[];
    try {
      rules = JSON.parse(values.rules) as Rule[];
      if (!Array.isArray(rules)) throw new Error('not an array');
    } catch {
      return t('ruleSets.jsonInvalid');
    }
    await healthOfficeApi.draftRuleSet(rules, values.note?.trim() ?? '');
    onSaved();
  };
  return (
    <FormModal<{ note: string; rules: string }> width={880} title={`${t('ruleSets.draft')} (v${from.version})`} onClose={onClose} onSubmit={submit} initialValues={{ note: '', rules: JSON.stringify(from.rules, null, 2) }}>
      <Form.Item name="note" label={t('ruleSets.draftNote')} rules={[{ max: 500 }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="rules" label={t('ruleSets.draftRules')} rules={[{ required: true, message: t('ruleSets.jsonInvalid') }]}>
        <Input.TextArea rows={18} className="fx-mono" spellCheck={false} />
      </Form.Item>
    </FormModal>
  );
}
