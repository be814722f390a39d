/** 大厅与窗口: the halls of the officer's region, their windows (items, hours, capacity, staff) and kiosks. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { HallWindow } from '@fangxian/contracts/hall';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { FormModal } from '../components/form-modal.tsx';
import { ListCard, ListTable } from '../../staff/list-table.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { catalogueQuery, consoleHallApi, hallDetailQuery, hallKeys, hallsQuery, type WindowInput } from './hall.api.ts';

interface WindowForm {
  number: number;
  name: string;
  /** Item codes picked from the published catalogue. */
  items: string[];
  openHours: string;
  slotCapacity: number;
  staffIds: string;
  active: boolean;
}

/** The picked codes with their names (the catalogue's; the server keeps the catalogue's name in any case). */
function toInput(v: WindowForm, names: Map<string, string>): WindowInput {
  return {
    number: v.number, name: v.name.trim(), items: (v.items ?? []).map((code) => ({ code, name: names.get(code) ?? code })),
    openHours: (v.openHours ?? '').split(/[,，]/).map((s) => s.trim()).filter(Boolean), slotCapacity: v.slotCapacity,
    staffIds: (v.staffIds ?? '').split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean), active: v.active,
  };
}

export function HallsPage() {
  const { t } = useTranslation('hall');
  const { me } = useSession();
  const canManage = me?.actions.includes('hall.hall.manage') ?? false;
  const list = useQuery(hallsQuery());
  const [hallId, setHallId] = useState('');
  const selected = hallId || list.data?.[0]?.id || '';
  const detail = useQuery(hallDetailQuery(selected));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<HallWindow | 'new' | null>(null);
  const [addingKiosk, setAddingKiosk] = useState(false);
  const [shownKey, setShownKey] = useState<string | null>(null);
  const invalidates = [hallKeys.all];
  const rotate = useAction({ send: (deviceId: string) => consoleHallApi.rotateKiosk(deviceId), invalidates, onDone: (r) => setShownKey(r.key) });
  const d = detail.data;
  const catalogue = useQuery({ ...catalogueQuery(), enabled: editing !== null });
  // The published catalogue, plus any item a window still lists that is no longer published (shown so it can be removed).
  const itemNames = new Map<string, string>([
    ...(editing && editing !== 'new' ? editing.items.map((i): [string, string] => [i.code, i.name]) : []),
    ...(catalogue.data?.items ?? []).map((i): [string, string] => [i.code, i.name]),
  ]);
  const departmentOf = new Map((catalogue.data?.items ?? []).map((i) => [i.code, i.department]));
  return (
    <PageContainer
      title={t('halls.title')}
      section={t('nav.section')}
      description={t('halls.intro')}
      extra={<Space><RefreshButton query={list} />{canManage && <CreateButton onClick={() => setCreating(true)}>{t('halls.create')}</CreateButton>}</Space>}
    >
      <ListCard query={list}>
        <ListTable
          query={list}
          pagination={false}
          data-testid="hall-list"
          rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => setHallId(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('halls.name'), dataIndex: 'name' },
            { title: t('halls.region'), dataIndex: 'regionCode' },
            { title: t('halls.address'), dataIndex: 'address' },
            { title: t('halls.windows'), key: 'windows', render: (_: unknown, r) => r.windows.length },
            { title: '', key: 'screen', render: (_: unknown, r) => <a href={`/m/hall/screen/${r.id}`} target="_blank" rel="noreferrer">{t('halls.screenLink')}</a> },
          ]}
          locale={{ emptyText: t('halls.none') }}
        />
      </ListCard>
      {d && (
        <Card className="fx-card" title={`${d.name} · ${t('halls.windows')}`} extra={canManage && <Button onClick={() => setEditing('new')} data-testid="hall-add-window">{t('halls.addWindow')}</Button>}>
          <Table
            rowKey="id"
            pagination={false}
            dataSource={d.windows}
            data-testid="hall-windows"
            columns={[
              { title: t('halls.number'), dataIndex: 'number', width: 80 },
              { title: t('halls.windowName'), dataIndex: 'name' },
              { title: t('halls.items'), key: 'items', render: (_: unknown, w: HallWindow) => w.items.map((i) => <Tag key={i.code}>{i.name}</Tag>) },
              { title: t('halls.openHours'), key: 'hours', render: (_: unknown, w: HallWindow) => w.openHours.join(', ') },
              { title: t('halls.slotCapacity'), dataIndex: 'slotCapacity' },
              { title: t('halls.staff'), key: 'staff', render: (_: unknown, w: HallWindow) => w.staffIds.map((s) => d.staff.find((x) => x.id === s)?.displayName ?? s.slice(0, 8)).join('、') || '—' },
              { title: t('halls.active'), key: 'active', render: (_: unknown, w: HallWindow) => (w.active ? '✓' : '—') },
              ...(canManage ? [{ title: '', key: 'edit', render: (_: unknown, w: HallWindow) => <Button size="small" onClick={() => setEditing(w)}>{t('halls.editWindow')}</Button> }] : []),
            ]}
          />
        </Card>
      )}
      {d && (
        <Card className="fx-card" title={t('halls.kiosks')} extra={canManage && <Button onClick={() => setAddingKiosk(true)} data-testid="hall-add-kiosk">{t('halls.addKiosk')}</Button>}>
          <Table
            rowKey="id"
            pagination={false}
            dataSource={d.devices}
            columns={[
              { title: t('halls.kioskName'), dataIndex: 'name' },
              { title: 'Key', dataIndex: 'keyPrefix', render: (v: string | null) => (v ? `${v}…` : '—') },
              { title: t('halls.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => v ?? '—' },
              ...(canManage ? [{ title: '', key: 'rotate', render: (_: unknown, k: { id: string }) => <Button size="small" loading={rotate.pending && rotate.variables === k.id} onClick={() => void rotate.run(k.id)}>{t('halls.rotate')}</Button> }] : []),
            ]}
          />
        </Card>
      )}
      {creating && (
        <FormModal<{ name: string; regionCode: string; address?: string; slotMinutes?: number; bookingDays?: number }>
          title={t('halls.create')}
          initialValues={{ regionCode: me?.regionCode ?? '', slotMinutes: 30, bookingDays: 7 }}
          send={(v) => consoleHallApi.createHall(v)}
          invalidates={invalidates}
          onClose={() => setCreating(false)}
        >
          <Form.Item name="name" label={t('halls.name')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
          <Form.Item name="regionCode" label={t('halls.region')} rules={[{ required: true, pattern: /^\d{6}$/ }]}><Input maxLength={6} /></Form.Item>
          <Form.Item name="address" label={t('halls.address')}><Input /></Form.Item>
          <Form.Item name="slotMinutes" label={t('halls.slotMinutes')}><InputNumber min={5} max={240} /></Form.Item>
          <Form.Item name="bookingDays" label={t('halls.bookingDays')}><InputNumber min={0} max={60} /></Form.Item>
        </FormModal>
      )}
      {editing && d && (
        <FormModal<WindowForm>
          title={editing === 'new' ? t('halls.addWindow') : t('halls.editWindow')}
          width={640}
          formTestId="hall-window-form"
          initialValues={
            editing === 'new'
              ? { number: (d.windows.at(-1)?.number ?? 0) + 1, slotCapacity: 2, openHours: '09:00-12:00, 13:30-17:00', active: true, items: [], staffIds: '' }
              : { number: editing.number, name: editing.name, items: editing.items.map((i) => i.code), openHours: editing.openHours.join(', '), slotCapacity: editing.slotCapacity, staffIds: editing.staffIds.join(', '), active: editing.active }
          }
          send={(v) => (editing === 'new' ? consoleHallApi.createWindow(d.id, toInput(v, itemNames)) : consoleHallApi.updateWindow(editing.id, toInput(v, itemNames)))}
          invalidates={invalidates}
          onClose={() => setEditing(null)}
        >
          <Form.Item name="number" label={t('halls.number')} rules={[{ required: true }]}><InputNumber min={1} max={999} /></Form.Item>
          <Form.Item name="name" label={t('halls.windowName')} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="items" label={t('halls.items')} extra={t('halls.itemsHelp')}>
            <Select
              mode="multiple"
              showSearch
              allowClear
              aria-label={t('halls.items')}
              data-testid="hall-window-items"
              loading={catalogue.isLoading}
              optionFilterProp="label"
              notFoundContent={t('halls.itemsNone')}
              options={[...itemNames].map(([code, name]) => ({ value: code, label: `${code} ${name}${departmentOf.has(code) ? ` · ${departmentOf.get(code)}` : ` · ${t('halls.itemUnpublished')}`}` }))}
            />
          </Form.Item>
          <Form.Item name="openHours" label={t('halls.openHours')} extra={t('halls.openHoursHelp')}><Input /></Form.Item>
          <Form.Item name="slotCapacity" label={t('halls.slotCapacity')} rules={[{ required: true }]}><InputNumber min={0} max={100} /></Form.Item>
          <Form.Item name="staffIds" label={t('halls.staff')} extra={t('halls.staffHelp')}><Input /></Form.Item>
          <Form.Item name="active" label={t('halls.active')} valuePropName="checked"><Switch /></Form.Item>
        </FormModal>
      )}
      {addingKiosk && d && (
        <FormModal<{ name: string }>
          title={t('halls.addKiosk')}
          send={async (v) => setShownKey((await consoleHallApi.createKiosk(d.id, v.name)).key)}
          invalidates={invalidates}
          onClose={() => setAddingKiosk(false)}
        >
          <Form.Item name="name" label={t('halls.kioskName')} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
        </FormModal>
      )}
      <Modal open={shownKey !== null} title={t('halls.keyTitle')} onOk={() => setShownKey(null)} onCancel={() => setShownKey(null)} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon title={t('halls.keyHelp')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="hall-kiosk-key">{shownKey}</Typography.Paragraph>
      </Modal>
    </PageContainer>
  );
}
