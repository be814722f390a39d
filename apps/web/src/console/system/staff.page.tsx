/** 用户管理: staff accounts in the officer's region — list, create, edit, disable, revoke sessions, reset password. */
import { useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Tag, Tooltip, type FormInstance } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { AuditOutlined, EditOutlined, KeyOutlined, LockOutlined, LogoutOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { USERNAME_PATTERN } from '@fangxian/contracts/identity';
import { STAFF_ROLES, type StaffAccount, type StaffRole } from '../../shared/api/types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { useAction } from '../../staff/use-action.ts';
import { ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { labelRule } from '../../shared/forms/name-rules.ts';
import { staffApi, staffQuery, systemKeys, venueOptionsQuery, type NewStaff } from './system.api.ts';

// The server's rule (passwords.ts): at least 12 characters, and it also refuses common and guessable ones.
const PASSWORD_MIN = 12;

type EditValues = Pick<StaffAccount, 'displayName' | 'department' | 'roles' | 'regionCode'>;

/** The staff accounts page. */
export function StaffPage() {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const { me, can } = useSession();
  const client = useQueryClient();
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<StaffAccount | null>(null);
  const [resetting, setResetting] = useState<StaffAccount | null>(null);

  const list = useQuery(staffQuery());
  const loadError = useLoadError(list.error);
  // A change updates its row from the server's answer: no reload.
  const replace = (updated: StaffAccount) => client.setQueryData<StaffAccount[]>(systemKeys.staff, (rows) => rows?.map((r) => (r.id === updated.id ? updated : r)));
  const revoke = useAction({ send: (account: StaffAccount) => staffApi.revokeSessions(account.id), success: t('staff.revoked') });
  // Forced reset: the account is signed out everywhere and must set a new password at its next sign-in.
  const forceReset = useAction({
    send: (account: StaffAccount) => staffApi.update(account.id, { passwordResetRequired: true }),
    success: t('staff.forceResetDone'),
    onDone: replace,
  });
  const toggle = useAction({
    send: (account: StaffAccount) => staffApi.update(account.id, { disabled: !account.disabled }),
    success: (_, account) => (account.disabled ? t('staff.enabled') : t('staff.disabledDone')),
    onDone: replace,
  });

  const visible = useMemo(() => {
    const rows = list.data ?? [];
    const q = filter.trim().toLowerCase();
    if (!q) return rows;
    return rows.filter((r) => [r.username, r.displayName, r.department, r.regionName].some((v) => v?.toLowerCase().includes(q)));
  }, [list.data, filter]);

  const roleOptions = STAFF_ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) }));

  return (
    <PageContainer
      title={t('nav.staff')}
      section={t('nav.section.system')}
      description={t('staff.description')}
      extra={
        <Space>
          <RefreshButton query={list} />
          <CreateButton onClick={() => setCreating(true)}>{t('staff.create')}</CreateButton>
        </Space>
      }
    >
      <Card className="fx-card">
        <Input.Search allowClear placeholder={t('staff.filterPlaceholder')} onChange={(e) => setFilter(e.target.value)} style={{ width: 320, marginBottom: 16 }} />
        {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 16 }} />}
        <ListTable<StaffAccount>
          query={list}
          dataSource={visible}
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('staff.empty')} /> }}
          columns={[
            { title: t('staff.username'), dataIndex: 'username', width: 130, render: (v: string) => <span className="fx-mono">{v}</span> },
            { title: t('staff.displayName'), dataIndex: 'displayName', width: 120 },
            { title: t('staff.department'), dataIndex: 'department', width: 150 },
            {
              title: t('staff.roles'),
              dataIndex: 'roles',
              render: (roles: StaffRole[]) => roles.map((r) => <Tag key={r}>{t(`common:role.${r}`)}</Tag>),
            },
            { title: t('staff.region'), dataIndex: 'regionName', width: 120 },
            {
              title: t('staff.status'),
              dataIndex: 'disabled',
              width: 90,
              render: (disabled: boolean) => <Badge status={disabled ? 'default' : 'success'} text={disabled ? t('staff.disabled') : t('staff.active')} />,
            },
            { title: t('staff.createdAt'), dataIndex: 'createdAt', width: 180, render: (v: string) => <span className="fx-nowrap">{formatDateTime(v)}</span> },
            {
              title: t('staff.actions'),
              key: 'actions',
              fixed: 'right',
              width: 230,
              render: (_: unknown, row) => {
                const self = row.id === me?.id;
                return (
                  <Space size={0} wrap>
                    <Tooltip title={t('staff.edit')}>
                      <Button type="link" size="small" icon={<EditOutlined />} aria-label={t('staff.edit')} onClick={() => setEditing(row)} />
                    </Tooltip>
                    <Tooltip title={t('staff.resetPassword')}>
                      <Button type="link" size="small" icon={<KeyOutlined />} aria-label={t('staff.resetPassword')} onClick={() => setResetting(row)} />
                    </Tooltip>
                    {!self && (
                      <Popconfirm title={t('staff.forceResetConfirm', { name: row.displayName })} onConfirm={() => void forceReset.run(row)}>
                        <Tooltip title={t('staff.forceReset')}>
                          <Button type="link" size="small" icon={<LockOutlined />} aria-label={t('staff.forceReset')} data-testid={`force-reset-${row.username}`} />
                        </Tooltip>
                      </Popconfirm>
                    )}
                    <Popconfirm
                      title={t('staff.revokeConfirm', { name: row.displayName })}
                      onConfirm={() => void revoke.run(row)}
                    >
                      <Tooltip title={t('staff.revokeSessions')}>
                        <Button type="link" size="small" icon={<LogoutOutlined />} aria-label={t('staff.revokeSessions')} />
                      </Tooltip>
                    </Popconfirm>
                    {!self && (
                      <Popconfirm
                        title={row.disabled ? t('staff.enableConfirm', { name: row.displayName }) : t('staff.disableConfirm', { name: row.displayName })}
                        onConfirm={() => void toggle.run(row)}
                      >
                        <Tooltip title={row.disabled ? t('staff.enable') : t('staff.disable')}>
                          <Button
                            type="link"
                            size="small"
                            danger={!row.disabled}
                            icon={row.disabled ? <CheckCircleOutlined /> : <StopOutlined />}
                            aria-label={row.disabled ? t('staff.enable') : t('staff.disable')}
                          />
                        </Tooltip>
                      </Popconfirm>
                    )}
                    {can('audit.trail.search') && (
                      <Tooltip title={t('staff.auditTrail')}>
                        <Link to={`/audit?subjectType=staff&subjectId=${encodeURIComponent(row.id)}`} aria-label={t('staff.auditTrail')} data-testid={`audit-link-${row.username}`}>
                          <Button type="link" size="small" icon={<AuditOutlined />} tabIndex={-1} />
                        </Link>
                      </Tooltip>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>

      <CreateStaffModal
        open={creating}
        scope={me?.regionCode ?? ''}
        roleOptions={roleOptions}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          client.setQueryData<StaffAccount[]>(systemKeys.staff, (rows) => [created, ...(rows ?? [])]);
          message.success(t('staff.createdMessage', { username: created.username }));
        }}
      />
      {editing && (
        <EditStaffModal
          account={editing}
          scope={me?.regionCode ?? ''}
          roleOptions={roleOptions}
          onClose={() => setEditing(null)}
          onSaved={(updated) => {
            replace(updated);
            setEditing(null);
            message.success(t('common:state.saved'));
          }}
        />
      )}
      {resetting && (
        <ResetPasswordModal
          account={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            setResetting(null);
            message.success(t('staff.passwordReset'));
          }}
        />
      )}
    </PageContainer>
  );
}

/** The form's values, or null when a field is invalid (antd shows the message under the field; nothing is thrown). */
async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}

/** Picks an approved venue of the administrator's region by name (searched on the server). */
function VenuePicker({ value, onChange }: { value?: string | null; onChange?: (id: string | undefined) => void }) {
  const { t } = useTranslation('console');
  const [search, setSearch] = useState('');
  const options = useQuery({ ...venueOptionsQuery(search.trim()), placeholderData: keepPreviousData });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(id?: string) => onChange?.(id)}
      placeholder={t('staff.venuePlaceholder')}
      loading={options.isFetching}
      notFoundContent={options.isFetching ? null : t('staff.venueNone')}
      options={(options.data ?? []).map((v) => ({ value: v.id, label: `${v.name} · ${v.divisionName}` }))}
      data-testid="staff-venue-picker"
    />
  );
}

