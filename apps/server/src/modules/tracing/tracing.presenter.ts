import { maskIdNumber, maskName, maskPhone } from '../../platform/crypto/masking.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { approvalStatus } from '../../platform/approvals/index.ts';
import type { CandidateExposure, CandidatePage, PlaceMatch, PublicationProposal, SecondDegreeExposure, TripMatch } from './tracing.service.ts';
import type { CaseHistoryRow, CaseRow, ContactDetailRow, ContactRow, FollowUpRow, LabResultRow, ClusterRow, PointRow, PublishedPoint } from './tracing.repository.ts';
import type { WorklistEntry } from './tracing.followup.ts';
import { isSymptomatic, nextStatuses, publicLabel, type Candidate, type CaseStatus, type TripMode } from './tracing.rules.ts';

/** A case as officers see it: the person masked (张*, 5106**********1234). */
export function presentCase(row: CaseRow, cipher: FieldCipher) {
  return {
    id: row.id,
    status: row.status as CaseStatus,
    nextStatuses: [...nextStatuses(row.status as CaseStatus)],
    name: maskName(cipher.decrypt(row.nameCipher)),
    documentType: row.documentType,
    documentNumber: maskIdNumber(cipher.decrypt(row.documentNumberCipher)),
    hasAccount: row.citizenId !== null,
    onsetDate: row.onsetDate,
    reportDate: row.reportDate,
    confirmedDate: row.confirmedDate,
    source: row.source,
    regionCode: row.regionCode,
    notes: row.notes,
    publicLabel: row.publicNumber === null ? null : publicLabel(row.status as CaseStatus, row.publicNumber),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    clusterId: row.clusterId,
  };
}

/** An itinerary point as officers see it (with the seat). */
export function presentPoint(row: PointRow) {
  return {
    id: row.id,
    kind: row.kind as 'stay' | 'trip',
    from: row.fromAt.toISOString(),
    to: row.toAt.toISOString(),
    venueId: row.venueId,
    placeName: row.placeName,
    divisionCode: row.divisionCode,
    mode: (row.mode as TripMode | null) ?? null,
    number: row.tripNumber,
    date: row.tripDate,
    carriage: row.carriage,
    seat: row.seat,
    note: row.note,
    published: row.publishedAt !== null,
  };
}

export function presentHistory(row: CaseHistoryRow) {
  return { from: row.fromStatus, to: row.toStatus, reason: row.reason, changedBy: row.changedBy, changedAt: row.changedAt.toISOString(), changes: row.changes ?? null };
}

export function presentContact(row: ContactRow) {
  return {
    id: row.id,
    citizenId: row.citizenId,
    decision: row.decision as 'confirmed' | 'dismissed',
    level: (row.level as 'close' | 'secondary' | 'general' | null) ?? null,
    reason: row.reason,
    overlapMinutes: row.overlapMinutes,
    lastExposureAt: row.lastExposureAt?.toISOString() ?? null,
    decidedAt: row.decidedAt.toISOString(),
    degree: row.degree === 2 ? (2 as const) : (1 as const),
  };
}

/** A case's contact for the case file's list: name masked, degree, the deciding officer, the follow-up state. */
export function presentContactEntry(row: ContactDetailRow, cipher: FieldCipher) {
  const c = row.contact;
  return {
    ...presentContact(c),
    name: maskName(cipher.decrypt(row.nameCipher)),
    decidedBy: row.decidedByName ?? '',
    followStatus: (c.followStatus as 'active' | 'escalated' | 'ended') ?? 'active',
    followFrom: c.followFrom,
    followUntil: c.followUntil,
    followUpDays: row.followUpDays,
    lastFollowUpDay: row.lastFollowUpDay,
    escalatedCaseId: c.escalatedCaseId,
  };
}

/** A case file: the case, its history, its itinerary, its contact decisions. */
export function presentCaseFile(file: { row: CaseRow; history: CaseHistoryRow[]; points: PointRow[]; contacts: ContactRow[] }, cipher: FieldCipher) {
  return { ...presentCase(file.row, cipher), history: file.history.map(presentHistory), itinerary: file.points.map(presentPoint), contacts: file.contacts.map(presentContact) };
}

