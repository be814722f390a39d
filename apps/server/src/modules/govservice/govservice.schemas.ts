/** TypeBox schemas of the government-services API (shared by the module's route files). */
import { Type } from 'typebox';
import {
  APPLICANT_TYPES, APPLICATION_MODES, APPLICATION_STATUSES, CHANNELS, FIELD_TYPES, ITEM_TYPES, MATERIAL_FORMS, PART_STATUSES,
} from '@fangxian/contracts/govservice';
import { PrintableText } from '@fangxian/contracts/text';

export const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const DateTime = Type.String({ format: 'date-time' });
export const Bilingual = Type.Object({ zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ maxLength: 200 }) });
export const Status = lit(APPLICATION_STATUSES);
export const Mode = lit(APPLICATION_MODES);
export const PartStatus = lit(PART_STATUSES);

export const FormField = Type.Object({
  key: Type.String({ pattern: '^[a-z][A-Za-z0-9_]{0,39}$' }),
  label: Bilingual,
  type: lit(FIELD_TYPES),
  required: Type.Optional(Type.Boolean()),
  pattern: Type.Optional(Type.String({ maxLength: 200 })),
  minLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 4000 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 4000 })),
  min: Type.Optional(Type.Number({ minimum: -1e12, maximum: 1e12 })),
  max: Type.Optional(Type.Number({ minimum: -1e12, maximum: 1e12 })),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 60 }), label: Bilingual }), { maxItems: 50 })),
  multiple: Type.Optional(Type.Boolean()),
  visibleWhen: Type.Optional(Type.Object({ field: Type.String({ maxLength: 40 }), in: Type.Array(Type.Union([Type.String({ maxLength: 60 }), Type.Number()]), { minItems: 1, maxItems: 20 }) })),
  help: Type.Optional(Bilingual),
});
export const FormSchema = Type.Object({ fields: Type.Array(FormField, { minItems: 1, maxItems: 60 }) });
export const Material = Type.Object({
  key: Type.String({ pattern: '^[a-z][A-Za-z0-9_]{0,39}$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  required: Type.Boolean(),
  form: lit(MATERIAL_FORMS),
  count: Type.Integer({ minimum: 1, maximum: 20 }),
  secondary: Type.Boolean({ description: '容缺: may be accepted missing and supplied later' }),
  sampleFileId: Type.Optional(Nullable(Uuid)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
});
export const ItemContentSchema = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }),
  type: lit(ITEM_TYPES),
  department: Type.String({ minLength: 2, maxLength: 60 }),
  reviewDepartments: Type.Array(Type.String({ minLength: 2, maxLength: 60 }), { minItems: 1, maxItems: 10 }),
  legalLimitDays: Type.Integer({ minimum: 0, maximum: 365 }),
  promisedLimitDays: Type.Integer({ minimum: 0, maximum: 365 }),
  applicantTypes: Type.Array(lit(APPLICANT_TYPES), { minItems: 1, maxItems: 2 }),
  materials: Type.Array(Material, { maxItems: 40 }),
  fees: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), amount: Type.Number({ minimum: 0, maximum: 1e9 }), basis: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) }), { maxItems: 20 }),
  channels: Type.Array(lit(CHANNELS), { minItems: 1, maxItems: 5 }),
  visits: Type.Integer({ minimum: 0, maximum: 5 }),
  modes: Type.Object({
    tolerance: Nullable(Type.Object({ materials: Type.Array(Type.String(), { maxItems: 40 }), supplyDays: Type.Integer({ minimum: 1, maximum: 60 }) })),
    commitment: Nullable(Type.Object({ text: Type.String({ minLength: 10, maxLength: 4000 }), inspectionDays: Type.Integer({ minimum: 1, maximum: 365 }) })),
    priority: Type.Boolean(),
  }),
  resultTitle: Type.String({ minLength: 2, maxLength: 100 }),
  guide: Type.String({ maxLength: 8000 }),
  form: FormSchema,
  remoteVerification: Type.Optional(Type.Boolean({ description: '云核验: the applicant may book a remote verification' })),
  bundle: Type.Optional(Type.Object({
    spec: Type.Any({ description: 'BundleSpec' }),
    members: Type.Array(Type.Object({
      code: Type.String(), versionId: Type.String(), version: Type.Integer(), name: Type.String(), department: Type.String(),
      reviewDepartments: Type.Array(Type.String()), fieldKeys: Type.Array(Type.String()), materialKeys: Type.Array(Type.String()),
    })),
  }, { description: '一件事一次办: a bundle\'s composition (read-only; never accepted on an item)' })),
});
export const BundleSpecSchema = Type.Object({
  name: PrintableText({ minLength: 2, maxLength: 100 }),
  lifeEvent: PrintableText({ minLength: 2, maxLength: 60 }),
  department: Type.String({ minLength: 2, maxLength: 60 }),
  items: Type.Array(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{2,59}$' }), { minItems: 2, maxItems: 10 }),
  promisedLimitDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 365 }))),
  resultTitle: PrintableText({ minLength: 2, maxLength: 100 }),
  guide: Type.String({ maxLength: 8000 }),
});

