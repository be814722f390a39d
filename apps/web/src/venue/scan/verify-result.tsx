/** The answer of a door check, big enough to read at a glance: colour, pass or stop, masked identity, validity. */
import { Alert, Card, Descriptions, Result, Tag } from 'antd';
import { CheckCircleFilled, StopFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { COLOUR_HEX } from '../../shared/health/colour.ts';
import type { VerifyAnswer } from '../../shared/health/health.types.ts';
import { formatDateTime } from '../../shared/format.ts';

/** Shows one verification answer. */
export function VerifyResult({ answer }: { answer: VerifyAnswer }) {
  const { t } = useTranslation('health');
  const valid = answer.valid;
  const colour = valid && answer.colour ? answer.colour : undefined;
  const pass = answer.decision === 'pass';
  return (
    <Card className="fx-card fx-verify-result" data-testid="verify-result" data-colour={colour ?? 'none'} data-decision={answer.decision} style={colour ? { borderTop: `6px solid ${COLOUR_HEX[colour]}` } : undefined}>
      <Result
        icon={pass ? <CheckCircleFilled style={{ color: COLOUR_HEX.green }} /> : <StopFilled style={{ color: colour ? COLOUR_HEX[colour] : '#8c8c8c' }} />}
        title={
          <span className="fx-verify-title">
            {colour && (
              <span className="fx-verify-colour" style={{ background: COLOUR_HEX[colour] }} data-testid="verify-colour">
                {t(`colour.${colour}`)}
              </span>
            )}
            <span data-testid="verify-decision">{t(`decision.${answer.decision}`)}</span>
          </span>
        }
        subTitle={<span data-testid="verify-message">{answer.message}</span>}
      />
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label={t('verify.validity')}>
          {valid ? <Tag color="success">{t('verify.valid')}</Tag> : <Tag color="error">{t('verify.invalid')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('verify.expiresAt')}>{formatDateTime(answer.expiresAt)}</Descriptions.Item>
        {answer.reason && (
          <Descriptions.Item label={t('verify.reason')}>
            <span data-testid="verify-reason" data-reason={answer.reason}>{t(`verify.refusal.${answer.reason}`, { defaultValue: answer.message })}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('verify.identity')}>
          <span data-testid="verify-identity">{[answer.maskedName, answer.maskedId].filter(Boolean).join('  ') || '—'}</span>
        </Descriptions.Item>
        {answer.mutualRecognition && <Descriptions.Item label={t('verify.validity')}>{t('verify.otherIssuer', { issuer: answer.issuer ?? '' })}</Descriptions.Item>}
      </Descriptions>
      {answer.scanRecorded && <Alert type="info" showIcon title={t('verify.recorded')} style={{ marginTop: 12 }} />}
    </Card>
  );
}