/** A published point as the public sees it: the case's label, never a name, an ID or a seat. */
export function presentPublished(p: PublishedPoint & { position?: { latitude: number; longitude: number } | null }) {
  return {
    id: p.point.id,
    caseLabel: publicLabel(p.caseStatus as CaseStatus, p.publicNumber),
    caseLabelEn: publicLabel(p.caseStatus as CaseStatus, p.publicNumber, 'en'),
    kind: p.point.kind as 'stay' | 'trip',
    from: p.point.fromAt.toISOString(),
    to: p.point.toAt.toISOString(),
    placeName: p.point.placeName,
    venueId: p.point.venueId,
    divisionCode: p.point.divisionCode,
    mode: (p.point.mode as TripMode | null) ?? null,
    number: p.point.tripNumber,
    date: p.point.tripDate,
    // A train carriage or ferry cabin is published so travellers can tell their own; the seat never is.
    carriage: p.point.carriage,
    publishedAt: p.point.publishedAt!.toISOString(),
    ...(p.position !== undefined ? { latitude: p.position?.latitude ?? null, longitude: p.position?.longitude ?? null } : {}),
  };
}

const LEVEL_ADVICE = {
  close: {
    zh: '您可能是密切接触者。请立即居家、不要外出，主动向社区或疾控报告（12345），按要求接受核酸检测和隔离医学观察。',
    en: 'You may be a close contact. Stay at home, report to your community or the CDC (12345) now, and follow testing and quarantine instructions.',
  },
  general: {
    zh: '您与病例同行程但不在密接范围，属一般接触者。请做好自我健康监测，如出现发热、咳嗽等症状及时就医并主动报告。',
    en: 'You were on the same trip but outside the close-contact range (general contact). Monitor your health and report symptoms.',
  },
  possible: {
    zh: '您与病例同一班次。请补充车厢/座位号以判断是否为密切接触者，并主动向社区报告。',
    en: 'You were on the same trip. Add your carriage / seat to tell whether you are a close contact, and report to your community.',
  },
  place: {
    zh: '您的扫码记录与病例在同一场所、时间有重叠。请立即向社区或疾控报告（12345），做好健康监测，按要求接受核酸检测。',
    en: 'Your scan overlaps a case\'s stay at the same place. Report to your community or the CDC (12345) and follow testing instructions.',
  },
} as const;

/** A self-check answer in plain Chinese (and English): what matched, why, and what to do next. */
export function presentSelfCheck(result: { places: PlaceMatch[]; trips: TripMatch[] }) {
  return {
    matched: result.places.length + result.trips.length > 0,
    places: result.places.map((m) => ({
      ...presentPublished(m.published),
      myScanAt: m.scannedAt.toISOString(),
      overlapMinutes: m.overlapMinutes,
      explanation: {
        zh: `您于 ${fmt(m.scannedAt)} 在「${m.published.point.placeName}」扫码，与${publicLabel(m.published.caseStatus as CaseStatus, m.published.publicNumber)}（${fmt(m.published.point.fromAt)}–${fmt(m.published.point.toAt)}）停留时间重叠约 ${m.overlapMinutes} 分钟。`,
        en: `You scanned at "${m.published.point.placeName}" at ${fmt(m.scannedAt)}, overlapping a case's stay (${fmt(m.published.point.fromAt)}–${fmt(m.published.point.toAt)}) by about ${m.overlapMinutes} minutes.`,
      },
      advice: LEVEL_ADVICE.place,
    })),
    trips: result.trips.map((m) => ({
      ...presentPublished(m.published),
      level: m.level,
      explanation: {
        zh: `您填报的 ${m.trip.date} ${m.trip.number}${m.trip.carriage ? ` ${m.trip.carriage}车厢` : ''}${m.trip.seat ? ` ${m.trip.seat}座` : ''} 与${publicLabel(m.published.caseStatus as CaseStatus, m.published.publicNumber)}同一班次：${LEVEL_TEXT[m.level].zh}。`,
        en: `Your trip ${m.trip.number} on ${m.trip.date} is the same as a case's: ${LEVEL_TEXT[m.level].en}.`,
      },
      advice: LEVEL_ADVICE[m.level],
    })),
  };
}

const LEVEL_TEXT = {
  close: { zh: '按规则属密切接触者（飞机前后三排、列车同一车厢、轮船同一舱室、长途客车同车）', en: 'a close contact by the rules (plane: within three rows; train: same carriage; ferry: same cabin; coach: same vehicle)' },
  general: { zh: '属一般接触者', en: 'a general contact' },
  possible: { zh: '需车厢或座位号判断是否为密切接触者', en: 'a carriage or seat is needed to tell whether you are a close contact' },
} as const;

