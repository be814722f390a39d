import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import { CheckinErrors } from './checkin.errors.ts';
import QRCode from 'qrcode';
import { dayWorkbook, importTemplate, readImportSheet, XLSX } from './checkin.xlsx.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { CheckinActions as A } from './checkin.policy.ts';
import { presentDayRow, presentMembership, presentOrg, presentReport } from './checkin.presenter.ts';
import { maskName, maskPhone } from '../../platform/crypto/masking.ts';
import { ORG_TYPES, SYMPTOMS } from './checkin.rules.ts';
import * as service from './checkin.service.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });
const DivisionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });
const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Colour = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);
const OrgType = Type.Union(ORG_TYPES.map((t) => Type.Literal(t)));
const Symptom = Type.Union(SYMPTOMS.map((s) => Type.Literal(s)));
const AbnormalReason = Type.Union([Type.Literal('fever'), Type.Literal('symptoms'), Type.Literal('risk_area_contact'), Type.Literal('code_colour')]);

const TimeOfDay = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, China time' });
const ExtraFieldSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
    label: Type.Object({ zh: Type.String({ minLength: 1, maxLength: 60 }), en: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false }),
    type: Type.Union([Type.Literal('text'), Type.Literal('number'), Type.Literal('choice'), Type.Literal('date')]),
    required: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);
