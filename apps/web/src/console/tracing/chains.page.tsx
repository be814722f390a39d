/** 传播链: clusters with their exposure events, and the transmission chains drawn as a layered SVG graph (no map tiles, no chart library). */
import { useMemo, useState } from 'react';
import { Button, Card, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ChainGraph, Cluster } from '@fangxian/contracts/tracing';
import { useSession } from '../../shared/session/session.tsx';
import { DivisionCascader } from '../../staff/division-cascader.tsx';
import { FormModal } from '../components/form-modal.tsx';
import { CreateButton, RefreshButton } from '../../staff/page-actions.tsx';
import { PageContainer } from '../components/page-container.tsx';
import { chainsQuery, clustersQuery, tracingApi, tracingKeys } from './tracing.api.ts';

const NODE_COLOUR: Record<string, string> = { confirmed: '#cf1322', asymptomatic: '#d46b08', suspected: '#d4380d', recovered: '#389e0d', close: '#faad14', secondary: '#fadb14', general: '#bfbfbf' };

/** Layers by breadth-first depth from the roots (nodes nobody points to); positions within a layer in order. */
function layout(graph: ChainGraph) {
  const incoming = new Set(graph.edges.map((e) => e.to));
  const children = new Map<string, string[]>();
  for (const e of graph.edges) children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  const depth = new Map<string, number>();
  const queue = graph.nodes.filter((n) => !incoming.has(n.id)).map((n) => n.id);
  for (const id of queue) depth.set(id, 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const c of children.get(id) ?? []) {
      if (!depth.has(c)) {
        depth.set(c, depth.get(id)! + 1);
        queue.push(c);
      }
    }
  }
  const layers: string[][] = [];
  for (const n of graph.nodes) {
    const d = depth.get(n.id) ?? 0;
    (layers[d] ??= []).push(n.id);
  }
  const pos = new Map<string, { x: number; y: number }>();
  layers.forEach((ids, d) => ids.forEach((id, i) => pos.set(id, { x: 90 + d * 200, y: 40 + i * 56 })));
  const height = Math.max(120, ...layers.map((l) => l.length * 56 + 40));
  return { pos, width: 180 + layers.length * 200, height };
}

export function ChainsPage() {
  const { t } = useTranslation('tracing');
  const [clusterId, setClusterId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const clusters = useQuery(clustersQuery());
  const chain = useQuery(chainsQuery(clusterId));
  const graph = chain.data;
  const drawn = useMemo(() => (graph ? layout(graph) : null), [graph]);
  const csv = `/api/tracing/chains.csv${clusterId ? `?clusterId=${clusterId}` : ''}`;
  return (
    <PageContainer
      title={t('chains.title')}
      section={t('nav.section')}
      description={t('chains.intro')}
      extra={
        <Space wrap>
          <Select allowClear placeholder={t('chains.allClusters')} style={{ minWidth: 220 }} value={clusterId} onChange={setClusterId} options={(clusters.data ?? []).map((c) => ({ value: c.id, label: c.name }))} aria-label={t('chains.cluster')} />
          <Button href={csv} target="_blank">
            {t('chains.export')}
          </Button>
          <RefreshButton query={chain} />
          <CreateButton onClick={() => setCreating(true)}>{t('chains.addCluster')}</CreateButton>
        </Space>
      }
    >
      <Card className="fx-card" title={t('chains.graph')} data-testid="chain-graph">
        {!graph || graph.nodes.length === 0 || !drawn ? (
          <Empty description={t('chains.none')} />
        ) : (
          <div style={{ overflow: 'auto' }}>
            <svg width={drawn.width} height={drawn.height} role="img" aria-label={t('chains.graph')}>
              <defs>
                <marker id="fx-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                  <path d="M 0 0 L 10 5 L 0 10 z" fill="#8c8c8c" />
                </marker>
              </defs>
              {graph.edges.map((e) => {
                const a = drawn.pos.get(e.from);
                const b = drawn.pos.get(e.to);
                if (!a || !b) return null;
                return (
                  <g key={`${e.from}-${e.to}`}>
                    <line x1={a.x + 70} y1={a.y} x2={b.x - 70} y2={b.y} stroke={e.kind === 'infected' ? '#cf1322' : '#8c8c8c'} strokeWidth={e.kind === 'infected' ? 2 : 1} strokeDasharray={e.kind === 'contact' ? '4 3' : undefined} markerEnd="url(#fx-arrow)" />
                    <title>{`${e.evidence.venueName ?? ''} ${t('contacts.minutes', { count: e.evidence.overlapMinutes })} · ${e.evidence.reason}`}</title>
                  </g>
                );
              })}
              {graph.nodes.map((n) => {
                const p = drawn.pos.get(n.id)!;
                return (
                  <g key={n.id} transform={`translate(${p.x - 70}, ${p.y - 18})`}>
                    <rect width={140} height={36} rx={n.kind === 'case' ? 4 : 18} fill="#fff" stroke={NODE_COLOUR[n.status] ?? '#8c8c8c'} strokeWidth={2} />
                    <text x={70} y={15} textAnchor="middle" fontSize={12} fill="#262626">
                      {n.label.slice(0, 14)}
                    </text>
                    <text x={70} y={29} textAnchor="middle" fontSize={10} fill="#595959">
                      {n.kind === 'case' ? t(`status.${n.status}`) : t(`level.${n.status}`)}
                    </text>
                  </g>
                );
              })}
            </svg>
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('chains.legend')}
        </Typography.Paragraph>
      </Card>
      <Card className="fx-card" title={t('chains.clusters')} style={{ marginTop: 16 }}>
        <Table<Cluster>
          rowKey="id"
          size="small"
          dataSource={clusters.data ?? []}
          loading={clusters.isLoading}
          pagination={false}
          locale={{ emptyText: t('chains.noClusters') }}
          columns={[
            { title: t('chains.clusterName'), dataIndex: 'name' },
            { title: t('chains.event'), dataIndex: 'event' },
            {
              title: t('chains.counts'),
              dataIndex: 'counts',
              render: (counts: Record<string, number>) => (
                <Space size={4} wrap>
                  {Object.entries(counts).map(([s, n]) => (
                    <Tag key={s}>{`${t(`status.${s}`)} ${n}`}</Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating && <ClusterModal onClose={() => setCreating(false)} />}
    </PageContainer>
  );
}

function ClusterModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('tracing');
  const { me } = useSession();
  const required = { required: true, message: t('cases.required') };
  return (
    <FormModal<{ name: string; event: string; regionCode: string }>
      title={t('chains.addCluster')}
      onClose={onClose}
      send={(v) => tracingApi.createCluster(v.name.trim(), v.event.trim(), v.regionCode)}
      invalidates={[tracingKeys.clusters]}
      success={t('chains.clusterAdded')}
      initialValues={{ regionCode: me?.regionCode }}
    >
      <Form.Item name="name" label={t('chains.clusterName')} rules={[required, { min: 2, max: 100, whitespace: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="event" label={t('chains.event')} rules={[required, { min: 2, max: 500, whitespace: true }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('cases.region')} rules={[required]}>
        <DivisionCascader scope={me?.regionCode ?? ''} />
      </Form.Item>
    </FormModal>
  );
}
