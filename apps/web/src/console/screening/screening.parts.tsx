/** Small pieces the screening pages share: a masked person, status and source-kind tags, SLA countdowns, a download button, an export request. */
import { useEffect, useState } from 'react';
import { Button, Tag, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { screeningApi, screeningKeys, SOURCE_KIND_COLOUR, STATUS_COLOUR, type ExportAsk, type ScreeningPerson, type ScreeningStatus, type SourceKind, type ScreeningTask } from './screening.api.ts';
import { ReasonModal } from './reason-modal.tsx';

/** The masked name, then the masked ID number and phone in monospace (the server never sends them unmasked). */
export function PersonCell({ person }: { person: Pick<ScreeningPerson, 'name' | 'documentNumber' | 'phone'> }) {
  return (
    <span>
      {person.name ?? '—'} <span className="fx-mono">{person.documentNumber ?? ''}</span>
      {person.phone && <Typography.Text type="secondary" className="fx-mono"> {person.phone}</Typography.Text>}
    </span>
  );
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation('screening');
  return <Tag color={STATUS_COLOUR[status as ScreeningStatus] ?? 'default'}>{t(`status.${status}`, { defaultValue: status })}</Tag>;
}

export function SourceKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation('screening');
  return <Tag color={SOURCE_KIND_COLOUR[kind as SourceKind] ?? 'default'}>{t(`kind.${kind}`, { defaultValue: kind })}</Tag>;
}

/** The current time, ticking every second (for countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** 3 时 05 分 12 秒 style duration (absolute), in the UI language. */
export function useDuration(): (seconds: number) => string {
  const { t } = useTranslation('screening');
  return (seconds) => {
    const s = Math.max(0, Math.floor(Math.abs(seconds)));
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    return d > 0 ? t('duration.days', { d, h, m }) : t('duration.hours', { h, m: String(m).padStart(2, '0'), s: String(sec).padStart(2, '0') });
  };
}

/**
 * A task's SLA countdown: the server's seconds to the next unmet deadline when the list was read,
 * counted down in the browser; red and 已超时 once past.
 */
export function SlaCountdown({ task, readAt, now }: { task: Pick<ScreeningTask, 'secondsToDeadline' | 'status' | 'overdue'>; readAt: number; now: number }) {
  const { t } = useTranslation('screening');
  const duration = useDuration();
  if (task.status !== 'open' || task.secondsToDeadline === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const left = task.secondsToDeadline - (now - readAt) / 1000;
  if (left <= 0) {
    return (
      <Tag color="red" data-testid="sla-overdue">
        {t('tasks.overdueBy', { time: duration(left) })}
      </Tag>
    );
  }
  return (
    <Typography.Text type={left < 3600 ? 'warning' : undefined} data-testid="sla-countdown">
      {t('tasks.left', { time: duration(left) })}
    </Typography.Text>
  );
}

/** A link to an XLSX the server streams (GET with the session cookie), shown as a button. */
export function DownloadButton({ href, label, testId, size }: { href: string; label: string; testId?: string; size?: 'small' }) {
  return (
    <Button icon={<DownloadOutlined />} href={href} download size={size} data-testid={testId}>
      {label}
    </Button>
  );
}

/**
 * An export of personal data is asked for, not downloaded: the officer gives the reason, a different
 * officer approves it on 导出审批, and the officer downloads it there (maker-checker).
 */
export function ExportRequestButton({ ask, label, testId, size }: { ask: ExportAsk; label: string; testId?: string; size?: 'small' }) {
  const { t } = useTranslation('screening');
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<SafetyCertificateOutlined />} size={size} data-testid={testId} onClick={() => setOpen(true)}>
        {label}
      </Button>
      {open && (
        <ReasonModal
          title={t('exports.requestTitle', { what: t(`exports.kind.${ask.export}`) })}
          send={(reason) => screeningApi.proposeExport(ask, reason)}
          invalidates={[screeningKeys.exports]}
          success={t('exports.requested')}
          onClose={() => setOpen(false)}
        >
          <Typography.Paragraph type="secondary">{t('exports.requestHint')}</Typography.Paragraph>
        </ReasonModal>
      )}
    </>
  );
}

/** A division's name with its GB/T 2260 code beside it (the code alone when the name is unknown). */
export function DivisionCell({ name, code }: { name: string | null | undefined; code: string | null | undefined }) {
  if (!code) return <>—</>;
  return (
    <span>
      {name ?? code}
      {name && <Typography.Text type="secondary" className="fx-mono"> {code}</Typography.Text>}
    </span>
  );
}
