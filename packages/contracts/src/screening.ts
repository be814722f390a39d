import { Type, type Static } from 'typebox';
import { literalUnion } from './literals.ts';
import { PrintableText } from './text.ts';

/**
 * Shapes of the screening API (排查人员基础数据库): sources and imports, persons with their sources,
 * match reviews and merges, comparison of sources, dispatched tasks and follow-ups. Shared by server and web.
 */

export const SOURCE_KINDS = ['telecom', 'province', 'police', 'health', 'self_declared', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SourceKindSchema = literalUnion(SOURCE_KINDS);

export const SOURCE_KIND_TEXT: Record<SourceKind, { zh: string; en: string }> = {
  telecom: { zh: '通信运营商', en: 'telecom operator' },
  province: { zh: '省级推送', en: 'province' },
  police: { zh: '公安', en: 'police' },
  health: { zh: '卫健委', en: 'health commission' },
  self_declared: { zh: '自主申报', en: 'self-declared' },
  other: { zh: '其他', en: 'other' },
};

/** The fields a source's columns map to (server: screening.rows.ts SCREENING_FIELDS). */
export const SCREENING_FIELDS = ['name', 'idNumber', 'phone', 'residenceDivision', 'householdDivision', 'address', 'origin', 'arrivalDate', 'reportedAt'] as const;
export type ScreeningFieldName = (typeof SCREENING_FIELDS)[number];

export const SCREENING_STATUSES = ['pending', 'reached', 'home_quarantine', 'central_quarantine', 'released'] as const;
export type ScreeningStatus = (typeof SCREENING_STATUSES)[number];
export const ScreeningStatusSchema = literalUnion(SCREENING_STATUSES);
export const SCREENING_STATUS_TEXT: Record<ScreeningStatus, { zh: string; en: string }> = {
  pending: { zh: '待核查', en: 'pending' },
  reached: { zh: '已联系', en: 'reached' },
  home_quarantine: { zh: '居家隔离', en: 'home quarantine' },
  central_quarantine: { zh: '集中隔离', en: 'central quarantine' },
  released: { zh: '已解除', en: 'released' },
};

const ColumnMapping = Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 100 }), {
  description: 'screening field (name, idNumber, phone, residenceDivision, householdDivision, address, origin, arrivalDate, reportedAt) → column header',
});

export const SourceInput = Type.Object(
  {
    name: PrintableText({ minLength: 2, maxLength: 100 }),
    kind: SourceKindSchema,
    trust: Type.Integer({ minimum: 1, maximum: 5, default: 3 }),
    contactHours: Type.Integer({ minimum: 1, maximum: 720, default: 12 }),
    feedbackHours: Type.Integer({ minimum: 1, maximum: 720, default: 24 }),
    defaultDivision: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{6}$' }), Type.Null()])),
    columnMapping: Type.Optional(ColumnMapping),
  },
  { additionalProperties: false },
);
export type SourceInput = Static<typeof SourceInput>;

export const SourcePatch = Type.Partial(SourceInput, { additionalProperties: false, minProperties: 1 });

export const ScreeningSource = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  trust: Type.Integer(),
  contactHours: Type.Integer(),
  feedbackHours: Type.Integer(),
  defaultDivision: Type.Union([Type.String(), Type.Null()]),
  columnMapping: Type.Record(Type.String(), Type.String()),
  updatedAt: Type.String(),
});
export type ScreeningSource = Static<typeof ScreeningSource>;

/** The counters of an import; also the JSON of its job's progress message (GET /api/jobs/:id/events). */
export const ImportCounters = Type.Object({
  rowsRead: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  matched: Type.Integer({ description: 'rows that matched a person already known before this import' }),
  created: Type.Integer({ description: 'new persons' }),
  reviews: Type.Integer({ description: 'pairs sent to the review queue' }),
});
export type ImportCounters = Static<typeof ImportCounters>;

/**
 * How an import sizes its batches: `paced` (the default) sizes each batch from how long the last ones
 * held the database (≈ 20 ms each: requests keep being answered), `fast` writes fixed large batches
 * (the import finishes sooner; on the embedded database requests wait up to a batch's length).
 */
export const ImportPace = Type.Union([Type.Literal('paced'), Type.Literal('fast')], { description: 'paced (default): batches sized to hold the database ≈ 20 ms, online work first; fast: fixed large batches, the import first' });
export type ImportPace = Static<typeof ImportPace>;

