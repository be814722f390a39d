import { Type, type Static, type TSchema } from 'typebox';
import { literalUnion } from './literals.ts';
import type { DocumentType } from './id-documents.ts';

/** Shapes of the tracing API (case files, itineraries, self-check, contacts), shared by server and web. */

export const CASE_STATUSES = ['suspected', 'asymptomatic', 'confirmed', 'excluded', 'recovered'] as const;
export const CASE_OPENING_STATUSES = ['suspected', 'asymptomatic', 'confirmed'] as const;
export const CASE_SOURCES = ['hospital', 'screening', 'self_report', 'contact_tracing', 'laboratory'] as const;
export const LAB_TEST_TYPES = ['nucleic_acid', 'antigen', 'antibody'] as const;
export const LAB_RESULTS = ['positive', 'negative'] as const;
export const TRIP_MODES = ['train', 'flight', 'coach', 'bus', 'ferry'] as const;
export const CONTACT_LEVELS = ['close', 'secondary', 'general'] as const;

export const CaseStatus = literalUnion(CASE_STATUSES);
export type CaseStatus = Static<typeof CaseStatus>;
export const CaseSource = literalUnion(CASE_SOURCES);
export const TripMode = literalUnion(TRIP_MODES);
export type TripMode = Static<typeof TripMode>;
export const ContactLevel = literalUnion(CONTACT_LEVELS);

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = Type.Object({ zh: Type.String(), en: Type.String() });

export const ItineraryPoint = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('stay'), Type.Literal('trip')]),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  venueId: Nullable(Type.String()),
  placeName: Type.String(),
  divisionCode: Type.String(),
  mode: Nullable(TripMode),
  number: Nullable(Type.String()),
  date: Nullable(Type.String()),
  carriage: Nullable(Type.String()),
  seat: Nullable(Type.String()),
  note: Type.String(),
  published: Type.Boolean(),
});
export type ItineraryPoint = Static<typeof ItineraryPoint>;

export const CaseContact = Type.Object({
  id: Type.String(),
  citizenId: Type.String(),
  decision: Type.Union([Type.Literal('confirmed'), Type.Literal('dismissed')]),
  level: Nullable(ContactLevel),
  reason: Type.String(),
  overlapMinutes: Type.Integer(),
  lastExposureAt: Nullable(Type.String()),
  decidedAt: Type.String(),
  degree: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)], { description: '1: co-present with the case (or reported); 2: through a first-degree contact (次密接)' })),
  name: Type.Optional(Type.String({ description: 'the contact\'s name, masked (张*), where the route reads it' })),
});
export type CaseContact = Static<typeof CaseContact>;

/** A case's contact as the case file's contact list shows it: who, which degree, who decided, the follow-up state. */
export const CaseContactEntry = Type.Object({
  ...CaseContact.properties,
  degree: Type.Union([Type.Literal(1), Type.Literal(2)]),
  name: Type.String({ description: 'masked (张*)' }),
  decidedBy: Type.String({ description: 'the deciding officer\'s display name' }),
  followStatus: Type.Union([Type.Literal('active'), Type.Literal('escalated'), Type.Literal('ended')]),
  followFrom: Nullable(Type.String({ description: 'China day; null: no follow-up (dismissed, or a general contact)' })),
  followUntil: Nullable(Type.String()),
  followUpDays: Type.Integer({ description: 'days with a follow-up entry' }),
  lastFollowUpDay: Nullable(Type.String()),
  escalatedCaseId: Nullable(Type.String()),
});
export type CaseContactEntry = Static<typeof CaseContactEntry>;

