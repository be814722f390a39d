import { Type, type Static } from 'typebox';
import { DOCUMENT_TYPES } from './id-documents.ts';
import { PrintableText } from './text.ts';
import { PERSON_NAME_MAX, TEXT_FIELDS } from './names.ts';

/** Shapes of the identity API (sign-in, /api/me, real-name, staff administration), shared by server and web. */

export const LANGUAGES = ['zh-CN', 'en'] as const;
export const Language = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);

// Built from the const tuples with Type.Enum, which keeps the literal types (Static gives the union);
// Type.Union(LIST.map(Type.Literal)) would widen to TLiteral<string>[] and lose them.
export const IDENTITY_DOCUMENT_TYPES = DOCUMENT_TYPES;
export const IdentityDocumentType = Type.Enum(DOCUMENT_TYPES);

export const STAFF_ROLE_NAMES = [
  'sys_admin', 'big_data', 'health', 'police', 'county_command', 'supervision', 'service_center', 'editor', 'venue_staff',
] as const;
export type StaffRoleName = (typeof STAFF_ROLE_NAMES)[number];
export const StaffRoleName = Type.Enum(STAFF_ROLE_NAMES);

export const RealNameProfile = Type.Object({
  name: Type.String({ description: 'masked, e.g. 张*' }),
  documentType: IdentityDocumentType,
  documentNumber: Type.String({ description: 'masked, e.g. 5106**********1234' }),
  birthDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  sex: Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Null()]),
  householdDivision: Type.String({ pattern: '^\\d{6}$' }),
});
export type RealNameProfile = Static<typeof RealNameProfile>;

export const Me = Type.Object({
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('staff')]),
  id: Type.String({ format: 'uuid' }),
  displayName: Type.String({ description: 'citizens: masked name or masked phone' }),
  language: Language,
  roles: Type.Array(StaffRoleName),
  department: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  venueId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  realName: Type.Union([RealNameProfile, Type.Null()]),
  actions: Type.Array(Type.String(), {
    description: 'the policy actions this user may perform (record-level region scope still applies); surfaces offer only these',
  }),
  commitmentRequired: Type.Optional(
    Type.Boolean({ description: 'staff: true until the current confidentiality commitment (保密承诺书) is signed (GET/POST /api/me/commitment); staff work answers IDENTITY_COMMITMENT_REQUIRED meanwhile' }),
  ),
});
export type Me = Static<typeof Me>;

/** The confidentiality commitment (保密承诺书) and the signed-in staff account's signature of it. */
export const CommitmentStatus = Type.Object({
  version: Type.Integer({ description: 'the current version of the text' }),
  title: Type.Object({ zh: Type.String(), en: Type.String() }),
  text: Type.Object({ zh: Type.String(), en: Type.String() }),
  required: Type.Boolean({ description: 'true until the current version is signed (and again a year after signing)' }),
  signedVersion: Type.Union([Type.Integer(), Type.Null()]),
  signedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type CommitmentStatus = Static<typeof CommitmentStatus>;

export const SignCommitmentRequest = Type.Object(
  { version: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'the version read (the current one, else IDENTITY_COMMITMENT_OUTDATED)' }) },
  { additionalProperties: false },
);
export type SignCommitmentRequest = Static<typeof SignCommitmentRequest>;

/** One signature of the commitment, as administrators list them. */
export const CommitmentSignature = Type.Object({
  id: Type.String({ format: 'uuid' }),
  staffId: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  regionCode: Type.String(),
  version: Type.Integer(),
  current: Type.Boolean({ description: 'the signed version is the current one' }),
  signedAt: Type.String({ format: 'date-time' }),
});
export type CommitmentSignature = Static<typeof CommitmentSignature>;

const Bilingual = (min: number, max: number) => Type.Object({ zh: Type.String({ minLength: min, maxLength: max }), en: Type.String({ minLength: min, maxLength: max }) }, { additionalProperties: false });

/** A new version of the commitment text proposed for publication (maker-checker: a second city-level administrator approves). */
export const ProposeCommitmentTextRequest = Type.Object({ title: Bilingual(2, 100), text: Bilingual(20, 10_000) }, { additionalProperties: false });
export type ProposeCommitmentTextRequest = Static<typeof ProposeCommitmentTextRequest>;

/** A proposed commitment text as administrators list them. */
export const CommitmentTextProposal = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn'), Type.Literal('expired')]),
  baseVersion: Type.Integer({ description: 'the version current when it was proposed; approval is refused if another was published since' }),
  title: Type.Object({ zh: Type.String(), en: Type.String() }),
  text: Type.Object({ zh: Type.String(), en: Type.String() }),
  regionCode: Type.String(),
  proposedBy: Type.String({ format: 'uuid' }),
  proposedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  decidedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type CommitmentTextProposal = Static<typeof CommitmentTextProposal>;

/** The current commitment text and its proposals (console). */
export const CommitmentTexts = Type.Object({
  current: Type.Object({
    version: Type.Integer(),
    title: Type.Object({ zh: Type.String(), en: Type.String() }),
    text: Type.Object({ zh: Type.String(), en: Type.String() }),
    publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null: the first version, shipped with the platform' }),
  }),
  proposals: Type.Array(CommitmentTextProposal),
});
export type CommitmentTexts = Static<typeof CommitmentTexts>;

