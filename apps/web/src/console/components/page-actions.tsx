/** The buttons in a console page's header: refresh the list, create a new entry. */
import type { ReactNode } from 'react';
import { Button } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** 刷新: loads the page's list again. */
export function RefreshButton({ onRefresh }: { onRefresh: () => unknown }) {
  const { t } = useTranslation('common');
  return (
    <Button icon={<ReloadOutlined />} onClick={() => void onRefresh()}>
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