export const CaseSummary = Type.Object({
  id: Type.String(),
  status: CaseStatus,
  nextStatuses: Type.Array(CaseStatus),
  name: Type.String({ description: 'masked (张*)' }),
  documentType: Type.String(),
  documentNumber: Type.String({ description: 'masked' }),
  hasAccount: Type.Boolean({ description: 'the person has a citizen account (their scans can seed the itinerary)' }),
  onsetDate: Nullable(Type.String()),
  reportDate: Type.String(),
  confirmedDate: Nullable(Type.String()),
  source: Type.String(),
  regionCode: Type.String(),
  notes: Type.String(),
  publicLabel: Nullable(Type.String({ description: 'e.g. 确诊病例3, once published' })),
  publishedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  clusterId: Type.Optional(Nullable(Type.String())),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseFile = Type.Object({
  ...CaseSummary.properties,
  history: Type.Array(
    Type.Object({
      from: Nullable(Type.String()),
      to: Type.String(),
      reason: Type.String(),
      changedBy: Type.String(),
      changedAt: Type.String(),
      changes: Type.Optional(Nullable(Type.Record(Type.String(), Type.Object({ from: Nullable(Type.String()), to: Nullable(Type.String()) }), { description: 'an edit of the facts: each changed field before and after (notes: only that they changed)' }))),
    }),
  ),
  itinerary: Type.Array(ItineraryPoint),
  contacts: Type.Array(CaseContact),
});
export type CaseFile = Static<typeof CaseFile>;

export const PublishedPoint = Type.Object({
  id: Type.String(),
  caseLabel: Type.String({ description: 'de-identified, e.g. 确诊病例1' }),
  caseLabelEn: Type.String(),
  kind: Type.Union([Type.Literal('stay'), Type.Literal('trip')]),
  from: Type.String(),
  to: Type.String(),
  placeName: Type.String(),
  venueId: Nullable(Type.String()),
  divisionCode: Type.String(),
  mode: Nullable(TripMode),
  number: Nullable(Type.String()),
  date: Nullable(Type.String()),
  carriage: Nullable(Type.String({ description: 'train carriage or ferry cabin; never the seat' })),
  publishedAt: Type.String(),
  latitude: Type.Optional(Nullable(Type.Number({ description: 'the venue\'s registered position (stays at a venue), for the coordinate plot' }))),
  longitude: Type.Optional(Nullable(Type.Number())),
});
export type PublishedPoint = Static<typeof PublishedPoint>;

export const SelfCheckResult = Type.Object({
  matched: Type.Boolean(),
  places: Type.Array(
    Type.Object({ ...PublishedPoint.properties, myScanAt: Type.String(), overlapMinutes: Type.Number(), explanation: Text, advice: Text }),
  ),
  trips: Type.Array(
    Type.Object({
      ...PublishedPoint.properties,
      level: Type.Union([Type.Literal('close'), Type.Literal('general'), Type.Literal('possible')]),
      explanation: Text,
      advice: Text,
    }),
  ),
});
export type SelfCheckResult = Static<typeof SelfCheckResult>;

export const ContactCandidate = Type.Object({
  citizenId: Type.String(),
  name: Type.String({ description: 'masked' }),
  phone: Type.String({ description: 'masked' }),
  documentNumber: Type.String({ description: 'masked' }),
  householdDivision: Nullable(Type.String()),
  totalOverlapMinutes: Type.Number(),
  lastExposureAt: Type.String(),
  exposures: Type.Array(
    Type.Object({
      venueId: Type.String(),
      venueName: Type.String(),
      pointId: Type.String(),
      caseFrom: Type.String(),
      caseTo: Type.String(),
      scannedAt: Type.String(),
      assumedStayMinutes: Type.Integer({ description: 'the venue type\'s default stay after a scan (no check-out)' }),
      overlapMinutes: Type.Number(),
    }),
  ),
  decision: Nullable(CaseContact),
});
export type ContactCandidate = Static<typeof ContactCandidate>;

/** Which page of a ranked candidate list: `limit` people (1–200, default 50) from `cursor` (nextCursor of the previous page). */
export const CandidatePageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'people on the page (the ranking is over the whole list)' }),
  cursor: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,5})$', description: 'nextCursor of the previous page (an offset into the ranking)' })),
});
export type CandidatePageQuery = Static<typeof CandidatePageQuery>;

/** A page of a ranked candidate list: the page's people, how many there are in all, the next page's cursor (null on the last). */
export const candidatePage = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }), nextCursor: Nullable(Type.String()) });

/** A page of first-degree candidates (GET …/contact-candidates). */
export const ContactCandidatePage = candidatePage(ContactCandidate);
export type ContactCandidatePage = Static<typeof ContactCandidatePage>;

/** A point as a publication proposal shows it to the checker: what the public would see (no seat). */
export const ProposedPoint = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('stay'), Type.Literal('trip')]),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  placeName: Type.String(),
  divisionCode: Type.String(),
  mode: Nullable(TripMode),
  number: Nullable(Type.String()),
  carriage: Nullable(Type.String()),
  published: Type.Boolean({ description: 'published already (by this proposal once approved)' }),
});