/** A time in China Standard Time, "12月06日 14:05". */
function fmt(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(5, 7)}月${t.slice(8, 10)}日 ${t.slice(11, 16)}`;
}

type PersonCiphers = { nameCipher: string | null; phoneCipher: string; documentNumberCipher: string | null; householdDivision: string | null };
type CandidateList = {
  page: CandidatePage<Candidate<CandidateExposure>>;
  people: Map<string, PersonCiphers>;
  decisions: Map<string, ContactRow>;
};

/**
 * A listed person as officers see them: name, phone and ID number decrypted and masked (张*,
 * 138****5678, 5106**********1234), the household division. `name` when the caller already has it.
 */
function presentPerson(p: PersonCiphers | undefined, cipher: FieldCipher, name?: string) {
  return {
    name: name ?? maskName(p ? cipher.decrypt(p.nameCipher) : null),
    phone: maskPhone(p ? cipher.decrypt(p.phoneCipher) : null),
    documentNumber: maskIdNumber(p ? cipher.decrypt(p.documentNumberCipher) : null),
    householdDivision: p?.householdDivision ?? null,
  };
}

/** A page of a ranked list as answered: its people, the count of all, the next page's cursor. */
function presentPage<T, R>(page: CandidatePage<T>, one: (item: T) => R) {
  return { items: page.items.map(one), total: page.total, nextCursor: page.nextCursor };
}

function presentCandidate(c: Candidate<CandidateExposure>, result: CandidateList, cipher: FieldCipher) {
  const decision = result.decisions.get(c.citizenId);
  return {
    citizenId: c.citizenId,
    ...presentPerson(result.people.get(c.citizenId), cipher),
    totalOverlapMinutes: c.totalOverlapMinutes,
    lastExposureAt: c.lastExposureAt.toISOString(),
    exposures: c.exposures.map((e) => ({
      venueId: e.venueId,
      venueName: e.venueName,
      pointId: e.pointId,
      caseFrom: e.stayFrom.toISOString(),
      caseTo: e.stayTo.toISOString(),
      scannedAt: e.scannedAt.toISOString(),
      assumedStayMinutes: e.stayMinutes,
      overlapMinutes: e.overlapMinutes,
    })),
    decision: decision ? presentContact(decision) : null,
  };
}

/** A page of candidate contacts, masked, each exposure explained, with any decision taken: only the page's people are decrypted. */
export function presentCandidatePage(result: CandidateList, cipher: FieldCipher) {
  return presentPage(result.page, (c) => presentCandidate(c, result, cipher));
}

/** A publication proposal for the checker: the case's status and label, the points as the public would see them. */
export function presentProposal(p: PublicationProposal & { published?: number }) {
  return {
    id: p.row.id,
    status: approvalStatus(p.row),
    caseId: (p.row.payload as { caseId: string }).caseId,
    caseStatus: (p.theCase?.status as CaseStatus | undefined) ?? null,
    caseRegion: p.theCase?.regionCode ?? null,
    publicLabel: p.theCase && p.theCase.publicNumber !== null ? publicLabel(p.theCase.status as CaseStatus, p.theCase.publicNumber) : null,
    points: p.points.map((row) => ({
      id: row.id,
      kind: row.kind as 'stay' | 'trip',
      from: row.fromAt.toISOString(),
      to: row.toAt.toISOString(),
      placeName: row.placeName,
      divisionCode: row.divisionCode,
      mode: (row.mode as TripMode | null) ?? null,
      number: row.tripNumber,
      carriage: row.carriage,
      published: row.publishedAt !== null,
    })),
    regionCode: p.row.regionCode,
    proposedBy: p.row.proposedBy,
    proposedAt: p.row.proposedAt.toISOString(),
    expiresAt: p.row.expiresAt.toISOString(),
    decidedBy: p.row.decidedBy,
    decidedAt: p.row.decidedAt?.toISOString() ?? null,
    decisionNote: p.row.decisionNote,
    ...(p.published !== undefined ? { published: p.published } : {}),
  };
}

/** A follow-up entry (numeric temperature back to a number). */
export function presentFollowUp(row: FollowUpRow) {
  const temperature = row.temperature === null ? null : Number(row.temperature);
  return {
    day: row.day,
    reached: row.reached,
    symptoms: row.symptoms,
    temperature,
    testTaken: row.testTaken,
    note: row.note,
    symptomatic: isSymptomatic({ symptoms: row.symptoms, temperature }),
    recordedAt: row.recordedAt.toISOString(),
  };
}

/** A team's daily follow-up list: each contact masked, with today's entry, the last one and the missed days. */
export function presentDailyList(list: { day: string; divisionCode: string; entries: WorklistEntry[] }, cipher: FieldCipher) {
  return {
    day: list.day,
    divisionCode: list.divisionCode,
    contacts: list.entries.map((e) => ({
      id: e.contact.id,
      caseId: e.contact.caseId,
      name: maskName(cipher.decrypt(e.person?.nameCipher ?? null)),
      phone: maskPhone(cipher.decrypt(e.person?.phoneCipher ?? null)),
      householdDivision: e.person?.householdDivision ?? null,
      level: (e.contact.level as 'close' | 'secondary' | 'general' | null) ?? null,
      assignedRegion: e.contact.assignedRegion,
      lastExposureAt: e.contact.lastExposureAt?.toISOString() ?? null,
      followFrom: e.contact.followFrom,
      followUntil: e.contact.followUntil,
      today: e.today ? presentFollowUp(e.today) : null,
      last: e.last ? presentFollowUp(e.last) : null,
      missedDays: e.missed,
      handovers: e.handovers.map((h) => ({ from: h.fromRegion, to: h.toRegion, reason: h.reason, at: h.handedAt.toISOString() })),
    })),
  };
}

/** A lab result, the person masked. */
export function presentLabResult(row: LabResultRow & { proposesCase: boolean }, cipher: FieldCipher) {
  return {
    id: row.id,
    name: maskName(cipher.decrypt(row.nameCipher)),
    documentNumber: maskIdNumber(cipher.decrypt(row.documentNumberCipher)),
    hasAccount: row.citizenId !== null,
    sampleDate: row.sampleDate,
    testType: row.testType as 'nucleic_acid' | 'antigen' | 'antibody',
    lab: row.lab,
    result: row.result as 'positive' | 'negative',
    reportDate: row.reportDate,
    regionCode: row.regionCode,
    caseId: row.caseId,
    proposesCase: row.proposesCase,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentCluster(row: ClusterRow & { counts: Record<string, number> }) {
  return { id: row.id, name: row.name, event: row.event, regionCode: row.regionCode, counts: row.counts, createdAt: row.createdAt.toISOString() };
}

type SecondDegreeList = { page: CandidatePage<Candidate<SecondDegreeExposure>>; people: Map<string, PersonCiphers> };

/** A page of second-degree candidates (次密接), masked, each exposure explained and naming the first-degree contact it came through. */
export function presentSecondDegreePage(result: SecondDegreeList, cipher: FieldCipher) {
  return presentPage(result.page, secondDegreePresenter(result, cipher));
}

function secondDegreePresenter(result: SecondDegreeList, cipher: FieldCipher) {
  // A first-degree contact's masked name appears in every exposure that came through them: decrypted once per person.
  const names = new Map<string, string>();
  const nameOf = (id: string) => {
    let name = names.get(id);
    if (name === undefined) {
      name = maskName(result.people.has(id) ? cipher.decrypt(result.people.get(id)!.nameCipher) : null);
      names.set(id, name);
    }
    return name;
  };
  return (c: Candidate<SecondDegreeExposure>) => ({
    degree: 2 as const,
    citizenId: c.citizenId,
    ...presentPerson(result.people.get(c.citizenId), cipher, nameOf(c.citizenId)),
    totalOverlapMinutes: c.totalOverlapMinutes,
    lastExposureAt: c.lastExposureAt.toISOString(),
    exposures: c.exposures.map((e) => ({
      viaContactId: e.viaContactId,
      viaCitizenId: e.viaCitizenId,
      viaName: nameOf(e.viaCitizenId),
      venueId: e.venueId,
      venueName: e.venueName,
      contactFrom: e.stayFrom.toISOString(),
      contactTo: e.stayTo.toISOString(),
      scannedAt: e.scannedAt.toISOString(),
      assumedStayMinutes: e.stayMinutes,
      overlapMinutes: e.overlapMinutes,
      explanation: {
        zh: `${fmt(e.scannedAt)} 在「${e.venueName}」扫码，与密接者${nameOf(e.viaCitizenId)}（${fmt(e.stayFrom)}–${fmt(e.stayTo)}）停留时间重叠约 ${e.overlapMinutes} 分钟（次密接）。`,
        en: `Scanned at "${e.venueName}" at ${fmt(e.scannedAt)}, overlapping a close contact's stay (${fmt(e.stayFrom)}–${fmt(e.stayTo)}) by about ${e.overlapMinutes} minutes (second degree).`,
      },
    })),
  });
}
