/**
 * 直通车: park projects with their dedicated handler. The window registers a project and its handler;
 * the handler (and the window) sees every application of the project across departments.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ParkProject, QueueLine } from '@fangxian/contracts/govservice';
import { formatDateTime } from '../../shared/format.ts';
import { useSession } from '../../shared/session/session.tsx';
import { useAction } from '../../staff/use-action.ts';
import { ListCard } from '../../staff/list-table.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { gsApi, gsKeys, projectQuery, projectsQuery } from './govservice.api.ts';

const EMPTY = { code: '', name: '', park: '', regionCode: '', enterpriseName: '', enterpriseCode: '', handlerId: '' };

export function GovserviceProjectsPage() {
  const { t } = useTranslation('govservice');
  const { me } = useSession();
  const isWindow = me?.kind === 'staff' && me.roles.includes('service_center');
  const list = useQuery(projectsQuery());
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState(EMPTY);
  const create = useAction({ send: () => gsApi.createProject(form), invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline', onDone: () => setForm(EMPTY) });
  return (
    <PageContainer title={t('project.console')} section={t('nav.section')}>
      <ListCard query={list}>
        <Table<ParkProject>
          rowKey="id" size="small" dataSource={list.data?.items ?? []} pagination={{ pageSize: 10 }} data-testid="gs-projects" locale={{ emptyText: t('project.none') }}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('project.code'), dataIndex: 'code' }, { title: t('project.name'), dataIndex: 'name' }, { title: t('project.park'), dataIndex: 'park' },
            { title: t('project.enterpriseName'), dataIndex: 'enterpriseName' }, { title: t('field.submittedAt'), key: 'c', render: (_: unknown, r) => formatDateTime(r.createdAt) },
          ]}
        />
      </ListCard>
      {selected && <ProjectCard key={selected} projectId={selected} />}
      {isWindow && (
        <Card size="small" style={{ marginTop: 16 }} title={t('project.create')}>
          <Form layout="vertical">
            {(['code', 'name', 'park', 'regionCode', 'enterpriseName', 'enterpriseCode', 'handlerId'] as const).map((k) => (
              <Form.Item key={k} label={k === 'regionCode' ? t('editor.region') : t(`project.${k === 'handlerId' ? 'handler' : k}`)} required>
                <Input value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} data-testid={`gs-project-${k}`} />
              </Form.Item>
            ))}
          </Form>
          {create.error && <Alert type="error" showIcon title={create.error} />}
          <Button type="primary" loading={create.pending} onClick={() => void create.run()} data-testid="gs-project-create">{t('project.create')}</Button>
        </Card>
      )}
    </PageContainer>
  );
}

function ProjectCard({ projectId }: { projectId: string }) {
  const { t } = useTranslation('govservice');
  const read = useQuery(projectQuery(projectId));
  const [appId, setAppId] = useState('');
  const link = useAction({ send: () => gsApi.linkApplication(projectId, appId.trim()), invalidates: [gsKeys.all], success: t('workbench.done'), showError: 'inline', onDone: () => setAppId('') });
  if (!read.data) return null;
  const p = read.data.project;
  return (
    <Card style={{ marginTop: 16 }} title={`${p.code} · ${p.name}`} extra={<Tag>{read.data.handlerName ?? p.handlerId}</Tag>} data-testid="gs-project">
      <Table<QueueLine>
        rowKey="id" size="small" dataSource={read.data.applications} pagination={false}
        columns={[
          { title: t('field.number'), dataIndex: 'number' }, { title: t('field.item'), dataIndex: 'itemName' },
          { title: t('field.status'), key: 's', render: (_: unknown, r) => t(`status.${r.status}`) },
          { title: t('field.parts'), key: 'p', render: (_: unknown, r) => <Space wrap>{r.parts.map((x) => <Tag key={`${x.department}-${x.itemCode ?? ''}`}>{x.department} {t(`part.${x.status}`)}</Tag>)}</Space> },
          { title: t('field.dueAt'), key: 'd', render: (_: unknown, r) => (r.dueAt ? <span style={{ color: r.overdue ? 'red' : undefined }}>{formatDateTime(r.dueAt)}</span> : '') },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Input value={appId} onChange={(e) => setAppId(e.target.value)} placeholder={t('project.link')} style={{ width: 360 }} />
        <Button loading={link.pending} disabled={!appId.trim()} onClick={() => void link.run()}>{t('project.link')}</Button>
      </Space>
      {link.error && <Alert type="error" showIcon title={link.error} />}
    </Card>
  );
}
