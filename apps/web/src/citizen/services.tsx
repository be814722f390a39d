/**
 * The citizen service grid. Only services that have a page are listed (no dead entries): adding a
 * service = its page in routes.tsx + one entry here + its `citizen:service.*` strings.
 */
import type { ReactNode } from 'react';
import { IdcardOutlined } from '@ant-design/icons';

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
  { key: 'real-name', path: '/m/real-name', icon: <IdcardOutlined />, titleKey: 'service.realName', colour: '#1677ff' },
];