/** A maker-checker proposal to publish a case's itinerary points (审核后公布). */
export const PublicationProposal = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn'), Type.Literal('expired')]),
  caseId: Type.String({ format: 'uuid' }),
  caseStatus: Nullable(CaseStatus),
  caseRegion: Nullable(Type.String()),
  publicLabel: Nullable(Type.String({ description: 'the case\'s public label once it has one (确诊病例3)' })),
  points: Type.Array(ProposedPoint),
  regionCode: Type.String({ description: 'the proposer\'s region: approvers must have it in scope' }),
  proposedBy: Type.String({ format: 'uuid' }),
  proposedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  decidedBy: Nullable(Type.String({ format: 'uuid' })),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decisionNote: Nullable(Type.String()),
  published: Type.Optional(Type.Integer({ description: 'points published by this decision' })),
});
export type PublicationProposal = Static<typeof PublicationProposal>;

/** One day's follow-up of a contact (医学观察随访记录). */
export const FollowUpEntry = Type.Object({
  day: Type.String(),
  reached: Type.Boolean(),
  symptoms: Type.Array(Type.String()),
  temperature: Nullable(Type.Number()),
  testTaken: Type.Boolean(),
  note: Type.String(),
  symptomatic: Type.Boolean({ description: 'any symptom, or 37.3 °C or more: the cue to escalate' }),
  recordedAt: Type.String(),
});
export type FollowUpEntry = Static<typeof FollowUpEntry>;

/** A contact on a team's daily follow-up list (masked). */
export const WorklistContact = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  name: Type.String({ description: 'masked' }),
  phone: Type.String({ description: 'masked' }),
  householdDivision: Nullable(Type.String()),
  level: Nullable(ContactLevel),
  assignedRegion: Type.String({ description: 'the county whose worklist holds the contact' }),
  lastExposureAt: Nullable(Type.String()),
  followFrom: Nullable(Type.String()),
  followUntil: Nullable(Type.String()),
  today: Nullable(FollowUpEntry),
  last: Nullable(FollowUpEntry),
  missedDays: Type.Array(Type.String(), { description: 'days of the period (from confirmation to yesterday) without a follow-up' }),
  handovers: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), reason: Type.String(), at: Type.String() })),
});
export type WorklistContact = Static<typeof WorklistContact>;

export const DailyFollowUpList = Type.Object({
  day: Type.String(),
  divisionCode: Type.String(),
  contacts: Type.Array(WorklistContact),
});
export type DailyFollowUpList = Static<typeof DailyFollowUpList>;

/** A lab result as officers see it (the person masked). */
export const LabResult = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'masked' }),
  documentNumber: Type.String({ description: 'masked' }),
  hasAccount: Type.Boolean(),
  sampleDate: Type.String(),
  testType: literalUnion(LAB_TEST_TYPES),
  lab: Type.String(),
  result: literalUnion(LAB_RESULTS),
  reportDate: Type.String(),
  regionCode: Type.String(),
  caseId: Nullable(Type.String()),
  proposesCase: Type.Boolean({ description: 'positive, and the person has no open case: open one (POST …/open-case)' }),
  createdAt: Type.String(),
});
export type LabResult = Static<typeof LabResult>;

/** A lab result as an officer enters it (POST /tracing/lab-results) or a row of the import carries it. */
export interface LabResultInput {
  documentType: DocumentType;
  documentNumber: string;
  name: string;
  sampleDate: string;
  testType: (typeof LAB_TEST_TYPES)[number];
  lab: string;
  result: (typeof LAB_RESULTS)[number];
  reportDate: string;
  regionCode: string;
}

/** An edit of a case's facts (订正, PATCH /tracing/cases/:id): only the fields changed, with the reason. */
export interface CaseEditInput {
  onsetDate?: string | null;
  reportDate?: string;
  confirmedDate?: string | null;
  source?: string;
  notes?: string;
  regionCode?: string;
  reason: string;
}

/** A cluster (聚集性疫情) with its exposure event and case counts by status. */
export const Cluster = Type.Object({
  id: Type.String(),
  name: Type.String(),
  event: Type.String(),
  regionCode: Type.String(),
  counts: Type.Record(Type.String(), Type.Integer()),
  createdAt: Type.String(),
});
export type Cluster = Static<typeof Cluster>;