export const ModeFlags = Type.Object({ tolerance: Type.Boolean(), commitment: Type.Boolean(), priority: Type.Boolean() });
export const ItemSummary = Type.Object({
  code: Type.String(), name: Type.String(), type: Type.String(), department: Type.String(), regionCode: Type.String(), version: Type.Integer(),
  legalLimitDays: Type.Integer(), promisedLimitDays: Type.Integer(), visits: Type.Integer(), channels: Type.Array(Type.String()), applicantTypes: Type.Array(Type.String()),
  modes: ModeFlags,
  kind: lit(['item', 'bundle'] as const), remoteVerification: Type.Boolean(),
  bundleItems: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), department: Type.String() })),
});
export const ItemGuide = Type.Object({ ...ItemSummary.properties, publishedAt: Nullable(DateTime), content: ItemContentSchema });
export const StaffItem = Type.Object({
  id: Type.String(), code: Type.String(), kind: lit(['item', 'bundle'] as const), regionCode: Type.String(), name: Type.String(), department: Type.String(),
  publishedVersion: Nullable(Type.Integer()), draftVersion: Nullable(Type.Integer()),
  versions: Type.Array(Type.Object({ version: Type.Integer(), status: Type.String(), publishedAt: Nullable(DateTime), content: ItemContentSchema })),
});

export const FormValue = Type.Union([Type.String({ maxLength: 4000 }), Type.Number(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })]);
export const MaterialFiles = Type.Object({ key: Type.String({ maxLength: 40 }), fileIds: Type.Array(Uuid, { maxItems: 20 }) });
export const ApplicationBody = Type.Object({
  applicantType: lit(APPLICANT_TYPES),
  enterprise: Type.Optional(Nullable(Type.Object({ name: PrintableText({ minLength: 2, maxLength: 100 }), creditCode: Type.String({ minLength: 18, maxLength: 18 }) }))),
  phone: Type.Optional(Nullable(Type.String({ pattern: '^1[3-9]\\d{9}$' }))),
  form: Type.Record(Type.String({ maxLength: 40 }), FormValue, { maxProperties: 60 }),
  materials: Type.Array(MaterialFiles, { maxItems: 40 }),
  mode: Mode,
  missingMaterials: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 40 })),
  priorityReason: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
  wantsExpress: Type.Optional(Type.Boolean()),
  deliveryAddress: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
});
export const Verification = Type.Object({
  id: Type.String(), department: Type.String(), startsAt: DateTime, endsAt: DateTime, roomCode: Type.String({ description: 'the video room both join' }),
  status: lit(['booked', 'verified', 'failed', 'cancelled'] as const), reason: Nullable(Type.String()), decidedAt: Nullable(DateTime),
});

