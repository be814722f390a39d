import { divisionContains } from '@fangxian/contracts/kernel';

/** Staff roles. A staff account has one or more; the department and region scope come from the account. */
export const STAFF_ROLES = [
  'sys_admin', // 系统管理员
  'big_data', // 大数据局
  'health', // 卫健委
  'police', // 公安
  'county_command', // 县级指挥部
  'supervision', // 督查室
  'service_center', // 政务服务中心
  'editor', // 宣传 / 编辑
  'venue_staff', // 场所工作人员 (venue portal)
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling: a citizen, a staff member, or an open-API client. Set by the identity plugin. */
export type Principal =
  | { kind: 'citizen'; citizenId: string; sessionId: string }
  | {
      kind: 'staff';
      staffId: string;
      sessionId: string;
      username: string;
      roles: StaffRole[];
      department: string;
      /** GB/T 2260 code the officer may act within; '' or a province code means wider. */
      regionCode: string;
      /** The venue a venue_staff account works at. */
      venueId: string | null;
      /** The confidentiality commitment version the account last signed and when (ISO or Date); absent or null: not signed. */
      commitmentVersion?: number | null;
      commitmentSignedAt?: string | Date | null;
      /** The current commitment version when the session was read (absent: the seeded first). */
      commitmentCurrent?: number;
    }
  | {
      kind: 'api';
      clientId: string;
      permissions: string[];
      /** GB/T 2260 scope of the key, no wider than its creator's ('' = the whole deployment). */
      regionCode: string;
    };

/** True when regionCode (an officer's scope) contains the division `target`; an empty scope is the whole deployment. */
export function regionContains(scope: string, target: string | null | undefined): boolean {
  return divisionContains(scope, target);
}