/** Transmission chains: cases and confirmed contacts as a graph, each edge with its evidence. */
export const ChainGraph = Type.Object({
  nodes: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.Union([Type.Literal('case'), Type.Literal('contact')]),
      label: Type.String({ description: 'masked name, with the public label once published' }),
      status: Type.String(),
      clusterId: Nullable(Type.String()),
      day: Nullable(Type.String()),
    }),
  ),
  edges: Type.Array(
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      kind: Type.Union([Type.Literal('contact'), Type.Literal('infected')]),
      evidence: Type.Object({ venueId: Nullable(Type.String()), venueName: Nullable(Type.String()), overlapMinutes: Type.Integer(), lastExposureAt: Nullable(Type.String()), reason: Type.String() }),
    }),
  ),
});
export type ChainGraph = Static<typeof ChainGraph>;

/** A citizen's report of a self-check match, as officers review it (the person masked). */
export const SelfReport = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('new'), Type.Literal('confirmed'), Type.Literal('dismissed')]),
  caseId: Type.String(),
  name: Type.String({ description: 'masked' }),
  phone: Type.String({ description: 'masked' }),
  householdDivision: Nullable(Type.String()),
  point: Type.Object({ id: Type.String(), kind: Type.Union([Type.Literal('stay'), Type.Literal('trip')]), placeName: Type.String(), from: Type.String(), to: Type.String(), mode: Nullable(TripMode), number: Nullable(Type.String()) }),
  note: Type.String(),
  contactId: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type SelfReport = Static<typeof SelfReport>;

/** Case statuses with a tracing window of their own (excluded cases use the suspected window, recovered the confirmed one). */
export const TRACE_WINDOW_STATUSES = ['confirmed', 'suspected', 'asymptomatic'] as const;

/** The tracing settings: the window per case status and the stay assumed per venue type. */
export const TracingSettings = Type.Object({
  windows: Type.Array(
    Type.Object({
      caseStatus: literalUnion(TRACE_WINDOW_STATUSES),
      daysBefore: Type.Integer({ description: 'days traced before the anchor day' }),
      anchor: Type.Union([Type.Literal('onset'), Type.Literal('first_positive')], { description: 'onset (else report) / first positive sample (else onset, else report)' }),
      isDefault: Type.Boolean(),
      updatedBy: Nullable(Type.String()),
      updatedAt: Nullable(Type.String()),
    }),
  ),
  stays: Type.Array(
    Type.Object({
      venueType: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      registrationDefault: Type.Integer({ description: 'minutes a new venue of the type gets at registration' }),
      tracingMinutes: Nullable(Type.Integer({ description: 'minutes tracing assumes for every venue of the type (replaces the venues\' own); null: each venue\'s own length' })),
      updatedBy: Nullable(Type.String()),
      updatedAt: Nullable(Type.String()),
    }),
  ),
});
export type TracingSettings = Static<typeof TracingSettings>;

/** The answer of a lab results import: good rows recorded, bad rows by line. */
/**
 * Why a row of a case-file or lab-result import was refused: a code the console words in Chinese and
 * English (tracing locale `importReject.<code>`), with its params.
 */