export const Timeline = Type.Array(Type.Object({ action: Type.String(), status: Status, department: Nullable(Type.String()), note: Nullable(Type.String()), at: DateTime }));
export const Common = {
  id: Type.String(), number: Type.String({ description: 'Public number, e.g. GS20261207-4F7Q2K' }), status: Status, mode: Mode,
  item: Type.Object({ code: Type.String(), name: Type.String(), version: Type.Integer(), department: Type.String(), promisedLimitDays: Type.Integer() }),
  regionCode: Type.String(), applicantType: lit(APPLICANT_TYPES),
  enterprise: Nullable(Type.Object({ name: Type.String(), creditCode: Type.String() })),
  materials: Type.Array(Type.Object({
    key: Type.String(), name: Type.String(), required: Type.Boolean(), form: Type.String(), count: Type.Integer(), secondary: Type.Boolean(),
    fileIds: Type.Array(Type.String()), missing: Type.Boolean(), correction: Nullable(Type.String()),
  })),
  missingMaterials: Type.Array(Type.String()), supplyBy: Nullable(Type.String()), supplyOverdue: Type.Boolean(),
  priorityRequested: Type.Boolean(), greenChannel: Type.Boolean(), wantsExpress: Type.Boolean(),
  commitment: Nullable(Type.Object({ text: Type.String(), signedAt: Nullable(DateTime) })),
  parts: Type.Array(Type.Object({ department: Type.String(), itemCode: Nullable(Type.String()), itemName: Nullable(Type.String()), status: PartStatus, note: Nullable(Type.String()), decidedAt: Nullable(DateTime) })),
  inspection: Nullable(Type.Object({ id: Type.String(), department: Type.String(), status: Type.String(), dueAt: DateTime, note: Nullable(Type.String()) })),
  result: Nullable(Type.Object({ number: Type.String(), title: Type.String(), fields: Type.Record(Type.String(), Type.String()), issuedAt: DateTime, revokedAt: Nullable(DateTime) })),
  decisionNote: Nullable(Type.String()),
  remoteVerification: Type.Boolean(), verifications: Type.Array(Verification),
  project: Nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), park: Type.String() })),
  bundleItems: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), department: Type.String(), version: Type.Integer() }), { description: '一件事一次办: the member items and the versions filed under' }),
  submittedAt: Nullable(DateTime), acceptedAt: Nullable(DateTime), dueAt: Nullable(DateTime), decidedAt: Nullable(DateTime), overdue: Type.Boolean(),
  createdAt: DateTime, updatedAt: DateTime,
  form: Type.Record(Type.String(), FormValue), formSchema: FormSchema,
};
export const OwnApplication = Type.Object({
  ...Common,
  applicantName: Type.String(), phone: Nullable(Type.String()), deliveryAddress: Nullable(Type.String()), priorityReason: Nullable(Type.String()),
  actions: Type.Array(Type.String()), canSupply: Type.Boolean(), timeline: Timeline,
  document: Nullable(Type.Object({
    id: Uuid, code: Type.String(), title: Type.String(), issuedAt: DateTime, revokedAt: Nullable(DateTime), revokeReason: Nullable(Type.String()),
    verifyUrl: Type.String({ description: 'the public verification page of the document code' }),
  })),
  shipments: Type.Array(Type.Object({
    number: Type.String(), direction: lit(['outbound', 'return'] as const), status: Type.String(), carrier: Type.String(), trackingNumber: Type.String(),
    contents: Type.String(), address: Type.String(), createdAt: DateTime,
    timeline: Type.Array(Type.Object({ status: Type.String(), at: DateTime, note: Nullable(Type.String()) })),
  })),
  evaluation: Nullable(Type.Object({ level: Type.Integer({ minimum: 1, maximum: 5 }), comment: Nullable(Type.String()), at: DateTime })),
  canRate: Type.Boolean(),
});
export const OwnLine = Type.Object({ id: Type.String(), number: Type.String(), itemName: Type.String(), status: Status, mode: Mode, createdAt: DateTime, updatedAt: DateTime, canSupply: Type.Boolean() });
export const StaffApplication = Type.Object({
  ...Common,
  applicant: Type.Object({ name: Type.String(), document: Type.String(), phone: Type.String(), agentName: Nullable(Type.String()), deliveryAddress: Nullable(Type.String()) }, { description: 'masked' }),
  priorityReason: Nullable(Type.String()), greenChannelReason: Nullable(Type.String()), commitmentSigned: Type.Boolean(),
  internalParts: Type.Array(Type.Object({ department: Type.String(), itemCode: Nullable(Type.String()), itemName: Nullable(Type.String()), status: Type.String(), note: Nullable(Type.String()), internalNote: Nullable(Type.String()), decidedAt: Nullable(DateTime) })),
  history: Type.Array(Type.Object({
    action: Type.String(), fromStatus: Nullable(Type.String()), status: Type.String(), actorType: Type.String(), department: Nullable(Type.String()),
    note: Nullable(Type.String()), internalNote: Nullable(Type.String()), at: DateTime,
  })),
  as: Type.Object({ window: Type.Boolean(), department: Type.Boolean(), handler: Type.Boolean({ description: '直通车: the dedicated handler of the application\'s project' }) }),
  reviewItems: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), { description: '一件事一次办: the member items one\'s department still has to decide' }),
  windowActions: Type.Array(Type.String()), canReview: Type.Boolean(), canInspect: Type.Boolean(),
});
export const QueueLine = Type.Object({
  id: Type.String(), number: Type.String(), itemName: Type.String(), status: Status, mode: Mode, applicantType: lit(APPLICANT_TYPES), applicant: Type.String({ description: 'masked name or enterprise name' }),
  regionCode: Type.String(), greenChannel: Type.Boolean(), priorityRequested: Type.Boolean(), missing: Type.Integer(), supplyBy: Nullable(Type.String()), supplyOverdue: Type.Boolean(),
  submittedAt: Nullable(DateTime), dueAt: Nullable(DateTime), overdue: Type.Boolean(), dueSoon: Type.Boolean(),
  parts: Type.Array(Type.Object({ department: Type.String(), itemCode: Nullable(Type.String()), status: PartStatus })),
});
export const Note = Type.String({ maxLength: 2000 });
