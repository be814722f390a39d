/**
 * The citizen service grid. Only services that have a page are listed (no dead entries): adding a
 * service = its page in routes.tsx + one entry here + its `citizen:service.*` strings.
 */
import type { ReactNode } from 'react';
import { IdcardOutlined, QrcodeOutlined, FormOutlined, CarOutlined, ShopOutlined, NotificationOutlined, AimOutlined, AlertOutlined, CheckSquareOutlined, BellOutlined, CalendarOutlined, SafetyCertificateOutlined, FileProtectOutlined, SendOutlined, AuditOutlined, FolderOpenOutlined } from '@ant-design/icons';

export interface CitizenService {
  key: string;
  path: string;
  icon: ReactNode;
  /** Translation key in the citizen namespace. */
  titleKey: string;
  /** Background of the icon tile. */
  colour: string;
}

export const citizenServices: CitizenService[] = [
  { key: 'health-code', path: '/m/health', icon: <QrcodeOutlined />, titleKey: 'health:nav.myCode', colour: '#0fa958' },
  { key: 'health-declare', path: '/m/health/declare', icon: <FormOutlined />, titleKey: 'health:nav.declare', colour: '#13a8a8' },
  { key: 'health-trips', path: '/m/health/trips', icon: <CarOutlined />, titleKey: 'health:nav.trips', colour: '#722ed1' },
  { key: 'venue-register', path: '/m/venues/register', icon: <ShopOutlined />, titleKey: 'health:nav.register', colour: '#fa8c16' },
  { key: 'tickets', path: '/m/tickets', icon: <NotificationOutlined />, titleKey: 'tickets:nav.mine', colour: '#f5222d' },
  { key: 'tracing-self-check', path: '/m/tracing/self-check', icon: <AimOutlined />, titleKey: 'tracing:nav.selfCheck', colour: '#eb2f96' },
  { key: 'tracing-itineraries', path: '/m/tracing/itineraries', icon: <AlertOutlined />, titleKey: 'tracing:nav.published', colour: '#f5222d' },
  { key: 'checkin', path: '/m/checkin', icon: <CheckSquareOutlined />, titleKey: 'checkin:nav.checkin', colour: '#eb2f96' },
  { key: 'inbox', path: '/m/inbox', icon: <BellOutlined />, titleKey: 'checkin:nav.myInbox', colour: '#597ef7' },
  { key: 'hall', path: '/m/hall', icon: <CalendarOutlined />, titleKey: 'hall:nav.book', colour: '#2f54eb' },
  { key: 'my-documents', path: '/m/documents', icon: <FileProtectOutlined />, titleKey: 'results:nav.myDocuments', colour: '#b71c1c' },
  { key: 'my-delivery', path: '/m/delivery', icon: <SendOutlined />, titleKey: 'results:nav.delivery', colour: '#fa8c16' },
  { key: 'verify-document', path: '/m/verify', icon: <SafetyCertificateOutlined />, titleKey: 'results:nav.verify', colour: '#13a8a8' },
  { key: 'govservice', path: '/m/services', icon: <AuditOutlined />, titleKey: 'govservice:nav.services', colour: '#1677ff' },
  { key: 'govservice-mine', path: '/m/services/mine', icon: <FolderOpenOutlined />, titleKey: 'govservice:nav.mine', colour: '#13c2c2' },
  { key: 'real-name', path: '/m/real-name', icon: <IdcardOutlined />, titleKey: 'service.realName', colour: '#1677ff' },
];
