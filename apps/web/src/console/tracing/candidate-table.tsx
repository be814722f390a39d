/**
 * The one candidate-contact table of tracing (候选密接): first-degree co-presence candidates and
 * second-degree candidates in the case drawer, and the citizens' self-reports — each row a person
 * (masked name and ID number, masked phone, household division), what links them to the case (the
 * caller's columns), and 研判: the decision so far and confirm / dismiss. ContactDecisionModal is the
 * decision's form (contact type when confirming, the grounds), the same for all three.
 */
import type { ReactNode } from 'react';
import { Button, Form, Input, Select, Space, Table, Typography, type TableColumnsType, type TableProps } from 'antd';
import type { QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RegionName } from '../../staff/region-name.tsx';
import { FormModal } from '../components/form-modal.tsx';

/** What every candidate row shows of the person: masked by the server. */
export interface CandidatePerson {
  name: string;
  phone: string;
  documentNumber?: string;
  householdDivision: string | null;
}

export type ContactDecision = 'confirmed' | 'dismissed';
export type ContactLevel = 'close' | 'secondary' | 'general';

interface CandidateTableProps<T extends CandidatePerson> extends Omit<TableProps<T>, 'columns' | 'size'> {
  /** Columns before the person (e.g. when it was reported). */
  leading?: TableColumnsType<T>;
  /** Columns after the person, phone and household: the overlap, the exposures, the reported point… */
  columns: TableColumnsType<T>;
  /** The decision already taken (a tag), if any. */
  decided?: (row: T) => ReactNode;
  /** Whether the row can still be decided (default: always). */
  canDecide?: (row: T) => boolean;
  /** Confirm / dismiss pressed. */
  onDecide: (row: T, decision: ContactDecision) => void;
  /** The confirm button's label (确认为密接, 确认为次密接). */
  confirmLabel?: string;
}

/** What CandidatePager reads of an infinite query of candidate pages. */
interface PagedList<T> {
  data?: { pages: { items: T[]; total: number }[] };
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The people of the pages read so far, in rank order, and how many there are in all. */
export function pagedRows<T>(list: PagedList<T>): { rows: T[]; total: number } {
  const pages = list.data?.pages ?? [];
  return { rows: pages.flatMap((p) => p.items), total: pages.at(-1)?.total ?? 0 };
}

/** Under a candidate table: 已显示 N 人，共 M 人, and 显示更多 while there is a next page. */
export function CandidatePager<T>({ list, testId }: { list: PagedList<T>; testId?: string }) {
  const { t } = useTranslation('tracing');
  const { rows, total } = pagedRows(list);
  if (total === 0) return null;
  return (
    <div className="fx-load-more" data-testid={testId}>
      <Space>
        <Typography.Text type="secondary">{t('contacts.shown', { shown: rows.length, total })}</Typography.Text>
        {list.hasNextPage && (
          <Button size="small" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('contacts.more')}
          </Button>
        )}
      </Space>
    </div>
  );
}

/** The candidate table: person, phone, household, the caller's columns, 研判. */
export function CandidateTable<T extends CandidatePerson>({ leading = [], columns, decided, canDecide, onDecide, confirmLabel, ...table }: CandidateTableProps<T>) {
  const { t } = useTranslation('tracing');
  return (
    <Table<T>
      size="small"
      pagination={false}
      {...table}
      columns={[
        ...leading,
        { title: t('contacts.person'), key: 'person', render: (_: unknown, c: T) => `${c.name || '—'}${c.documentNumber ? ` ${c.documentNumber}` : ''}` },
        { title: t('contacts.phone'), dataIndex: 'phone' },
        { title: t('contacts.household'), dataIndex: 'householdDivision', render: (code: string | null) => <RegionName code={code} allLabel="—" /> },
        ...columns,
        {
          title: t('contacts.decision'),
          key: 'decision',
          render: (_: unknown, c: T) => {
            const tag = decided?.(c);
            const open = canDecide ? canDecide(c) : true;
            return (
              <Space direction="vertical" size={4}>
                {tag}
                {open && (
                  <Space>
                    <Button size="small" type="primary" onClick={() => onDecide(c, 'confirmed')}>
                      {confirmLabel ?? t('contacts.confirm')}
                    </Button>
                    <Button size="small" onClick={() => onDecide(c, 'dismissed')}>
                      {t('contacts.dismiss')}
                    </Button>
                  </Space>
                )}
              </Space>
            );
          },
        },
      ]}
    />
  );
}

interface DecisionModalProps<R> {
  decision: ContactDecision;
  /** The contact types offered when confirming; the first is the default. */
  levels: readonly ContactLevel[];
  title: string;
  /** Shown above the fields (who, how long, what follows). */
  intro?: ReactNode;
  formTestId?: string;
  send: (input: { decision: ContactDecision; level?: ContactLevel; reason: string }) => Promise<R>;
  invalidates: readonly QueryKey[];
  success: string;
  onClose: () => void;
}

/** Confirm (with the contact type) or dismiss a candidate, with the grounds (2–500 characters, as the server). */
export function ContactDecisionModal<R>({ decision, levels, title, intro, formTestId, send, invalidates, success, onClose }: DecisionModalProps<R>) {
  const { t } = useTranslation('tracing');
  return (
    <FormModal<{ level?: ContactLevel; reason: string }>
      title={title}
      onClose={onClose}
      send={(v) => send({ decision, level: decision === 'confirmed' ? (v.level ?? levels[0]) : undefined, reason: v.reason.trim() })}
      invalidates={invalidates}
      success={success}
      formTestId={formTestId}
      initialValues={{ level: levels[0] }}
    >
      {intro && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      {decision === 'confirmed' && (
        <Form.Item name="level" label={t('contacts.level')}>
          <Select options={levels.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
        </Form.Item>
      )}
      <Form.Item name="reason" label={t('contacts.reason')} rules={[{ required: true, message: t('cases.required') }, { min: 2, max: 500, whitespace: true, message: t('contacts.reasonLength') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}