export const IMPORT_REJECT_REASONS = [
  'document_type_invalid', // not 居民身份证 / 护照
  'document_invalid', // the number fails GB 11643 or the passport pattern
  'name_invalid', // empty or longer than params.max
  'status_invalid', // not 确诊 / 无症状 / 疑似
  'source_invalid',
  'test_type_invalid', // not 核酸 / 抗原 / 抗体
  'result_invalid', // not 阳性 / 阴性
  'lab_invalid', // shorter than params.min or longer than params.max
  'region_invalid', // not six digits
  'division_unknown', // six digits, but no GB/T 2260 division
  'out_of_scope', // a division outside the officer's region
  'dates_invalid', // params.field: the date refused (future, onset after report, …)
  'invalid', // any other refusal: params.code is the server's error code
] as const;
export type ImportRejectReason = (typeof IMPORT_REJECT_REASONS)[number];
export const ImportRejectedRow = Type.Object({
  line: Type.Integer({ description: 'the line in the file (1 = the header)' }),
  field: Nullable(Type.String()),
  reason: literalUnion(IMPORT_REJECT_REASONS),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type ImportRejectedRow = Static<typeof ImportRejectedRow>;

/**
 * Why a row of the organisation batch check (单位批量核查) was refused: a code with its params, worded
 * in Chinese and English once (tracing-texts.ts, BATCH_REJECT_TEXT) for the server's downloadable
 * result (in the requester's language) and the apps' tracing locale (`batch.rejectReasons.<code>`).
 */
export const BATCH_REJECT_REASONS = [
  'name_too_long', // params.max
  'contact_too_long', // params.max
  'place_invalid', // a place row without a place, or longer than params.max
  'date_invalid', // not a day (YYYY-MM-DD) or after today
  'from_invalid', // a place row's start not HH:MM
  'to_invalid', // a place row's end not HH:MM or not after the start
  'from_future', // a place row's start later than now
  'mode_invalid', // not 火车 / 飞机 / 长途客车 / 公交 / 轮船 (or 场所)
  'number_invalid', // a malformed train / flight / coach / ferry number
  'row_invalid', // a plane row not params.min–params.max
  'seat_letter_missing', // a row given without a seat letter
  'carriage_invalid', // a train carriage not 1–30 (or a cabin not valid)
  'seat_invalid', // an impossible seat for the mode
  'invalid', // any other refusal: params.code is the server's error code
] as const;
export type BatchRejectReason = (typeof BATCH_REJECT_REASONS)[number];
/** The columns of the batch check a refusal names (the template's, in Chinese and English). */
export const BATCH_FIELDS = ['name', 'contact', 'mode', 'number', 'date', 'carriage', 'row', 'seat', 'place', 'from', 'to'] as const;
export type BatchField = (typeof BATCH_FIELDS)[number];
/** A checked row's verdict: the worst of its matches (close > possible > general), none without one. */
export const BATCH_VERDICTS = ['close', 'possible', 'general', 'none'] as const;
export const BatchVerdict = literalUnion(BATCH_VERDICTS);
export type BatchVerdict = Static<typeof BatchVerdict>;
export const BatchRejectedRow = Type.Object({
  line: Type.Integer({ description: 'the line in the sheet (1 = the header)' }),
  field: Nullable(Type.String({ description: 'one of BATCH_FIELDS' })),
  reason: literalUnion(BATCH_REJECT_REASONS),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export type BatchRejectedRow = Static<typeof BatchRejectedRow>;

/** A published case point a checked row matches (de-identified: the public label, never the case). */
export const BatchMatch = Type.Object({
  publicLabel: Type.String(),
  regionCode: Type.String(),
  carriage: Nullable(Type.String()),
  level: literalUnion(['close', 'possible', 'general'] as const),
});
export type BatchMatch = Static<typeof BatchMatch>;

/** A checked row of the organisation batch check: the row as read, its verdict, the explanation and the matches. */
export const BatchRowResult = Type.Object({
  line: Type.Integer(),
  name: Type.String(),
  contact: Type.String(),
  kind: Type.Union([Type.Literal('trip'), Type.Literal('place')], { description: 'a trip (mode, number) or a stay at a place (place, from–to on the date)' }),
  mode: Nullable(TripMode),
  number: Nullable(Type.String()),
  place: Nullable(Type.String()),
  from: Type.Union([Type.String(), Type.Null()], { description: 'HH:MM, China time (place rows)' }),
  to: Nullable(Type.String()),
  overlapMinutes: Type.Union([Type.Number(), Type.Null()], { description: 'place rows: minutes overlapping published stays' }),
  date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' }),
  carriage: Nullable(Type.String()),
  seat: Nullable(Type.String()),
  verdict: BatchVerdict,
  explanation: Text,
  matches: Type.Array(BatchMatch),
});
export type BatchRowResult = Static<typeof BatchRowResult>;

/** The organisation batch check's answer: each good row with its verdict, the bad rows with line and reason. */
export const BatchCheckResult = Type.Object({
  checked: Type.Integer(),
  rows: Type.Array(BatchRowResult),
  rejected: Type.Array(BatchRejectedRow),
});
export type BatchCheckResult = Static<typeof BatchCheckResult>;

export const CaseImportResult = Type.Object({ accepted: Type.Integer(), caseIds: Type.Array(Type.String()), rejected: Type.Array(ImportRejectedRow) });
export type CaseImportResult = Static<typeof CaseImportResult>;

export const LabImportResult = Type.Object({
  accepted: Type.Integer(),
  proposesCase: Type.Integer({ description: 'accepted positive results that propose opening a case' }),
  results: Type.Array(Type.Object({ line: Type.Integer(), id: Type.String(), proposesCase: Type.Boolean() })),
  rejected: Type.Array(ImportRejectedRow),
});
export type LabImportResult = Static<typeof LabImportResult>;