export const OtpRequest = Type.Object({ phone: Type.String({ minLength: 11, maxLength: 20 }) }, { additionalProperties: false });
export const OtpResponse = Type.Object({ expiresInSeconds: Type.Integer() });
export const CitizenSignInRequest = Type.Object(
  { phone: Type.String({ minLength: 11, maxLength: 20 }), code: Type.String({ pattern: '^\\d{6}$' }) },
  { additionalProperties: false },
);
// Case-insensitive: capitals are accepted and stored lower-case (one account for Venue01 and venue01).
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$';
/** What a sign-in accepts as a username: the characters usernames are made of, spaces around it trimmed (never a NUL byte or markup). */
export const SIGN_IN_USERNAME_PATTERN = '^\\s*[A-Za-z0-9_.-]{1,64}\\s*$';
export const StaffSignInRequest = Type.Object(
  // Usernames are letters, digits, _ . -: anything else (a NUL byte, markup) cannot name an account.
  { username: Type.String({ pattern: SIGN_IN_USERNAME_PATTERN, maxLength: 80 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
/** A staff member changes their own password (also when an administrator required it: sign-in answers IDENTITY_PASSWORD_RESET_REQUIRED). */
export const StaffChangePasswordRequest = Type.Object(
  {
    username: Type.String({ pattern: SIGN_IN_USERNAME_PATTERN, maxLength: 80 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export const SignInResponse = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  csrfToken: Type.String(),
  me: Me,
});
export type SignInResponse = Static<typeof SignInResponse>;

export const UpdateMeRequest = Type.Object({ language: Language }, { additionalProperties: false });
export const RealNameRequest = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: PERSON_NAME_MAX,
      description: 'Chinese characters (rare ones included) with the middle dot ·, or Latin letters and spaces; see checkPersonName',
    }),
    documentType: IdentityDocumentType,
    documentNumber: Type.String({ minLength: 5, maxLength: 32 }),
    householdDivision: Type.String({ pattern: '^\\d{6}$' }),
    address: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type RealNameRequest = Static<typeof RealNameRequest>;

export const Division = Type.Object({
  code: Type.String({ pattern: '^\\d{6}$' }),
  name: Type.String(),
  /** English name derived from the Chinese one (pinyin, level translated): Jingyang District. */
  nameEn: Type.String(),
  level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county')]),
});
export type Division = Static<typeof Division>;

export const StaffAccount = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  department: Type.String(),
  roles: Type.Array(StaffRoleName),
  regionCode: Type.String(),
  regionName: Type.String(),
  venueId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type StaffAccount = Static<typeof StaffAccount>;

export const CreateStaffRequest = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN, description: '3–32 letters, digits, _ . -; stored in lower case' }),
    password: Type.String({ minLength: 12, maxLength: 128, description: 'at least 12 characters; the server also refuses common and guessable passwords' }),
    displayName: PrintableText({ maxLength: TEXT_FIELDS.staffDisplayName.max, description: 'printable, no emoji or markup; see checkLabel' }),
    department: PrintableText({ maxLength: TEXT_FIELDS.department.max, description: 'printable, no emoji or markup; see checkLabel' }),
    roles: Type.Array(StaffRoleName, { minItems: 1, maxItems: STAFF_ROLE_NAMES.length, uniqueItems: true }),
    regionCode: Type.String({ pattern: '^\\d{6}$' }),
    venueId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateStaffRequest = Static<typeof CreateStaffRequest>;
export const UpdateStaffRequest = Type.Object(
  {
    displayName: Type.Optional(PrintableText({ maxLength: TEXT_FIELDS.staffDisplayName.max })),
    department: Type.Optional(PrintableText({ maxLength: TEXT_FIELDS.department.max })),
    roles: Type.Optional(Type.Array(StaffRoleName, { minItems: 1, maxItems: STAFF_ROLE_NAMES.length, uniqueItems: true })),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    disabled: Type.Optional(Type.Boolean()),
    /** Force a new password at the next sign-in (the account is signed out everywhere). */
    passwordResetRequired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateStaffRequest = Static<typeof UpdateStaffRequest>;

/** An approved venue a venue-staff account can belong to (the staff form's picker; public facts only). */
export const StaffVenueOption = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  address: Type.String(),
  divisionCode: Type.String(),
  divisionName: Type.String(),
});
export type StaffVenueOption = Static<typeof StaffVenueOption>;
export const StaffVenueOptionsQuery = Type.Object(
  { q: Type.Optional(PrintableText({ maxLength: 50, description: 'part of the venue name' })) },
  { additionalProperties: false },
);

export const ApiClient = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  keyPrefix: Type.String(),
  permissions: Type.Array(Type.String()),
  /** GB/T 2260 scope of the key ('' = the whole deployment), never wider than its creator's. */
  regionCode: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ApiClient = Static<typeof ApiClient>;
export const CreateApiClientRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    permissions: Type.Array(Type.String({ pattern: '^[a-z][a-zA-Z0-9_-]*(\\.[a-zA-Z0-9_-]+)+$' }), { minItems: 1, maxItems: 50, uniqueItems: true }),
    /** The key's region (GB/T 2260), within the creator's; default: the creator's region. */
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);
export const CreatedApiClient = Type.Object({ ...ApiClient.properties, key: Type.String({ description: 'shown once' }) });

export const SmsOutboxEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  phone: Type.String({ description: 'masked' }),
  template: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type SmsOutboxEntry = Static<typeof SmsOutboxEntry>;