export const ScreeningImport = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  fileName: Type.String(),
  format: Type.String(),
  encoding: Type.Union([Type.String(), Type.Null()]),
  contentHash: Type.String(),
  status: Type.String({ description: 'queued | running | succeeded | failed | cancelled' }),
  jobId: Type.Union([Type.String(), Type.Null()]),
  cancelRequested: Type.Boolean(),
  pace: ImportPace,
  batchRows: Type.Union([Type.Integer(), Type.Null()], { description: 'rows per batch when fixed (pace fast); null when the import paces itself' }),
  counters: ImportCounters,
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  duplicate: Type.Boolean({ description: 'true when this file was imported into this source before: the earlier import is answered' }),
});
export type ScreeningImport = Static<typeof ScreeningImport>;

export const SourceReport = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  sourceName: Type.String(),
  sourceKind: Type.String(),
  reportedAt: Type.String(),
  matchedBy: Type.String(),
  importId: Type.Union([Type.String(), Type.Null()]),
  line: Type.Union([Type.Integer(), Type.Null()]),
});

export const FieldSource = Type.Object({ sourceId: Type.String(), sourceName: Type.String(), at: Type.String() });

export const ScreeningPerson = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()], { description: 'masked (张*)' }),
  documentNumber: Type.Union([Type.String(), Type.Null()], { description: 'masked' }),
  phone: Type.Union([Type.String(), Type.Null()], { description: 'masked' }),
  sex: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  residenceDivision: Type.Union([Type.String(), Type.Null()]),
  residenceDivisionName: Type.Union([Type.String(), Type.Null()]),
  householdDivision: Type.Union([Type.String(), Type.Null()]),
  arrivalDate: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  firstReportedAt: Type.String(),
  firstSourceId: Type.String(),
  mergedInto: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type ScreeningPerson = Static<typeof ScreeningPerson>;

/** A page of persons; pass nextCursor as `cursor` for the next page. */
export const PersonPage = Type.Object({ items: Type.Array(ScreeningPerson), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const ScreeningPersonDetail = Type.Object({
  ...ScreeningPerson.properties,
    /** Which source said each field and when. */
    provenance: Type.Record(Type.String(), FieldSource),
    reports: Type.Array(SourceReport),
    /** The first source to report the person, and how many hours it was ahead of each other source's first report. */
    firstReporter: Type.Union([Type.Object({ sourceId: Type.String(), sourceName: Type.String(), reportedAt: Type.String() }), Type.Null()]),
    leadHours: Type.Array(Type.Object({ sourceId: Type.String(), sourceName: Type.String(), firstReportedAt: Type.String(), hoursBehindFirst: Type.Number() })),
  merges: Type.Array(Type.Object({ id: Type.String(), survivorId: Type.String(), mergedId: Type.String(), mergedAt: Type.String(), undoneAt: Type.Union([Type.String(), Type.Null()]) })),
});
export type ScreeningPersonDetail = Static<typeof ScreeningPersonDetail>;

export const MatchReview = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'open | merged | kept_apart' }),
  score: Type.Number(),
  reasons: Type.Array(Type.String()),
  person: ScreeningPerson,
  candidate: ScreeningPerson,
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  mergeId: Type.Union([Type.String(), Type.Null()]),
});
export type MatchReview = Static<typeof MatchReview>;

export const ReviewDecision = Type.Object(
  { decision: literalUnion(['merge', 'keep_apart'] as const), reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const MergeResult = Type.Object({ id: Type.String(), survivorId: Type.String(), mergedId: Type.String(), mergedAt: Type.String(), undoneAt: Type.Union([Type.String(), Type.Null()]) });

export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false });

// ---- dispatch and follow-up ----

export const DispatchRuleSchema = Type.Object(
  {
    priority: Type.Integer({ minimum: 0, maximum: 10000 }),
    sourceKind: Type.Union([SourceKindSchema, Type.Null()]),
    divisionPrefix: Type.Union([Type.String({ pattern: '^\\d{2,12}$' }), Type.Null()]),
    useDivision: literalUnion(['residence', 'household'] as const),
    targetDivision: Type.Union([Type.String({ pattern: '^\\d{6}$' }), Type.Null()]),
    contactHours: Type.Union([Type.Integer({ minimum: 1, maximum: 720 }), Type.Null()]),
    feedbackHours: Type.Union([Type.Integer({ minimum: 1, maximum: 720 }), Type.Null()]),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type DispatchRule = Static<typeof DispatchRuleSchema>;

export const ContactAttemptSchema = Type.Object(
  { at: Type.String({ format: 'date-time' }), channel: literalUnion(['phone', 'visit', 'sms', 'other'] as const), reached: Type.Boolean() },
  { additionalProperties: false },
);
export const TestResultSchema = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    type: literalUnion(['nucleic_acid', 'antigen', 'antibody'] as const),
    result: literalUnion(['negative', 'positive', 'pending'] as const),
  },
  { additionalProperties: false },
);

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });

