/** The signed-in staff member in the header: name, department and roles, and sign-out. */
import { Avatar, Dropdown, Space } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../shared/session/session.tsx';

/** Avatar + name opening a menu with the account's roles and sign-out. */
export function UserMenu() {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  if (!me) return null;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', type: 'group', label: [me.department, ...me.roles.map((r) => t(`common:role.${r}`))].filter(Boolean).join(' · ') },
          { type: 'divider' },
          { key: 'sign-out', icon: <LogoutOutlined />, label: t('common:action.signOut'), danger: true },
        ],
        onClick: async ({ key }) => {
          if (key !== 'sign-out') return;
          // RequireSession then sends the user to the sign-in page.
          await signOut();
        },
      }}
    >
      <Space className="fx-user-menu" data-testid="user-menu" role="button" tabIndex={0}>
        <Avatar size="small" icon={<UserOutlined />} />
        <span>{me.displayName}</span>
      </Space>
    </Dropdown>
  );
}
