/** Shown for any path the citizen app does not know. */
import { useNavigate } from 'react-router';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** The not-found page. */
export function NotFoundPage() {
  const { t } = useTranslation('citizen');
  const navigate = useNavigate();
  return (
    <div className="fx-center-page">
      <ErrorBlock status="empty" title={t('common:error.notFoundTitle')} description={t('common:error.notFound')}>
        <Button color="primary" onClick={() => navigate('/')}>
          {t('notFound.back')}
        </Button>
      </ErrorBlock>
    </div>
  );
}
