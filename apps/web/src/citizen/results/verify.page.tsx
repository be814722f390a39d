/**
 * 证照核验: anyone (no sign-in) enters a document code — or opens the QR code's link, which carries it —
 * or picks the PDF, and sees whether the document is genuine, what it certifies (masked as printed)
 * and whether it was revoked.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Input, List, Result } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { Verification } from '@fangxian/contracts/results';
import { ApiError } from '../../shared/api/client.ts';
import { messageOf } from '../../shared/api/errors.ts';
import { formatDateTime } from '../../shared/format.ts';
import { FormError } from '../components/form-footer.tsx';
import { MobilePage } from '../components/page.tsx';
import { documentsApi } from './results.api.ts';

type Outcome = { kind: 'result'; verification: Verification; byFile: boolean } | { kind: 'unknown' } | null;

export function VerifyDocumentPage() {
  const { t } = useTranslation('results');
  const [search] = useSearchParams();
  const [code, setCode] = useState(search.get('code') ?? '');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const run = async (check: () => Promise<Verification>, byFile: boolean) => {
    setPending(true);
    setError(null);
    try {
      setOutcome({ kind: 'result', verification: await check(), byFile });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setOutcome({ kind: 'unknown' });
      else {
        setOutcome(null);
        setError(messageOf(e, t('common:state.failed')));
      }
    } finally {
      setPending(false);
    }
  };

  useEffect(() => {
    const fromLink = search.get('code');
    if (fromLink) void run(() => documentsApi.verifyCode(fromLink), false);
    // Only the code the page was opened with is checked by itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <MobilePage title={t('nav.verify')} back>
      <p className="fx-page-intro">{t('verify.intro')}</p>
      <Card className="fx-card">
        <Input value={code} onChange={setCode} placeholder={t('verify.codePlaceholder')} aria-label={t('verify.code')} clearable data-testid="verify-code" />
        <Button block color="primary" style={{ marginTop: 12 }} loading={pending} disabled={code.trim().length < 4} onClick={() => void run(() => documentsApi.verifyCode(code), false)} data-testid="verify-submit">
          {t('verify.submit')}
        </Button>
        <label className="fx-muted" style={{ display: 'block', marginTop: 12 }}>
          {t('verify.file')}
          <input
            type="file"
            accept="application/pdf"
            style={{ display: 'block', marginTop: 4 }}
            data-testid="verify-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void run(() => documentsApi.verifyFile(file), true);
            }}
          />
        </label>
        <FormError error={error} />
      </Card>
      {outcome?.kind === 'unknown' && <Result status="error" title={t('verify.unknown')} description="" data-testid="verify-result-unknown" />}
      {outcome?.kind === 'result' && <VerificationCard verification={outcome.verification} byFile={outcome.byFile} />}
    </MobilePage>
  );
}

function VerificationCard({ verification, byFile }: { verification: Verification; byFile: boolean }) {
  const { t } = useTranslation('results');
  const { genuine, status, document } = verification;
  const ok = genuine && status === 'valid';
  const title = status === 'unknown' ? (byFile ? t('verify.fileUnknown') : t('verify.unknown')) : t(`verify.${genuine && status === 'valid' ? 'genuine' : status}`);
  return (
    <div data-testid="verify-result" data-status={status} data-genuine={String(genuine)}>
      <Result status={ok ? 'success' : status === 'revoked' || status === 'expired' ? 'warning' : 'error'} title={title} description={document ? `${document.title} · ${document.code}` : ''} />
      {document && (
        <List className="fx-list">
          <List.Item extra={t(`kind.${document.kind}`)}>{document.title}</List.Item>
          <List.Item extra={document.holder}>{t('verify.holder')}</List.Item>
          {document.facts.map((f) => (
            <List.Item key={f.label} extra={f.value}>{f.label}</List.Item>
          ))}
          <List.Item extra={document.issuerDepartment}>{t('verify.issuer')}</List.Item>
          <List.Item extra={formatDateTime(document.issuedAt)}>{t('verify.issuedAt')}</List.Item>
          {document.validUntil && <List.Item extra={formatDateTime(document.validUntil)}>{t('verify.validUntil')}</List.Item>}
          {document.revokedAt && <List.Item extra={formatDateTime(document.revokedAt)}>{t('verify.revokedAt')}</List.Item>}
          {document.revokeReason && <List.Item extra={document.revokeReason}>{t('verify.revokeReason')}</List.Item>}
          <List.Item extra={`${document.algorithm} · ${document.kid}`}>{t('verify.signature')}</List.Item>
        </List>
      )}
    </div>
  );
}
