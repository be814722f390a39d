/** Where a staff page renders: a spinner while its chunk loads (pages are loaded on first visit, see lazyPage). */
import { Component, Suspense, type ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

function PageLoading() {
  const { t } = useTranslation();
  return (
    <div className="fx-page-loading" role="status" aria-live="polite" style={{ display: 'flex', justifyContent: 'center', padding: '64px 0' }}>
      <Spin size="large" description={t('common:state.loading')} />
    </div>
  );
}

function LoadFailed() {
  const { t } = useTranslation();
  // Usually a new release replaced the page's chunk (or the network dropped): loading the page again fetches the current one.
  return (
    <Result
      status="warning"
      title={t('common:error.loadFailed')}
      subTitle={t('common:error.network')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common:action.retry')}
        </Button>
      }
    />
  );
}

/** Shows LoadFailed when a page cannot be loaded or rendered (typically its chunk) instead of leaving the surface blank. */
class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    // React still reports the error (console.error); the page offers to load again instead of going blank.
    return { failed: true };
  }
  render() {
    return this.state.failed ? <LoadFailed /> : this.props.children;
  }
}

/** Wraps one page of a staff surface: loading fallback and chunk-load failure. */
export function PageBoundary({ children }: { children: ReactNode }) {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}
