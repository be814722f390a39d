/**
 * 单位批量核查 in the citizen app: a citizen acting for their organisation (a company, a school) uploads
 * the staff's trips on the XLSX template and gets each row's verdict by the same-trip rules, the bad
 * rows with line and reason, and the result workbook. Nothing of the list is stored on the server.
 */
import { Button, List, Result, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { batchFieldLabel, batchRejectText, type BatchVerdict } from '../../shared/tracing/batch-check.ts';
import { useBatchCheck } from '../../shared/tracing/use-batch-check.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import './tracing.css';

const VERDICT_COLOUR: Record<BatchVerdict, 'danger' | 'warning' | 'primary' | 'success'> = { close: 'danger', possible: 'primary', general: 'warning', none: 'success' };

export function BatchCheckPage() {
  const { t, i18n } = useTranslation('tracing');
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const { busy, error, checked, pick, download } = useBatchCheck();
  const result = checked?.result;
  return (
    <MobilePage title={t('batch.title')} back>
      <p className="fx-page-intro">{t('batch.intro')}</p>
      <div className="fx-form-actions">
        <a className="fx-link-button" href="/api/tracing/batch-check/template.xlsx" data-testid="batch-template">
          {t('batch.template')}
        </a>
        <label className="fx-file-pick">
          <span>{busy ? '…' : t('batch.upload')}</span>
          <input type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" disabled={busy} aria-label={t('batch.upload')} onChange={(e) => void pick(e.target.files?.[0])} data-testid="batch-file" />
        </label>
        <FormError error={error} />
      </div>
      {result && (
        <div data-testid="batch-result">
          <Result
            status={result.rows.some((r) => r.verdict !== 'none') ? 'warning' : 'success'}
            title={t('batch.summary', { checked: result.checked, matched: result.rows.filter((r) => r.verdict !== 'none').length, rejected: result.rejected.length })}
          />
          <List header={t('batch.title')} className="fx-list" data-testid="batch-rows">
            {result.rows.map((r) => (
              <List.Item key={r.line} description={r.explanation[lang]} extra={<Tag color={VERDICT_COLOUR[r.verdict]}>{t(`batch.verdicts.${r.verdict}`)}</Tag>}>
                {r.name} · {r.kind === 'place' || !r.mode ? `${r.place ?? ''} ${r.from ?? ''}–${r.to ?? ''}` : `${t(`mode.${r.mode}`)} ${r.number ?? ''}`} · {r.date}
              </List.Item>
            ))}
          </List>
          {result.rejected.length > 0 && (
            <List header={t('batch.rejected')} className="fx-list" data-testid="batch-rejected">
              {result.rejected.map((r) => (
                <List.Item key={`${r.line}-${r.field ?? ''}`} description={batchRejectText(t, r)}>
                  {t('batch.lineField', { line: r.line, field: batchFieldLabel(t, r.field) })}
                </List.Item>
              ))}
            </List>
          )}
          <div className="fx-form-actions">
            <Button block color="primary" onClick={() => void download()} data-testid="batch-download">
              {t('batch.download')}
            </Button>
          </div>
        </div>
      )}
    </MobilePage>
  );
}
