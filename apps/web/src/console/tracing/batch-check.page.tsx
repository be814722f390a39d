/**
 * 单位批量核查: an organisation's list of staff trips (the XLSX template) checked against the published,
 * de-identified trips by the self-check rules — each row's verdict with the explanation, the bad rows
 * with line, field and reason, and the result as a workbook to download. Nothing of the list is stored.
 */
import { Alert, Button, Card, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../components/page-container.tsx';
import type { BatchCheckResult, BatchVerdict } from './tracing.api.ts';
import { batchFieldLabel, batchRejectText } from '../../shared/tracing/batch-check.ts';
import { useBatchCheck } from '../../shared/tracing/use-batch-check.ts';

const VERDICT_COLOUR: Record<BatchVerdict, string> = { close: 'red', possible: 'orange', general: 'gold', none: 'green' };

export function BatchCheckPage() {
  const { t, i18n } = useTranslation('tracing');
  const { busy, downloading, error, checked, pick, download } = useBatchCheck();
  const en = i18n.language.startsWith('en');
  const result = checked?.result;
  const matched = result?.rows.filter((r) => r.verdict !== 'none').length ?? 0;
  return (
    <PageContainer
      title={t('batch.title')}
      section={t('nav.section')}
      description={t('batch.intro')}
      extra={
        <Space wrap>
          <Button href="/api/tracing/batch-check/template.xlsx" target="_blank" data-testid="batch-template">
            {t('batch.template')}
          </Button>
          <span data-testid="batch-upload">
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => (void pick(file), false)}>
              <Button type="primary" loading={busy}>
                {t('batch.upload')}
              </Button>
            </Upload>
          </span>
          <Button disabled={!checked} loading={downloading} onClick={() => void download()} data-testid="batch-download">
            {t('batch.download')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} className="fx-card" />}
      <Card className="fx-card">
        {!result ? (
          <Typography.Paragraph type="secondary" data-testid="batch-empty">
            {t('batch.empty')}
          </Typography.Paragraph>
        ) : (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Space size="large" wrap data-testid="batch-summary">
              <Statistic title={t('batch.file')} value={checked.fileName} valueStyle={{ fontSize: 16 }} />
              <Statistic title={t('batch.checked')} value={result.checked} />
              <Statistic title={t('batch.matched')} value={matched} />
              <Statistic title={t('batch.rejectedCount')} value={result.rejected.length} />
            </Space>
            <Table
              size="small"
              rowKey="line"
              data-testid="batch-rows"
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={result.rows}
              locale={{ emptyText: t('batch.noRows') }}
              columns={[
                { title: t('cases.line'), dataIndex: 'line', width: 64 },
                { title: t('cases.name'), dataIndex: 'name' },
                { title: t('batch.contact'), dataIndex: 'contact', render: (v: string) => v || '—' },
                { title: t('file.mode'), dataIndex: 'mode', render: (m: BatchCheckResult['rows'][number]['mode']) => (m ? t(`mode.${m}`) : t('batch.fields.place')) },
                { title: t('selfCheck.number'), key: 'number', render: (_: unknown, r) => r.number ?? (r.place ? `${r.place} ${r.from ?? ''}–${r.to ?? ''}` : '—') },
                { title: t('selfCheck.date'), dataIndex: 'date' },
                { title: t('file.carriage'), dataIndex: 'carriage', render: (v: string | null) => v ?? '—' },
                { title: t('file.seat'), dataIndex: 'seat', render: (v: string | null) => v ?? '—' },
                {
                  title: t('batch.verdict'),
                  dataIndex: 'verdict',
                  render: (v: BatchVerdict) => (
                    <Tag color={VERDICT_COLOUR[v]} data-verdict={v}>
                      {t(`batch.verdicts.${v}`)}
                    </Tag>
                  ),
                },
                { title: t('batch.explanation'), key: 'explanation', render: (_: unknown, r) => <Typography.Text style={{ fontSize: 12 }}>{en ? r.explanation.en : r.explanation.zh}</Typography.Text> },
              ]}
            />
            {result.rejected.length > 0 && (
              <Card size="small" title={t('batch.rejected')} data-testid="batch-rejected">
                <Table
                  size="small"
                  rowKey={(r) => `${r.line}-${r.field ?? ''}`}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  dataSource={result.rejected}
                  columns={[
                    { title: t('cases.line'), dataIndex: 'line', width: 64 },
                    { title: t('cases.field'), dataIndex: 'field', render: (v: string | null) => batchFieldLabel(t, v) },
                    { title: t('file.reason'), key: 'reason', render: (_: unknown, r) => batchRejectText(t, r) },
                  ]}
                />
              </Card>
            )}
          </Space>
        )}
      </Card>
    </PageContainer>
  );
}