export const FollowUpInput = Type.Object(
  {
    reached: Type.Boolean(),
    attempts: Type.Array(ContactAttemptSchema, { maxItems: 50, default: [] }),
    currentLocation: Type.Optional(Type.String({ maxLength: 300 })),
    quarantine: Type.Optional(
      Type.Object(
        { kind: literalUnion(['home', 'central'] as const), from: Day, to: Day, site: Type.Optional(Type.String({ maxLength: 300 })) },
        { additionalProperties: false },
      ),
    ),
    tests: Type.Array(TestResultSchema, { maxItems: 50, default: [] }),
    releasedOn: Type.Optional(Day),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type FollowUpInput = Static<typeof FollowUpInput>;

export const FollowUp = Type.Object({
  id: Type.String(),
  reached: Type.Boolean(),
  attempts: Type.Array(ContactAttemptSchema),
  currentLocation: Type.Union([Type.String(), Type.Null()]),
  quarantine: Type.Union([Type.Object({ kind: Type.String(), from: Type.String(), to: Type.String(), site: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  tests: Type.Array(TestResultSchema),
  releasedOn: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});
export type FollowUp = Static<typeof FollowUp>;

export const ScreeningTask = Type.Object({
  id: Type.String(),
  person: ScreeningPerson,
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: 'open | closed | merged' }),
  dispatchedAt: Type.String(),
  contactDueAt: Type.String(),
  feedbackDueAt: Type.String(),
  contactedAt: Type.Union([Type.String(), Type.Null()]),
  feedbackAt: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
  /** Seconds to the next unmet deadline (negative: overdue), null when both are met or the task is closed. */
  secondsToDeadline: Type.Union([Type.Number(), Type.Null()]),
  escalatedAt: Type.Union([Type.String(), Type.Null()]),
  escalatedTo: Type.Union([Type.String(), Type.Null()]),
  reassignReason: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  reopenReason: Type.Union([Type.String(), Type.Null()]),
});
export type ScreeningTask = Static<typeof ScreeningTask>;

export const ScreeningTaskDetail = Type.Object({ ...ScreeningTask.properties, followUps: Type.Array(FollowUp) });

export const TaskPage = Type.Object({ items: Type.Array(ScreeningTask), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const ReassignBody = Type.Object({ regionCode: Type.String({ pattern: '^\\d{6}$' }), reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false });

export const TaskCounts = Type.Array(
  Type.Object({
    regionCode: Type.String(),
    regionName: Type.Union([Type.String(), Type.Null()]),
    total: Type.Integer(),
    open: Type.Integer(),
    reached: Type.Integer(),
    quarantined: Type.Integer(),
    overdue: Type.Integer(),
    escalated: Type.Integer(),
    closed: Type.Integer(),
  }),
);

/** A column mapping proposed from a sample file's first rows. */
export const MappingProposal = Type.Object({
  headerLine: Type.Integer({ description: 'the row taken as the header (1-based)' }),
  headers: Type.Array(Type.String()),
  mapping: Type.Record(Type.String(), Type.String(), { description: 'screening field → proposed header' }),
  basis: Type.Record(Type.String(), Type.Union([Type.Literal('header'), Type.Literal('content')]), { description: 'why each field was proposed' }),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  encoding: Type.Union([Type.String(), Type.Null()]),
});
export type MappingProposal = Static<typeof MappingProposal>;

/** How the screening figures are grouped. */
export const FigureGroup = Type.Union([Type.Literal('county'), Type.Literal('source'), Type.Literal('day')]);
export type FigureGroup = Static<typeof FigureGroup>;

export const FiguresQuery = Type.Object(
  {
    by: FigureGroup,
    from: Type.Optional(Type.String({ format: 'date', description: 'first China day of first reports counted' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'last China day of first reports counted' })),
  },
  { additionalProperties: false },
);

/** One line of the county and city dashboards: persons received, dispatched, reached, in quarantine, overdue, closed. */
export const ScreeningFigure = Type.Object({
  key: Type.String({ description: 'the county code, the source id or the China day' }),
  label: Type.Union([Type.String(), Type.Null()], { description: 'the division name or the source name' }),
  received: Type.Integer({ description: 'persons (one per merged record)' }),
  dispatched: Type.Integer({ description: 'persons with a follow-up task' }),
  reached: Type.Integer(),
  quarantined: Type.Integer({ description: 'in home or central quarantine now' }),
  overdue: Type.Integer({ description: 'open tasks past a deadline they have not met' }),
  closed: Type.Integer({ description: 'tasks closed (销号)' }),
});
export type ScreeningFigure = Static<typeof ScreeningFigure>;
export const ScreeningFigures = Type.Object({ by: FigureGroup, rows: Type.Array(ScreeningFigure), totals: Type.Omit(ScreeningFigure, ['key', 'label']) });
export type ScreeningFigures = Static<typeof ScreeningFigures>;

// ---- comparison ----

const SplitCounts = {
  onlyA: Type.Integer(),
  onlyB: Type.Integer(),
  both: Type.Integer(),
  aFirst: Type.Integer({ description: 'in both, A reported first' }),
  bFirst: Type.Integer({ description: 'in both, B reported first' }),
  avgLeadHours: Type.Union([Type.Number(), Type.Null()], { description: 'mean hours A\'s first report came before B\'s (negative: B first), over the persons in both' }),
};

export const SourceComparison = Type.Object({
  a: Type.String(),
  b: Type.String(),
  onlyA: Type.Integer(),
  onlyB: Type.Integer(),
  both: Type.Integer(),
  /** Persons in both, by how many whole days A's first report came before B's (negative: B first). */
  leadDays: Type.Array(Type.Object({ days: Type.Integer(), persons: Type.Integer() })),
  byDay: Type.Array(Type.Object({ day: Type.String({ description: 'China day of the earlier first report' }), ...SplitCounts })),
  byCounty: Type.Array(Type.Object({ regionCode: Type.String(), regionName: Type.Union([Type.String(), Type.Null()]), ...SplitCounts })),
});

/** A page of the persons reported by A and not B; pass nextCursor as `cursor` for the next page. */
export const OnlyInPage = Type.Object({
  items: Type.Array(Type.Object({ person: ScreeningPerson, firstReportedByA: Type.String() })),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type SourceComparison = Static<typeof SourceComparison>;

// ---- personal-data exports (maker-checker) ----

/** The XLSX exports that carry personal data: each needs a second officer's approval before it is downloaded. */
export const PERSONAL_EXPORTS = ['rejected_rows', 'only_in_a', 'tasks'] as const;
export type PersonalExport = (typeof PERSONAL_EXPORTS)[number];
export const PERSONAL_EXPORT_TEXT: Record<PersonalExport, { zh: string; en: string }> = {
  rejected_rows: { zh: '导入错误行（原始内容）', en: 'Rejected rows of an import (as given)' },
  only_in_a: { zh: '来源比对：A 有 B 无名单', en: 'Comparison: persons in A and not in B' },
  tasks: { zh: '核查任务清单', en: 'Follow-up task list' },
};

/** What is asked to be exported: the export, what it needs (importId; a and b; the task filter) and why. */
export const ExportRequest = Type.Object(
  {
    export: literalUnion(PERSONAL_EXPORTS),
    importId: Type.Optional(Type.String({ format: 'uuid', description: 'rejected_rows: the import' })),
    a: Type.Optional(Type.String({ format: 'uuid', description: 'only_in_a: source A' })),
    b: Type.Optional(Type.String({ format: 'uuid', description: 'only_in_a: source B' })),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')], { description: 'tasks: filter' })),
    overdue: Type.Optional(Type.Boolean({ description: 'tasks: filter' })),
    escalated: Type.Optional(Type.Boolean({ description: 'tasks: filter' })),
    reason: Type.String({ minLength: 2, maxLength: 500, description: 'why the list is needed (shown to the approver and kept in the audit trail)' }),
  },
  { additionalProperties: false },
);
export type ExportRequest = Static<typeof ExportRequest>;

export const ExportDecision = Type.Object(
  { decision: literalUnion(['approve', 'reject'] as const), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const ExportProposal = Type.Object({
  id: Type.String(),
  status: literalUnion(['proposed', 'approved', 'rejected', 'withdrawn', 'expired'] as const),
  export: literalUnion(PERSONAL_EXPORTS),
  params: Type.Object({
    importId: Type.Optional(Type.String()),
    a: Type.Optional(Type.String()),
    b: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
    overdue: Type.Optional(Type.Boolean()),
    escalated: Type.Optional(Type.Boolean()),
  }),
  /** Names of what the params point at (the import's file, the two sources), for the approver. */
  describe: Type.String(),
  reason: Type.String(),
  regionCode: Type.String(),
  proposedBy: Type.String(),
  proposedAt: Type.String(),
  expiresAt: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  /** Approved: the proposer may download until then. */
  downloadUntil: Type.Union([Type.String(), Type.Null()]),
});
export type ExportProposal = Static<typeof ExportProposal>;
