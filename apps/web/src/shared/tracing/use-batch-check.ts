/** The organisation batch check's page state, shared by the console and the citizen app: pick a list, check it, download the result. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../api/errors.ts';
import { batchResultWorkbook, fileBase64, runBatchCheck, type BatchCheckResult } from './batch-check.ts';

export function useBatchCheck() {
  const { t, i18n } = useTranslation('tracing');
  const [busy, setBusy] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ fileName: string; content: string; result: BatchCheckResult } | null>(null);

  /** Sends the picked list (XLSX) and keeps its answer, or the error in the reader's language. */
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const content = await fileBase64(file);
      setChecked({ fileName: file.name, content, result: await runBatchCheck(content) });
    } catch (err) {
      setChecked(null);
      setError(messageOf(err, t('batch.failed')));
    } finally {
      setBusy(false);
    }
  };

  /** The result workbook in the reader's language, saved as «list name»-核查结果.xlsx (the list is sent again: nothing is stored). */
  const download = async () => {
    if (!checked) return;
    setDownloading(true);
    try {
      const url = URL.createObjectURL(await batchResultWorkbook(checked.content, i18n.language));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${checked.fileName.replace(/\.xlsx$/i, '')}-${t('batch.resultSuffix')}.xlsx`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(messageOf(err, t('batch.failed')));
    } finally {
      setDownloading(false);
    }
  };

  return { busy, downloading, error, checked, pick, download };
}