const ExtraAnswers = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));
const Org = Type.Object({
  id: Uuid,
  name: Type.String(),
  type: Type.String(),
  creditCode: Type.String(),
  divisionCode: Type.String(),
  divisionName: Type.String(),
  address: Type.String(),
  status: Type.String({ description: 'pending | approved | rejected' }),
  inviteCode: Nullable(Type.String({ description: 'For its administrators, once approved' })),
  decisionNote: Nullable(Type.String()),
  windowStart: Type.String({ description: 'HH:MM China time: reports expected from' }),
  deadline: Type.String({ description: 'HH:MM China time: reports due by (later ones are marked late)' }),
  remindBeforeMinutes: Type.Integer(),
  extraFields: Type.Array(ExtraFieldSchema),
  createdAt: Type.String({ format: 'date-time' }),
});
const Membership = Type.Object({
  org: Org,
  role: Type.String({ description: 'admin | member' }),
  status: Type.String({ description: 'invited | active' }),
  department: Nullable(Type.String()),
  consentAt: Nullable(Type.String({ format: 'date-time' })),
});
const Report = Type.Object({
  day: Day,
  revision: Type.Integer(),
  temperature: Type.Number(),
  symptoms: Type.Array(Type.String()),
  divisionCode: Type.String(),
  riskAreaContact: Type.Boolean(),
  codeColour: Nullable(Type.String()),
  abnormal: Type.Boolean(),
  abnormalReasons: Type.Array(Type.String()),
  extra: Type.Record(Type.String(), ExtraAnswers, { description: 'Answers to extra fields by organisation id' }),
  submittedAt: Type.String({ format: 'date-time' }),
});
const SharedWith = Type.Array(Type.Object({ id: Uuid, name: Type.String() }));
const DayRow = Type.Object({
  citizenId: Uuid,
  name: Type.String({ description: 'masked' }),
  phone: Type.String({ description: 'masked' }),
  role: Type.String(),
  department: Nullable(Type.String()),
  departmentId: Nullable(Uuid),
  reported: Type.Boolean(),
  late: Type.Boolean({ description: 'Reported after the organisation\'s deadline' }),
  report: Nullable(
    Type.Object({
      temperature: Type.Number(),
      symptoms: Type.Array(Type.String()),
      divisionCode: Type.String(),
      riskAreaContact: Type.Boolean(),
      codeColour: Nullable(Type.String()),
      abnormal: Type.Boolean(),
      abnormalReasons: Type.Array(Type.String()),
      revision: Type.Integer(),
      extra: ExtraAnswers,
      submittedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
const Department = Type.Object({ id: Uuid, name: Type.String(), parentId: Nullable(Uuid), depth: Type.Integer() });
const ImportOutcome = Type.Union(
  [
    Type.Literal('invited'),
    Type.Literal('invalid_phone'),
    Type.Literal('no_account'),
    Type.Literal('already_member'),
    Type.Literal('duplicate_row'),
    Type.Literal('unknown_department'),
    Type.Literal('ambiguous_department'),
  ],
  { description: 'unknown_department / ambiguous_department: the department column names no node, or a name several nodes share (write the path, e.g. 办公室/综合科)' },
);
const Counts = { members: Type.Integer(), reported: Type.Integer(), abnormal: Type.Integer() };

/** Organisations, membership, the daily report, the organisation's day and the city summary. */
export async function checkinRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['checkin'];

  app.post(
    '/checkin/orgs',
    {
      config: { action: A['checkin.org.register'] },
      schema: {
        tags,
        summary: 'Register an organisation (pending until an officer of its county approves it); the registrant becomes its administrator',
        body: Type.Object(
          {
            name: Type.String({ minLength: 2, maxLength: 100 }),
            type: OrgType,
            creditCode: Type.String({ minLength: 18, maxLength: 18, description: 'Unified social credit code (GB 32100)' }),
            divisionCode: DivisionCode,
            address: Type.String({ minLength: 2, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Org, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(presentOrg(await service.registerOrg(ctx, request.principal!, request.body, requestMeta(request)), { withInviteCode: true })),
  );

  app.get(
    '/checkin/orgs',
    {
      config: { action: A['checkin.org.review'] },
      schema: {
        tags,
        summary: 'Organisations in the officer\'s region, newest first',
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
        response: { 200: Type.Array(Org), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => (await service.listOrgsForOfficer(ctx, request.principal!, request.query)).map((o) => presentOrg(o, { withInviteCode: false })),
  );

  app.post(
    '/checkin/orgs/:id/decision',
    {
      config: { action: A['checkin.org.review'] },
      schema: {
        tags,
        summary: 'Approve or reject a pending organisation of one\'s region (the registrant is notified)',
        params: IdParams,
        body: Type.Object({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Org, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentOrg(await service.decideOrg(ctx, request.principal!, request.params.id, request.body, requestMeta(request)), { withInviteCode: false }),
  );

  app.get(
    '/checkin/orgs/:id',
    {
      config: { action: A['checkin.org.manage'] },
      schema: { tags, summary: 'An organisation one administers (with its invitation code)', params: IdParams, response: { 200: Org, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => presentOrg(await service.orgForAdmin(ctx, request.principal!, request.params.id), { withInviteCode: true }),
  );

  app.post(
    '/checkin/orgs/:id/members/import',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'Invite members by mobile number (rows of the import template); answers each row\'s outcome',
        params: IdParams,
        body: Type.Object(
          { rows: Type.Array(Type.Object({ phone: Type.String({ maxLength: 32 }), department: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }), { minItems: 1, maxItems: 5000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(Type.Object({ row: Type.Integer(), outcome: ImportOutcome })),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => service.importMembers(ctx, request.principal!, request.params.id, request.body.rows, requestMeta(request)),
  );

  app.get(
    '/checkin/members-template.xlsx',
    {
      config: { action: A['checkin.org.manage'] },
      schema: { tags, summary: 'The member import template (XLSX: mobile number, department)', produces: [XLSX], response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(401, 403) } },
    },
    async (_request, reply) =>
      reply.type(XLSX).header('content-disposition', 'attachment; filename="checkin-members-template.xlsx"').header('cache-control', 'private, no-store').send(await importTemplate()),
  );

  await app.register(async (instance) => {
    const scope = instance as unknown as App;
    // Multipart parsing only in this scope, with a small limit: a 5000-row template is well under 1 MB.
    await scope.register(multipart, { limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 2 } });
    scope.post(
      '/checkin/orgs/:id/members/import.xlsx',
      {
        config: { action: A['checkin.org.manage'] },
        schema: {
          tags,
          summary: 'Invite members from the import template (multipart/form-data, field "file"); answers each sheet row\'s outcome by its line number',
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: { 200: Type.Array(Type.Object({ row: Type.Integer({ description: 'line in the sheet' }), outcome: ImportOutcome })), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request) => {
        if (!request.isMultipart()) throw new AppError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, { expected: 'multipart/form-data' });
        const part = await request.file();
        if (!part) throw new AppError(CheckinErrors.CHECKIN_IMPORT_FILE_INVALID, { problem: 'missing' });
        const buffer = await part.toBuffer();
        const sheet = await readImportSheet(buffer);
        if ('problem' in sheet) throw new AppError(CheckinErrors.CHECKIN_IMPORT_FILE_INVALID, { problem: sheet.problem });
        const outcomes = await service.importMembers(ctx, request.principal!, request.params.id, sheet.rows, requestMeta(request));
        return outcomes.map((o) => ({ row: sheet.rows[o.row - 1].line, outcome: o.outcome }));
      },
    );
  });

  app.get(
    '/checkin/orgs/:id/day',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'The organisation\'s day: every active member, reported or not, abnormal first (names and phones masked; the read is audited)',
        params: IdParams,
        querystring: Type.Object({
          day: Type.Optional(Day),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'A page of this many members (in the view\'s order); all when absent' })),
          offset: Type.Optional(Type.Integer({ minimum: 0, description: 'Members skipped before the page (with limit); a deep page is cheaper by `after`' })),
          after: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'The cursor `page.next` of the previous page (with limit): a keyset page, not with offset' })),
          departmentId: Type.Optional(Type.Union([Uuid, Type.Literal('none')], { description: 'Only the members placed in this node ("none": in no node); the totals stay the organisation\'s' })),
        }),
        response: {
          200: Type.Object({
            day: Day,
            org: Org,
            page: Type.Optional(
              Type.Object({
                offset: Type.Integer(),
                limit: Type.Integer(),
                count: Type.Integer({ description: 'Active members matching the filter (all of them without one)' }),
                next: Nullable(Type.String({ description: 'Cursor of the next page (`after`), null at the end' })),
              }),
            ),
            total: Type.Object(Counts),
            byDepartment: Type.Array(Type.Object({ department: Nullable(Type.String()), ...Counts })),
            departmentTree: Type.Array(Type.Object({ id: Nullable(Uuid), name: Type.String(), parentId: Nullable(Uuid), depth: Type.Integer(), ...Counts }), {
              description: 'Per department node, its whole subtree included (id null: members without a node)',
            }),
            members: Type.Array(DayRow),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { limit, offset, after, departmentId } = request.query;
      if (after !== undefined && offset !== undefined) throw new AppError(CommonErrors.VALIDATION_FAILED, { issues: [{ path: '/querystring/after', message: 'not with offset' }] });
      const filter = departmentId === undefined ? {} : { departmentId: departmentId === 'none' ? null : departmentId };
      const { org, day, rows, departments: tree, counts, total, page } = await service.orgDay(
        ctx,
        request.principal!,
        request.params.id,
        request.query.day,
        requestMeta(request),
        limit !== undefined ? { offset, limit, after } : undefined,
        filter,
      );
      // Totals from the kept counts (no member row read); names and phones decrypted and masked for the page only.
      const labels = new Map<string | null, { members: number; reported: number; abnormal: number }>();
      for (const l of counts) labels.set(l.label, service.sumCounts([labels.get(l.label) ?? { members: 0, reported: 0, abnormal: 0 }, l]));
      const departments = [...labels.keys()].filter((k) => labels.get(k)!.members > 0).sort((a, b) => (a ?? '').localeCompare(b ?? '', 'zh-CN'));
      const shown = rows;
      return {
        day,
        org: presentOrg(org, { withInviteCode: true }),
        ...(page ? { page } : {}),
        total,
        byDepartment: departments.map((department) => ({ department, ...labels.get(department)! })),
        departmentTree: service.departmentTotals(tree, counts),
        members: shown.map((r) => presentDayRow(ctx.cipher, org.id, r)),
      };
    },
  );

  app.get(
    '/checkin/orgs/:id/trend',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'The last 30 China days: per day how many were members that day, how many of them reported and how many were abnormal (counts only)',
        params: IdParams,
        response: {
          200: Type.Object({ members: Type.Integer(), days: Type.Array(Type.Object({ day: Day, members: Type.Integer(), reported: Type.Integer(), abnormal: Type.Integer() })) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.orgTrend(ctx, request.principal!, request.params.id),
  );

  app.post(
    '/checkin/orgs/:id/reminders',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'Remind today\'s missing members (inbox and SMS, at most once a day per member)',
        params: IdParams,
        response: {
          200: Type.Object({ missing: Type.Integer(), delivered: Type.Integer(), duplicate: Type.Integer(), rateLimited: Type.Integer(), failed: Type.Integer(), skipped: Type.Integer() }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => service.remindMissing(ctx, request.principal!, request.params.id, requestMeta(request)),
  );

  app.get(
    '/checkin/my/orgs',
    {
      config: { action: A['checkin.membership.manage'] },
      schema: { tags, summary: 'One\'s organisations and invitations', response: { 200: Type.Array(Membership), ...errorResponses(401, 403) } },
    },
    async (request) => (await service.myOrgs(ctx, request.principal!)).map(presentMembership),
  );

  app.post(
    '/checkin/my/join',
    {
      config: { action: A['checkin.membership.manage'] },
      schema: {
        tags,
        summary: 'Join an organisation by its invitation code; joining consents to sharing one\'s daily reports with it',
        body: Type.Object(
          { inviteCode: Type.String({ minLength: 6, maxLength: 16 }), department: Type.Optional(Type.String({ maxLength: 100 })), consent: Type.Literal(true, { description: 'The member agrees to share daily reports' }) },
          { additionalProperties: false },
        ),
        response: { 200: Org, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentOrg(await service.joinByCode(ctx, request.principal!, request.body, requestMeta(request)), { withInviteCode: false }),
  );

  app.post(
    '/checkin/my/orgs/:id/accept',
    {
      config: { action: A['checkin.membership.manage'] },
      schema: {
        tags,
        summary: 'Accept an invitation (consent to share daily reports)',
        params: IdParams,
        body: Type.Object({ consent: Type.Literal(true) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.acceptInvitation(ctx, request.principal!, request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/checkin/my/orgs/:id/leave',
    {
      config: { action: A['checkin.membership.manage'] },
      schema: { tags, summary: 'Leave an organisation or decline its invitation: consent withdrawn, nothing more is shared', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await service.leaveOrg(ctx, request.principal!, request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/checkin/my/report',
    {
      config: { action: A['checkin.report.submit'] },
      schema: {
        tags,
        summary: 'Submit today\'s health report (China day); a second submission the same day amends it and keeps the history',
        body: Type.Object(
          {
            temperature: Type.Number({ minimum: 30, maximum: 45, description: '°C, one decimal' }),
            symptoms: Type.Array(Symptom, { maxItems: 10 }),
            divisionCode: DivisionCode,
            riskAreaContact: Type.Boolean(),
            extra: Type.Optional(Type.Record(Type.String({ format: 'uuid' }), Type.Record(Type.String({ maxLength: 32 }), Type.Union([Type.String({ maxLength: 200 }), Type.Number()])), { description: 'Answers to the organisations\' extra fields: { orgId: { key: value } }' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ report: Report, sharedWith: SharedWith, abnormalReasons: Type.Array(AbnormalReason), codeColour: Nullable(Colour) }),
          ...errorResponses(400, 401, 403, 409),
        },
      },
    },
    async (request) => {
      const { report, sharedWith } = await service.submitReport(ctx, request.principal!, request.body);
      const presented = presentReport(report);
      return { report: presented, sharedWith, abnormalReasons: presented.abnormalReasons as ('fever' | 'symptoms' | 'risk_area_contact' | 'code_colour')[], codeColour: report.codeColour as 'green' | 'yellow' | 'red' | null };
    },
  );

  app.get(
    '/checkin/my/today',
    {
      config: { action: A['checkin.report.read-own'] },
      schema: {
        tags,
        summary: 'Today\'s own report (or null), the day\'s submissions and the consecutive normal days',
        response: {
          200: Type.Object({
            day: Day,
            report: Nullable(Report),
            history: Type.Array(Report),
            streak: Type.Integer(),
            sharedWith: SharedWith,
            forms: Type.Array(Type.Object({ orgId: Uuid, orgName: Type.String(), deadline: Type.String(), fields: Type.Array(ExtraFieldSchema) }), { description: 'Extra fields of the organisations one shares with' }),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => {
      const t = await service.myToday(ctx, request.principal!);
      return { day: t.day, report: t.report ? presentReport(t.report) : null, history: t.history.map(presentReport), streak: t.streak, sharedWith: t.sharedWith, forms: t.forms };
    },
  );

  app.get(
    '/checkin/summary',
    {
      config: { action: A['checkin.summary.read'] },
      schema: {
        tags,
        summary: 'A day\'s check-in compliance in one\'s region: by organisation, and by organisation type and county (counts only)',
        querystring: Type.Object({ day: Type.Optional(Day), regionCode: Type.Optional(DivisionCode) }),
        response: {
          200: Type.Object({
            day: Day,
            regionCode: Type.String(),
            total: Type.Object({ organisations: Type.Integer(), ...Counts }),
            byOrganisation: Type.Array(Type.Object({ orgId: Uuid, name: Type.String(), type: Type.String(), divisionCode: Type.String(), ...Counts })),
            byTypeAndDivision: Type.Array(Type.Object({ type: Type.String(), divisionCode: Type.String(), divisionName: Type.String(), organisations: Type.Integer(), ...Counts })),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.citySummary(ctx, request.principal!, request.query),
  );

  const MemberParams = Type.Object({ id: Uuid, citizenId: Uuid });

  app.get(
    '/checkin/orgs/:id/departments',
    {
      config: { action: A['checkin.org.manage'] },
      schema: { tags, summary: 'The organisation\'s department tree (parents before children)', params: IdParams, response: { 200: Type.Array(Type.Object({ ...Department.properties, members: Type.Integer({ description: 'Members (active or invited) placed directly in the node' }) })), ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) =>
      (await service.departmentsWithCounts(ctx, request.principal!, request.params.id)).map((d) => ({ id: d.id, name: d.name, parentId: d.parentId, depth: d.path.split('/').length - 1, members: d.members })),
  );

  app.post(
    '/checkin/orgs/:id/departments',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'Add a department under a parent (or at the root)',
        params: IdParams,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }), parentId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false }),
        response: { 200: Department, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const d = await service.createDepartment(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
      return { id: d.id, name: d.name, parentId: d.parentId, depth: d.path.split('/').length - 1 };
    },
  );

  const DepartmentParams = Type.Object({ id: Uuid, departmentId: Uuid });

  app.patch(
    '/checkin/orgs/:id/departments/:departmentId',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'Rename a department and/or move it with its subtree under another parent (parentId null: to the root; never under itself or its own sub-departments)',
        params: DepartmentParams,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })), parentId: Type.Optional(Nullable(Uuid)) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Department, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const d = await service.updateDepartment(ctx, request.principal!, request.params.id, request.params.departmentId, request.body, requestMeta(request));
      return { id: d.id, name: d.name, parentId: d.parentId, depth: d.path.split('/').length - 1 };
    },
  );

  app.delete(
    '/checkin/orgs/:id/departments/:departmentId',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary:
          'Delete a department: refused with CHECKIN_DEPARTMENT_NOT_EMPTY while it has sub-departments, or members unless moveMembersTo says where they go (a node id, or "none"); then moved and deleted in one transaction',
        params: DepartmentParams,
        querystring: Type.Object({
          moveMembersTo: Type.Optional(Type.Union([Uuid, Type.Literal('none')], { description: 'Move the node\'s members (active or invited) to this node, or to no node ("none"), before deleting it' })),
        }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const to = request.query.moveMembersTo;
      await service.deleteDepartment(ctx, request.principal!, request.params.id, request.params.departmentId, requestMeta(request), to === undefined ? undefined : to === 'none' ? null : to);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/checkin/orgs/:id/members/move',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'Move chosen members (active or invited) to a department node (departmentId null: no node) — all or none; audited with the count',
        params: IdParams,
        body: Type.Object(
          { citizenIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000 }), departmentId: Nullable(Uuid) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ moved: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.moveMembers(ctx, request.principal!, request.params.id, request.body, requestMeta(request)),
  );

  app.post(
    '/checkin/orgs/:id/members/move-matching',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary:
          'Move every active member matching a filter (all, placed in a node, or in none) to a department node (departmentId null: no node) — in bounded statements, one transaction; refused with CHECKIN_MOVE_COUNT_CHANGED unless exactly expectedCount members move; audited with the count',
        params: IdParams,
        body: Type.Object(
          {
            filter: Type.Object(
              { departmentId: Type.Optional(Type.Union([Uuid, Type.Literal('none')], { description: 'Only the members placed in this node ("none": in no node); absent: every active member' })) },
              { additionalProperties: false },
            ),
            departmentId: Nullable(Uuid),
            expectedCount: Type.Integer({ minimum: 1, description: 'How many members the administrator confirmed (the count the page showed)' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ moved: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { filter, departmentId, expectedCount } = request.body;
      const which = filter.departmentId === undefined ? {} : { departmentId: filter.departmentId === 'none' ? null : filter.departmentId };
      return service.moveMatchingMembers(ctx, request.principal!, request.params.id, { filter: which, departmentId, expectedCount }, requestMeta(request));
    },
  );

  app.patch(
    '/checkin/orgs/:id/members/:citizenId',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'Place a member in a department node and/or make them an administrator (or a plain member again; never the last administrator)',
        params: MemberParams,
        body: Type.Object({ departmentId: Type.Optional(Nullable(Uuid)), role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('member')])) }, { additionalProperties: false, minProperties: 1 }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.updateMembership(ctx, request.principal!, request.params.id, request.params.citizenId, request.body, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/checkin/orgs/:id/settings',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'The daily window and deadline, when the reminder goes before it, and the extra fields of the form',
        params: IdParams,
        body: Type.Object(
          { windowStart: TimeOfDay, deadline: TimeOfDay, remindBeforeMinutes: Type.Integer({ minimum: 10, maximum: 720 }), extraFields: Type.Array(ExtraFieldSchema, { maxItems: 10 }) },
          { additionalProperties: false },
        ),
        response: { 200: Org, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => presentOrg(await service.updateSettings(ctx, request.principal!, request.params.id, request.body, requestMeta(request)), { withInviteCode: true }),
  );

  app.get(
    '/checkin/orgs/:id/streaks',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'Every active member\'s consecutive normal days (up to 60), longest first; masked; the read is audited',
        params: IdParams,
        response: {
          200: Type.Array(Type.Object({ citizenId: Uuid, name: Type.String(), phone: Type.String(), role: Type.String(), department: Nullable(Type.String()), departmentId: Nullable(Uuid), streak: Type.Integer() })),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      (await service.orgStreaks(ctx, request.principal!, request.params.id, requestMeta(request))).map((m) => ({
        citizenId: m.citizenId,
        name: maskName(ctx.cipher.decrypt(m.nameCipher)),
        phone: maskPhone(ctx.cipher.decrypt(m.phoneCipher)),
        role: m.role,
        department: m.department,
        departmentId: m.departmentId,
        streak: m.streak,
      })),
  );

  app.get(
    '/checkin/orgs/:id/day.xlsx',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'The organisation\'s day as XLSX: members (masked, with extra answers) and totals per department (the read is audited)',
        params: IdParams,
        querystring: Type.Object({ day: Type.Optional(Day) }),
        response: { 200: Type.Any({ description: 'XLSX' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { org, day, rows, departments: tree } = await service.orgDay(ctx, request.principal!, request.params.id, request.query.day, requestMeta(request));
      const members = rows.map((r) => presentDayRow(ctx.cipher, org.id, r));
      const totals = service.departmentTotals(tree, members.map((m) => ({ departmentId: m.departmentId, members: 1, reported: m.reported ? 1 : 0, abnormal: m.report?.abnormal ? 1 : 0 })));
      const file = await dayWorkbook({ name: org.name, extraFields: org.extraFields as { key: string; label: { zh: string } }[] }, day, members, totals);
      return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="checkin-${day}.xlsx"`).send(file);
    },
  );

  app.get(
    '/checkin/orgs/:id/join-qr.svg',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'The join QR code (SVG) of the organisation\'s invitation link /m/checkin/join?code=…, for its poster',
        params: IdParams,
        response: { 200: Type.Any({ description: 'image/svg+xml' }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const org = await service.orgForAdmin(ctx, request.principal!, request.params.id);
      if (org.status !== 'approved') throw new AppError(CheckinErrors.CHECKIN_ORG_NOT_APPROVED);
      const origin = `${request.protocol}://${request.host}`;
      const svg = await QRCode.toString(`${origin}/m/checkin/join?code=${org.inviteCode}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return reply.header('content-type', 'image/svg+xml').header('cache-control', 'no-store').send(svg);
    },
  );

  app.get(
    '/checkin/join/:code',
    {
      config: { action: A['checkin.membership.manage'] },
      schema: {
        tags,
        summary: 'The organisation an invitation link or QR code names (name and type), before the citizen consents to join; wrong codes count towards the guessing limit',
        params: Type.Object({ code: Type.String({ minLength: 6, maxLength: 16, pattern: '^[A-Za-z0-9]+$' }) }),
        response: { 200: Type.Object({ name: Type.String(), type: Type.String(), divisionCode: Type.String() }), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => service.previewByCode(ctx, request.principal!, request.params.code),
  );

  app.get(
    '/checkin/orgs/:id/missing',
    {
      config: { action: A['checkin.org.manage'] },
      schema: {
        tags,
        summary: 'The not-yet-reported list of a day, a page at a time: active members without a report (masked; the read is audited), and how many in all',
        params: IdParams,
        querystring: Type.Object({ day: Type.Optional(Day), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }), after: Type.Optional(Uuid) }),
        response: {
          200: Type.Object({
            day: Day,
            count: Type.Integer({ description: 'How many have not reported, in all' }),
            next: Nullable(Uuid),
            members: Type.Array(Type.Object({ citizenId: Uuid, name: Type.String(), phone: Type.String(), department: Nullable(Type.String()), departmentId: Nullable(Uuid) })),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { day, rows, total } = await service.orgMissing(ctx, request.principal!, request.params.id, request.query, requestMeta(request));
      return {
        day,
        count: total,
        next: rows.length === request.query.limit ? rows[rows.length - 1].citizenId : null,
        members: rows.map((r) => ({ citizenId: r.citizenId, name: maskName(ctx.cipher.decrypt(r.nameCipher)), phone: maskPhone(ctx.cipher.decrypt(r.phoneCipher)), department: r.department, departmentId: r.departmentId })),
      };
    },
  );
}
