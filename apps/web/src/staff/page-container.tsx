/** The frame of every staff page: breadcrumb, title with actions, then the content. */
import { useEffect, type ReactNode } from 'react';
import { Breadcrumb, Flex, Typography } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  /** Section name shown between home and the page in the breadcrumb. */
  section?: string;
  description?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  /** Name of the surface's home page (工作台) for the breadcrumb, and of the surface for the window title. */
  home: string;
  surface: string;
}

/** Wraps a page's content and sets the document title. */
export function PageContainer({ title, section, description, extra, children, home, surface }: Props) {
  useEffect(() => {
    document.title = `${title} · ${surface}`;
  }, [title, surface]);
  const isHome = title === home;
  return (
    <div className="fx-page">
      <Breadcrumb
        className="fx-breadcrumb"
        items={[
          { title: isHome ? <span><HomeOutlined /> {home}</span> : <Link to="/"><HomeOutlined /> {home}</Link> },
          ...(section ? [{ title: section }] : []),
          ...(isHome ? [] : [{ title }]),
        ]}
      />
      <Flex justify="space-between" align="flex-start" gap={16} wrap className="fx-page-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {description && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{description}</Typography.Paragraph>}
        </div>
        {extra && <div>{extra}</div>}
      </Flex>
      {children}
    </div>
  );
}

/** Hook-free helper for the translation in PageContainer's callers. */
export function usePageContainerLabels(namespace: string): { home: string; surface: string } {
  const { t } = useTranslation(namespace);
  return { home: t('nav.dashboard'), surface: t('appTitle') };
}
