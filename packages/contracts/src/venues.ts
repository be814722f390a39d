import { Type, type Static } from 'typebox';
import { Colour } from './health-code.ts';
import { DECISIONS } from './kernel/colour.ts';
import { literalUnion } from './literals.ts';
import { PrintableText } from './text.ts';
import { TEXT_FIELDS } from './names.ts';

/** Shapes of the venues API (venues, place codes, scans, venue portal, retention), shared by server and web. */

/**
 * Venue types with a default stay length. Check-outs are usually missing, so co-presence windows
 * (tracing) use the stay length of the venue's type; the lengths follow common field practice.
 */
export const VENUE_TYPES = {
  mall: { stayMinutes: 120, zh: '商场', en: 'Shopping mall' },
  supermarket: { stayMinutes: 45, zh: '超市', en: 'Supermarket' },
  market: { stayMinutes: 60, zh: '农贸市场', en: 'Fresh market' },
  restaurant: { stayMinutes: 90, zh: '餐饮', en: 'Restaurant' },
  hospital: { stayMinutes: 180, zh: '医疗机构', en: 'Hospital or clinic' },
  school: { stayMinutes: 480, zh: '学校', en: 'School' },
  office: { stayMinutes: 480, zh: '办公场所', en: 'Office' },
  factory: { stayMinutes: 480, zh: '工厂', en: 'Factory' },
  transport: { stayMinutes: 60, zh: '交通场站', en: 'Transport hub' },
  hotel: { stayMinutes: 720, zh: '酒店宾馆', en: 'Hotel' },
  entertainment: { stayMinutes: 150, zh: '娱乐场所', en: 'Entertainment venue' },
  residential: { stayMinutes: 30, zh: '居民小区', en: 'Residential compound' },
  government: { stayMinutes: 60, zh: '政务服务场所', en: 'Government service hall' },
  other: { stayMinutes: 60, zh: '其他', en: 'Other' },
} as const;

export type VenueType = keyof typeof VENUE_TYPES;
export const VENUE_TYPE_NAMES = Object.keys(VENUE_TYPES) as VenueType[];

export const VENUE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type VenueStatus = (typeof VENUE_STATUSES)[number];

export const SCAN_METHODS = ['citizen_scan_static', 'citizen_scan_dynamic', 'venue_scan_citizen', 'manual'] as const;
export type ScanMethod = (typeof SCAN_METHODS)[number];

export const FLAG_REASONS = ['far_away', 'volume', 'repeat_person'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];


const Uuid = Type.String({ format: 'uuid' });
const ColourSchema = Colour;
export const VenueTypeSchema = literalUnion(VENUE_TYPE_NAMES);
export const ScanMethodSchema = literalUnion(SCAN_METHODS);

export const VenueInputSchema = Type.Object(
  {
    name: PrintableText({ maxLength: TEXT_FIELDS.venueName.max, description: 'printable, no emoji or markup; see checkLabel' }),
    type: VenueTypeSchema,
    address: PrintableText({ maxLength: 200 }),
    divisionCode: Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 county-level code' }),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    contactName: PrintableText({ maxLength: TEXT_FIELDS.venueContactName.max, description: 'a person\'s name; see checkPersonName' }),
    contactPhone: Type.String({ pattern: '^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$', description: 'Mainland mobile or landline' }),
    stayMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 1440, description: 'Overrides the type\'s default stay length' })),
  },
  { additionalProperties: false },
);

export const VenueSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  type: VenueTypeSchema,
  typeName: Type.String(),
  address: Type.String(),
  divisionCode: Type.String(),
  divisionName: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  stayMinutes: Type.Integer(),
  contactName: Type.String({ description: 'masked' }),
  contactPhone: Type.String({ description: 'masked' }),
  status: literalUnion(VENUE_STATUSES),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  managerStaffId: Type.Union([Uuid, Type.Null()]),
  createdAt: Type.String(),
});

export const VenueListQuery = Type.Object(
  {
    status: Type.Optional(literalUnion(VENUE_STATUSES)),
    type: Type.Optional(VenueTypeSchema),
    divisionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    q: Type.Optional(PrintableText({ maxLength: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const VenuePage = Type.Object({ items: Type.Array(VenueSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const DecisionBody = Type.Object(
  {
    decision: literalUnion(['approved', 'rejected'] as const),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'required (not blank) when rejecting: the reason the owner is shown' })),
  },
  { additionalProperties: false },
);

export const StaffInputSchema = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9_.-]{3,32}$' }),
    password: Type.String({ minLength: 12, maxLength: 128, description: 'at least 12 characters; the server also refuses common and guessable passwords' }),
    displayName: PrintableText({ maxLength: TEXT_FIELDS.venueStaffDisplayName.max }),
  },
  { additionalProperties: false },
);

export const VenueStaffSchema = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  disabled: Type.Boolean(),
  manager: Type.Boolean(),
  createdAt: Type.String(),
});

