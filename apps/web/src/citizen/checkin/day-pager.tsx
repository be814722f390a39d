/** Previous / next over the pages of an organisation's day (large organisations: thousands of members), by the server's keyset cursors. */
import { useState } from 'react';
import { Button, Space } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { OrgDay } from '../../shared/checkin/checkin.api.ts';

/** The cursors of the pages walked through: the last one is the page shown (none: the first page). */
export function useDayPages() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    after: cursors.at(-1),
    isFirst: cursors.length === 0,
    next: (cursor: string) => setCursors((cs) => [...cs, cursor]),
    previous: () => setCursors((cs) => cs.slice(0, -1)),
    reset: () => setCursors([]),
  };
}

export type DayPages = ReturnType<typeof useDayPages>;

export function DayPager({ page, shown, pages }: { page: OrgDay['page']; shown: number; pages: DayPages }) {
  const { t } = useTranslation('checkin');
  if (!page || (pages.isFirst && !page.next)) return null;
  const next = page.next;
  return (
    <Space align="center" wrap data-testid="day-pager">
      <Button size="mini" disabled={pages.isFirst} onClick={pages.previous}>
        {t('admin.prevPage')}
      </Button>
      <span>{t('admin.pageOf', { from: shown === 0 ? 0 : page.offset + 1, to: page.offset + shown, count: page.count })}</span>
      <Button size="mini" disabled={!next} onClick={() => {
          if (next) pages.next(next);
        }}>
        {t('admin.nextPage')}
      </Button>
    </Space>
  );
}
