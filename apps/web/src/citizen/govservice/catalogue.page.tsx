/** 办事大厅: the public catalogue of service items, searched as one types (two Chinese characters suffice). */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorBlock, List, SearchBar, Space, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage } from '../components/page.tsx';
import { bundlesQuery, catalogueQuery } from './govservice.api.ts';

export function CataloguePage() {
  const { t } = useTranslation('govservice');
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const list = useQuery(catalogueQuery(q.trim()));
  const bundles = useQuery(bundlesQuery());
  const error = useLoadError(list.error);
  return (
    <MobilePage title={t('catalogue.title')} back>
      <p className="fx-page-intro">{t('catalogue.intro')}</p>
      {(bundles.data?.items.length ?? 0) > 0 && !q.trim() && (
        <List className="fx-list" header={t('bundle.title')} data-testid="gs-bundles">
          {bundles.data!.items.map((b) => (
            <List.Item key={b.code} onClick={() => navigate(`/m/services/items/${encodeURIComponent(b.code)}`)}
              description={<Space wrap><Tag color="primary">{b.lifeEvent}</Tag><span>{b.bundleItems.map((i) => i.name).join(' + ')}</span></Space>}>
              {b.name}
            </List.Item>
          ))}
        </List>
      )}
      <SearchBar placeholder={t('catalogue.search')} value={q} onChange={setQ} data-testid="gs-search" />
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {list.data && list.data.items.length === 0 && <ErrorBlock status="empty" title={t('catalogue.none')} description="" />}
      <List className="fx-list" data-testid="gs-catalogue">
        {(list.data?.items ?? []).map((item) => (
          <List.Item
            key={item.code}
            onClick={() => navigate(`/m/services/items/${encodeURIComponent(item.code)}`)}
            description={
              <Space wrap>
                <span>{item.department}</span>
                <span>{t('field.promisedLimit')} {t('days', { count: item.promisedLimitDays })}</span>
                {item.modes.tolerance && <Tag color="primary">{t('catalogue.tolerance')}</Tag>}
                {item.modes.commitment && <Tag color="success">{t('catalogue.commitment')}</Tag>}
                {item.modes.priority && <Tag color="warning">{t('catalogue.priority')}</Tag>}
                {item.kind === 'bundle' && <Tag color="success">{t('bundle.tag')}</Tag>}
                {item.remoteVerification && <Tag>{t('verify.tag')}</Tag>}
              </Space>
            }
          >
            {item.name}
          </List.Item>
        ))}
      </List>
    </MobilePage>
  );
}
