import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { maskName, maskPhone } from '../../platform/crypto/masking.ts';
import { divisionName } from '../../platform/divisions/index.ts';
import type { HistoryRow, MemberRow, OrgRow, ReportRow } from './checkin.repository.ts';
import type * as repo from './checkin.repository.ts';
import type { ExtraField } from './checkin.rules.ts';

/** An organisation; the invitation code only for its administrators (and only once approved). */
export function presentOrg(org: OrgRow, options: { withInviteCode: boolean }) {
  return {
    id: org.id,
    name: org.name,
    type: org.type,
    creditCode: org.creditCode,
    divisionCode: org.divisionCode,
    divisionName: divisionName(org.divisionCode) ?? org.divisionCode,
    address: org.address,
    status: org.status,
    inviteCode: options.withInviteCode && org.status === 'approved' ? org.inviteCode : null,
    decisionNote: org.decisionNote,
    windowStart: org.windowStart,
    deadline: org.deadline,
    remindBeforeMinutes: org.remindBeforeMinutes,
    extraFields: org.extraFields as ExtraField[],
    createdAt: org.createdAt.toISOString(),
  };
}

export function presentMembership({ member, org }: { member: MemberRow; org: OrgRow }) {
  return {
    org: presentOrg(org, { withInviteCode: member.role === 'admin' && member.status === 'active' }),
    role: member.role,
    status: member.status,
    department: member.department,
    consentAt: member.consentAt?.toISOString() ?? null,
  };
}

export function presentReport(r: ReportRow | HistoryRow) {
  return {
    day: r.day,
    revision: r.revision,
    temperature: Number(r.temperature),
    symptoms: r.symptoms,
    divisionCode: r.divisionCode,
    riskAreaContact: r.riskAreaContact,
    codeColour: r.codeColour,
    abnormal: r.abnormal,
    abnormalReasons: 'abnormalReasons' in r ? r.abnormalReasons : [],
    extra: r.extra,
    submittedAt: r.submittedAt.toISOString(),
  };
}

/** One member's line in the organisation's day: name and phone masked; only this organisation's extra answers. */
export function presentDayRow(cipher: FieldCipher, orgId: string, row: Awaited<ReturnType<typeof repo.dayOfOrg>>[number] & { late: boolean }) {
  const r = row.report;
  return {
    citizenId: row.citizenId,
    name: maskName(cipher.decrypt(row.nameCipher)),
    phone: maskPhone(cipher.decrypt(row.phoneCipher)),
    role: row.role,
    department: row.department,
    departmentId: row.departmentId,
    reported: r !== null && r.revision !== null,
    late: row.late,
    report:
      r && r.revision !== null
        ? {
            temperature: Number(r.temperature),
            symptoms: r.symptoms!,
            divisionCode: r.divisionCode!,
            riskAreaContact: r.riskAreaContact!,
            codeColour: r.codeColour,
            abnormal: r.abnormal!,
            abnormalReasons: r.abnormalReasons!,
            revision: r.revision,
            extra: r.extra?.[orgId] ?? {},
            submittedAt: r.submittedAt!.toISOString(),
          }
        : null,
  };
}
