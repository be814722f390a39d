/** The console's page frame: the shared staff frame with the console's home and name. */
import type { ComponentProps } from 'react';
import { PageContainer as StaffPageContainer, usePageContainerLabels } from '../../staff/page-container.tsx';

/** A console page: breadcrumb from 工作台, title, actions, content. */
export function PageContainer(props: Omit<ComponentProps<typeof StaffPageContainer>, 'home' | 'surface'>) {
  return <StaffPageContainer {...props} {...usePageContainerLabels('console')} />;
}