interface RoleOption {
  value: StaffRole;
  label: string;
}

function CreateStaffModal({ open, scope, roleOptions, onClose, onCreated }: { open: boolean; scope: string; roleOptions: RoleOption[]; onClose: () => void; onCreated: (s: StaffAccount) => void }) {
  const { t, i18n } = useTranslation('console');
  const [form] = Form.useForm<NewStaff>();
  const roles = Form.useWatch('roles', form) ?? [];
  const create = useAction({
    send: (input: NewStaff) => staffApi.create(input),
    showError: 'inline',
    onDone: (created) => {
      onCreated(created);
      form.resetFields();
    },
  });

  const submit = async () => {
    // An invalid field is shown under it; the rejected validation is not a page error.
    const values = await validated(form);
    if (!values) return;
    const input: NewStaff = { ...values, username: values.username.trim(), displayName: values.displayName.trim(), department: values.department.trim() };
    if (!roles.includes('venue_staff') || !values.venueId) delete input.venueId;
    await create.run(input);
  };

  return (
    <Modal
      open={open}
      title={t('staff.create')}
      okText={t('common:action.save')}
      cancelText={t('common:action.cancel')}
      confirmLoading={create.pending}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {create.error && <Alert type="error" showIcon title={create.error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" name="create-staff" preserve={false}>
        <Form.Item name="username" label={t('staff.username')} extra={t('staff.usernameHint')} rules={[{ required: true, pattern: new RegExp(USERNAME_PATTERN), message: t('staff.usernameInvalid') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('staff.initialPassword')} extra={t('staff.passwordHint', { min: PASSWORD_MIN })} rules={[{ required: true, min: PASSWORD_MIN, message: t('staff.passwordInvalid', { min: PASSWORD_MIN }) }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="displayName" label={t('staff.displayName')} rules={[{ required: true, whitespace: true, message: t('staff.displayNameRequired') }, labelRule('staffDisplayName', i18n.language)]}>
          <Input />
        </Form.Item>
        <Form.Item name="department" label={t('staff.department')} rules={[{ required: true, whitespace: true, message: t('staff.departmentRequired') }, labelRule('department', i18n.language)]}>
          <Input placeholder={t('staff.departmentPlaceholder')} />
        </Form.Item>
        <Form.Item name="roles" label={t('staff.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('staff.rolesRequired') }]}>
          <Select mode="multiple" options={roleOptions} placeholder={t('staff.rolesPlaceholder')} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('staff.region')} extra={t('staff.regionHint')} rules={[{ required: true, message: t('staff.regionRequired') }]}>
          <DivisionCascader scope={scope} />
        </Form.Item>
        {roles.includes('venue_staff') && (
          <Form.Item name="venueId" label={t('staff.venueId')} rules={[{ required: true, message: t('staff.venueIdInvalid') }]}>
            <VenuePicker />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function EditStaffModal({ account, scope, roleOptions, onClose, onSaved }: { account: StaffAccount; scope: string; roleOptions: RoleOption[]; onClose: () => void; onSaved: (s: StaffAccount) => void }) {
  const { t, i18n } = useTranslation('console');
  const [form] = Form.useForm<EditValues>();
  const save = useAction({ send: (changes: Partial<EditValues>) => staffApi.update(account.id, changes), showError: 'inline', onDone: onSaved });

  const submit = async () => {
    const values = await validated(form);
    if (!values) return;
    // Send only what changed (the server refuses an empty change).
    const changes: Partial<EditValues> = {};
    if (values.displayName.trim() !== account.displayName) changes.displayName = values.displayName.trim();
    if (values.department.trim() !== account.department) changes.department = values.department.trim();
    if ([...values.roles].sort().join() !== [...account.roles].sort().join()) changes.roles = values.roles;
    if (values.regionCode !== account.regionCode) changes.regionCode = values.regionCode;
    if (Object.keys(changes).length === 0) return onClose();
    await save.run(changes);
  };

  return (
    <Modal
      open
      title={t('staff.editTitle', { username: account.username })}
      okText={t('common:action.save')}
      cancelText={t('common:action.cancel')}
      confirmLoading={save.pending}
      onOk={submit}
      onCancel={onClose}
      width={560}
    >
      {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" name="edit-staff" initialValues={{ displayName: account.displayName, department: account.department, roles: account.roles, regionCode: account.regionCode }}>
        <Form.Item name="displayName" label={t('staff.displayName')} rules={[{ required: true, whitespace: true, message: t('staff.displayNameRequired') }, labelRule('staffDisplayName', i18n.language)]}>
          <Input />
        </Form.Item>
        <Form.Item name="department" label={t('staff.department')} rules={[{ required: true, whitespace: true, message: t('staff.departmentRequired') }, labelRule('department', i18n.language)]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('staff.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('staff.rolesRequired') }]}>
          <Select mode="multiple" options={roleOptions} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('staff.region')} rules={[{ required: true, message: t('staff.regionRequired') }]}>
          <DivisionCascader scope={scope} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ account, onClose, onDone }: { account: StaffAccount; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('console');
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const reset = useAction({ send: (password: string) => staffApi.resetPassword(account.id, password), showError: 'inline', onDone });

  const submit = async () => {
    const values = await validated(form);
    if (!values) return;
    await reset.run(values.password);
  };

  return (
    <Modal open title={t('staff.resetTitle', { username: account.username })} okText={t('common:action.save')} cancelText={t('common:action.cancel')} confirmLoading={reset.pending} onOk={submit} onCancel={onClose}>
      <Alert type="info" showIcon title={t('staff.resetNotice')} style={{ marginBottom: 16 }} />
      {reset.error && <Alert type="error" showIcon title={reset.error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" name="reset-password">
        <Form.Item name="password" label={t('staff.newPassword')} rules={[{ required: true, min: PASSWORD_MIN, message: t('staff.passwordInvalid', { min: PASSWORD_MIN }) }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('staff.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('staff.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value) => {
                if (value && value !== getFieldValue('password')) throw new Error(t('staff.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
