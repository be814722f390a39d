/** Previous / next over the pages of an organisation's day (large organisations: thousands of members). */
import { Button, Space } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { OrgDay } from '../../shared/checkin/checkin.api.ts';

export function DayPager({ page, onOffset }: { page: OrgDay['page']; onOffset: (offset: number) => void }) {
  const { t } = useTranslation('checkin');
  if (!page || page.count <= page.limit) return null;
  const to = Math.min(page.offset + page.limit, page.count);
  return (
    <Space align="center" wrap data-testid="day-pager">
      <Button size="mini" disabled={page.offset === 0} onClick={() => onOffset(Math.max(0, page.offset - page.limit))}>
        {t('admin.prevPage')}
      </Button>
      <span>{t('admin.pageOf', { from: page.offset + 1, to, count: page.count })}</span>
      <Button size="mini" disabled={to >= page.count} onClick={() => onOffset(page.offset + page.limit)}>
        {t('admin.nextPage')}
      </Button>
    </Space>
  );
}
