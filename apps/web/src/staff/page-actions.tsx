/** The buttons in a console page's header: refresh the list, create a new entry. */
import type { ReactNode } from 'react';
import { Button } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

/** 刷新: reads the page's query again; spins while any read of it runs. */
export function RefreshButton({ query }: { query: Pick<UseQueryResult, 'refetch' | 'isFetching'> }) {
  const { t } = useTranslation('common');
  return (
    <Button icon={<ReloadOutlined />} loading={query.isFetching} onClick={() => void query.refetch()}>
      {t('action.refresh')}
    </Button>
  );
}

/** The page's primary action (新增 / 登记 / 新建 …), usually opening a form modal. */
export function CreateButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick}>
      {children}
    </Button>
  );
}