export const PosterSchema = Type.Object({
  venueId: Uuid,
  name: Type.String(),
  typeName: Type.String(),
  address: Type.String(),
  divisionName: Type.String(),
  fullAddress: Type.String({ description: 'the address as printed, its division named once: 四川省德阳市旌阳区长江西路二段1号' }),
  token: Type.String(),
  url: Type.String(),
  version: Type.Integer(),
  generatedAt: Type.String(),
});

export const DynamicCodeSchema = Type.Object({
  token: Type.String(),
  url: Type.String(),
  expiresAt: Type.String(),
  rotatesEverySeconds: Type.Literal(30),
});

export const ScanBody = Type.Object(
  {
    placeToken: Type.String({ minLength: 1, maxLength: 512, description: 'The place code as scanned: the bare token or the poster URL' }),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);

export const EntryPageSchema = Type.Object({
  scanId: Uuid,
  scannedAt: Type.String(),
  method: ScanMethodSchema,
  presenceProven: Type.Boolean(),
  venue: Type.Object({ id: Uuid, name: Type.String(), address: Type.String() }),
  colour: ColourSchema,
  decision: literalUnion(DECISIONS),
  maskedName: Type.String(),
  maskedId: Type.String(),
  repeat: Type.Boolean({ description: 'an earlier visit of the person at the venue within the repeat window is answered (nothing new recorded)' }),
});

export const ManualScanBody = Type.Object(
  {
    phone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$' })),
    documentNumber: Type.Optional(Type.String({ minLength: 5, maxLength: 32, pattern: '^[0-9A-Za-z]+$' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

/**
 * The answer to a manual entry: the same for every well-formed number, registered or not, so the
 * entry form cannot tell whether a phone or ID number belongs to anyone.
 */
export const ManualScanAcceptedSchema = Type.Object({ accepted: Type.Literal(true), presenceProven: Type.Literal(false) });
export type ManualScanAccepted = Static<typeof ManualScanAcceptedSchema>;

export const DoorScanSchema = Type.Object({
  id: Uuid,
  scannedAt: Type.String(),
  method: ScanMethodSchema,
  colour: ColourSchema,
  decision: literalUnion(DECISIONS),
  presenceProven: Type.Boolean(),
  maskedName: Type.String(),
  maskedId: Type.String(),
});

export const DayQuery = Type.Object(
  { date: Type.Optional(Type.String({ format: 'date' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
);

export const DaySchema = Type.Object({
  venueId: Uuid,
  date: Type.String(),
  counts: Type.Object({
    green: Type.Integer(),
    yellow: Type.Integer(),
    red: Type.Integer(),
    total: Type.Integer(),
    pass: Type.Integer({ description: 'let in (通行)' }),
    stop: Type.Integer({ description: 'refused entry (禁止通行)' }),
  }),
  scans: Type.Array(DoorScanSchema),
  stopList: Type.Array(DoorScanSchema),
});

export const MyScanSchema = Type.Object({
  id: Uuid,
  venueId: Uuid,
  venueName: Type.String(),
  divisionCode: Type.String(),
  scannedAt: Type.String(),
  method: ScanMethodSchema,
  colour: ColourSchema,
  presenceProven: Type.Boolean(),
});

export const FlagSchema = Type.Object({
  id: Uuid,
  venueId: Uuid,
  venueName: Type.String(),
  divisionCode: Type.String(),
  flaggedAt: Type.String(),
  reason: literalUnion(FLAG_REASONS),
  scanId: Type.Union([Uuid, Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export const FlagQuery = Type.Object(
  { venueId: Type.Optional(Uuid), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);

export const PurgeSchema = Type.Object({
  at: Type.String(),
  cutoff: Type.String(),
  deletedScans: Type.Integer(),
  deletedFlags: Type.Integer(),
  droppedPartitions: Type.Optional(Type.Integer()),
  /** deletedScans counts the dropped days by the database's statistics (approximate), not row by row. */
  scansApproximate: Type.Optional(Type.Boolean()),
  trigger: literalUnion(['schedule', 'manual'] as const),
});

export const RetentionSchema = Type.Object({
  scanRetentionDays: Type.Integer(),
  purgeEveryMinutes: Type.Integer(),
  nextPurgeAt: Type.Union([Type.String(), Type.Null()]),
  lastPurge: Type.Union([PurgeSchema, Type.Null()]),
});

export const VenueTypeInfo = Type.Object({ type: VenueTypeSchema, zh: Type.String(), en: Type.String(), stayMinutes: Type.Integer() });

export type VenueInput = Static<typeof VenueInputSchema>;
export type Venue = Static<typeof VenueSchema>;
export type VenueStaff = Static<typeof VenueStaffSchema>;
export type PosterData = Static<typeof PosterSchema>;
export type DynamicCode = Static<typeof DynamicCodeSchema>;
export type EntryPage = Static<typeof EntryPageSchema>;
export type DoorScan = Static<typeof DoorScanSchema>;
export type VenueDay = Static<typeof DaySchema>;
export type MyScan = Static<typeof MyScanSchema>;
export type ScanFlag = Static<typeof FlagSchema>;
export type RetentionStatus = Static<typeof RetentionSchema>;
