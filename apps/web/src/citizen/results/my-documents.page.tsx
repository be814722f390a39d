/** 我的电子证照: the documents issued to the signed-in citizen, each with its signed PDF to download. */
import { ErrorBlock, List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';
import { useLoadError } from '../../shared/query/use-load-error.ts';
import { MobilePage, PageLoading } from '../components/page.tsx';
import { documentsApi, myDocumentsQuery } from './results.api.ts';

export function MyDocumentsPage() {
  const { t } = useTranslation('results');
  const read = useQuery(myDocumentsQuery());
  const error = useLoadError(read.error);
  if (read.isPending) return <PageLoading />;
  return (
    <MobilePage title={t('nav.myDocuments')} back>
      <p className="fx-page-intro">{t('mine.intro')}</p>
      {error && <ErrorBlock status="disconnected" title={error} description="" />}
      {read.data && read.data.length === 0 && <ErrorBlock status="empty" title={t('mine.none')} description="" />}
      {read.data && read.data.length > 0 && (
        <List className="fx-list" data-testid="my-documents">
          {read.data.map((d) => (
            <List.Item
              key={d.id}
              description={`${d.code} · ${d.issuerDepartment} · ${formatDateTime(d.issuedAt)}`}
              extra={d.revokedAt ? <Tag color="danger">{t('verify.revoked')}</Tag> : <a href={documentsApi.pdfUrl(d.id)} download>{t('mine.download')}</a>}
            >
              {d.title}
            </List.Item>
          ))}
        </List>
      )}
    </MobilePage>
  );
}
