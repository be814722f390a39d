import { Type } from 'typebox';
import { IdentityDocumentType } from '@fangxian/contracts';
import { errorResponses } from '@fangxian/contracts/kernel';
import {
  BatchCheckResult,
  CaseFile,
  CaseSource,
  CaseStatus,
  CaseSummary,
  CandidatePageQuery,
  candidatePage,
  ContactCandidatePage,
  CaseContact,
  CaseContactEntry,
  CaseImportResult,
  ContactLevel,
  ItineraryPoint,
  PublishedPoint,
  PublicationProposal,
  SelfReport,
  Cluster,
  ChainGraph,
  LabResult,
  LAB_TEST_TYPES,
  LAB_RESULTS,
  DailyFollowUpList,
  FollowUpEntry,
  SelfCheckResult,
  TripMode,
  CASE_OPENING_STATUSES,
} from '@fangxian/contracts/tracing';
import { literalUnion } from '@fangxian/contracts/literals';
import type { App, AppContext } from '../../platform/http/context.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { languageOf } from '../../platform/http/i18n.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { TracingActions as A } from './tracing.policy.ts';
import * as service from './tracing.service.ts';
import * as followUp from './tracing.followup.ts';
import * as labs from './tracing.labs.ts';
import * as chainService from './tracing.chains.ts';
import * as caseImport from './tracing.import.ts';
import * as reports from './tracing.reports.ts';
import * as batch from './tracing.batch.ts';
import { secondDegreeRoutes } from './tracing.second-degree.ts';
import { maskPhone } from '../../platform/crypto/masking.ts';
import { renderDailySheet } from './tracing.sheet.ts';
import { tracingMoreRoutes } from './tracing.more-routes.ts';
import { SYMPTOM_CODES } from '@fangxian/contracts/health-code';
import { maskName } from '../../platform/crypto/masking.ts';
import { presentCandidatePage, presentCase, presentCaseFile, presentContact, presentContactEntry, presentCluster, presentDailyList, presentFollowUp, presentLabResult, presentPoint, presentProposal, presentPublished, presentSelfCheck, presentSecondDegreePage } from './tracing.presenter.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });
const DivisionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });
const Instant = Type.String({ format: 'date-time' });
const CaseParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const PointParams = Type.Object({ id: Type.String({ format: 'uuid' }), pointId: Type.String({ format: 'uuid' }) });
const TraceDays = Type.Optional(Type.Integer({ minimum: 1, maximum: 28, description: 'days before the anchor day to trace; default: the configured window of the case\'s status (GET /tracing/settings; 14 days before onset, or before the first positive sample for an asymptomatic case)' }));

/** Case files, itineraries and their publication, the public list, the citizen's self-check, contacts. */
export async function tracingRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['tracing'];
  await secondDegreeRoutes(app, ctx);

  app.post(
    '/tracing/cases',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Register a case (confirmed / asymptomatic / suspected) in one\'s region; the person by document number',
        body: Type.Object(
          {
            status: literalUnion(CASE_OPENING_STATUSES),
            documentType: IdentityDocumentType,
            documentNumber: Type.String({ minLength: 5, maxLength: 32 }),
            name: Type.String({ minLength: 1, maxLength: 50 }),
            onsetDate: Type.Optional(Type.Union([Day, Type.Null()])),
            reportDate: Day,
            confirmedDate: Type.Optional(Type.Union([Day, Type.Null()])),
            source: CaseSource,
            regionCode: DivisionCode,
            notes: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CaseSummary, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(presentCase(await service.registerCase(ctx, request.principal!, request.body, requestMeta(request)), ctx.cipher)),
  );

  app.get(
    '/tracing/cases',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Cases in one\'s region, newest first (masked; the read is audited)',
        querystring: Type.Object({ status: Type.Optional(CaseStatus), before: Type.Optional(Instant), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
        response: { 200: Type.Array(CaseSummary), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => (await service.listCases(ctx, request.principal!, request.query, requestMeta(request))).map((r) => presentCase(r, ctx.cipher)),
  );

  app.get(
    '/tracing/cases/:id',
    {
      config: { action: A['tracing.case.manage'] },
      schema: { tags, summary: 'A case file: history, itinerary, contact decisions (masked; audited)', params: CaseParams, response: { 200: CaseFile, ...errorResponses(401, 403, 404) } },
    },
    async (request) => presentCaseFile(await service.caseFile(ctx, request.principal!, request.params.id, requestMeta(request)), ctx.cipher),
  );

  app.post(
    '/tracing/cases/:id/status',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Move a case along its lifecycle (suspected → confirmed / asymptomatic / excluded; asymptomatic → confirmed / recovered; confirmed → recovered)',
        params: CaseParams,
        body: Type.Object({ status: CaseStatus, reason: Type.String({ minLength: 2, maxLength: 500 }), date: Type.Optional(Day) }, { additionalProperties: false }),
        response: { 200: CaseSummary, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentCase(await service.changeCaseStatus(ctx, request.principal!, request.params.id, request.body, requestMeta(request)), ctx.cipher),
  );

  app.post(
    '/tracing/cases/:id/itinerary',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Add a stay (venue or place) or a trip (train / flight / coach / bus / ferry with carriage and seat) to a case\'s itinerary',
        params: CaseParams,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('stay'), Type.Literal('trip')]),
            from: Instant,
            to: Instant,
            venueId: Type.Optional(Type.String({ format: 'uuid' })),
            placeName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            divisionCode: Type.Optional(DivisionCode),
            mode: Type.Optional(TripMode),
            number: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
            carriage: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
            seat: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ItineraryPoint, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(presentPoint(await service.addPoint(ctx, request.principal!, request.params.id, request.body, requestMeta(request)))),
  );

  app.delete(
    '/tracing/cases/:id/itinerary/:pointId',
    {
      config: { action: A['tracing.case.manage'] },
      schema: { tags, summary: 'Remove an unpublished itinerary point', params: PointParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await service.removePoint(ctx, request.principal!, request.params.id, request.params.pointId, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/tracing/cases/:id/itinerary/import-scans',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Seed the itinerary from the case\'s own presence-proving venue scans (each a stay of the venue\'s default length)',
        params: CaseParams,
        response: { 200: Type.Array(ItineraryPoint), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => (await service.importOwnScans(ctx, request.principal!, request.params.id, requestMeta(request))).map(presentPoint),
  );

  app.post(
    '/tracing/cases/:id/itinerary/publish',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Propose publishing the case\'s unpublished itinerary points (maker); they become public, de-identified under the case\'s label (确诊病例N), only when a different officer whose region contains the proposer\'s approves',
        params: CaseParams,
        response: { 202: PublicationProposal, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(202).send(presentProposal(await service.proposePublication(ctx, request.principal!, request.params.id, requestMeta(request)))),
  );

  app.get(
    '/tracing/publication-proposals',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Itinerary publication proposals in one\'s region, newest first, each with the points as the public would see them',
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('expired')])) }),
        response: { 200: Type.Array(PublicationProposal), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => (await service.listPublicationProposals(ctx, request.principal!, request.query)).map((p) => presentProposal(p)),
  );

  app.post(
    '/tracing/publication-proposals/:id/decision',
    {
      config: { action: A['tracing.itinerary.publish'] },
      schema: {
        tags,
        summary: 'Approve (the proposal\'s points are published at once) or reject an itinerary publication; a different health officer than the proposer, whose region contains the proposer\'s',
        params: CaseParams,
        body: Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: PublicationProposal, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentProposal(await service.decidePublication(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  app.get(
    '/tracing/public/itineraries',
    {
      schema: {
        tags,
        summary: 'Published itineraries of cases (places and trips, by date): public, no sign-in; no name, no ID, no seat',
        querystring: Type.Object({
          days: Type.Integer({ minimum: 1, maximum: 28, default: 14 }),
          kind: Type.Optional(Type.Union([Type.Literal('stay'), Type.Literal('trip')])),
          divisionCode: Type.Optional(DivisionCode),
        }),
        response: { 200: Type.Array(PublishedPoint), ...errorResponses(400) },
      },
    },
    async (request) => (await service.publicItineraries(ctx, request.query)).map(presentPublished),
  );

  app.post(
    '/tracing/self-check',
    {
      config: { action: A['tracing.self-check.run'] },
      schema: {
        tags,
        summary: 'Same-trip self-check (同行程自查): my own scans and the trips I enter against published itineraries',
        body: Type.Object(
          {
            days: Type.Integer({ minimum: 1, maximum: 28, default: 14 }),
            trips: Type.Array(
              Type.Object(
                {
                  mode: TripMode,
                  number: Type.String({ minLength: 1, maxLength: 20 }),
                  date: Day,
                  carriage: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
                  seat: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
                },
                { additionalProperties: false },
              ),
              { maxItems: 20, default: [] },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: SelfCheckResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => presentSelfCheck(await service.selfCheck(ctx, request.principal!, request.body)),
  );

  // ---- organisation batch check (单位批量核查) ----
  const BatchBody = Type.Object(
    { contentBase64: Type.String({ minLength: 4, maxLength: 6_000_000, pattern: '^[A-Za-z0-9+/=\\s]+$', description: 'the XLSX list (template at /tracing/batch-check/template.xlsx), base64' }) },
    { additionalProperties: false },
  );
  app.get(
    '/tracing/batch-check/template.xlsx',
    { config: { action: A['tracing.batch-check.run'] }, schema: { tags, summary: 'The XLSX template of the organisation batch check (姓名, 手机号或证件号后四位, 交通方式, 车次/航班号, 日期, 车厢/舱室, 排, 座位)' } },
    async (_request, reply) =>
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="batch-check-template.xlsx"').send(await batch.batchTemplate()),
  );
  app.post(
    '/tracing/batch-check',
    {
      config: { action: A['tracing.batch-check.run'] },
      schema: {
        tags,
        summary: 'Organisation batch check (单位批量核查): each row\'s trip against published de-identified trips by the self-check rules (close / possible / general / none); bad rows with line, field and reason; nothing stored',
        body: BatchBody,
        response: { 200: BatchCheckResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => batch.batchCheck(ctx, request.principal!, Buffer.from(request.body.contentBase64, 'base64'), requestMeta(request)),
  );
  app.post(
    '/tracing/batch-check/result.xlsx',
    {
      config: { action: A['tracing.batch-check.run'] },
      schema: { tags, summary: 'The organisation batch check as a downloadable XLSX (核查结果 and 错误行 sheets)', body: BatchBody, response: { 200: Type.Any({ description: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const result = await batch.batchCheck(ctx, request.principal!, Buffer.from(request.body.contentBase64, 'base64'), requestMeta(request));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="batch-check-result.xlsx"')
        .send(await batch.batchResultWorkbook(result, languageOf(request)));
    },
  );

  app.get(
    '/tracing/cases/:id/contact-candidates',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'People co-present with the case (same venue, overlapping stay, presence proven), ranked by overlap over the whole list, a page at a time with the count of all; each exposure explained (masked; the page shown is audited)',
        params: CaseParams,
        querystring: Type.Object({ days: TraceDays, ...CandidatePageQuery.properties }),
        response: { 200: ContactCandidatePage, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => presentCandidatePage(await service.contactCandidates(ctx, request.principal!, request.params.id, request.query, requestMeta(request)), ctx.cipher),
  );

  const SecondDegreeCandidate = Type.Object({
    degree: Type.Literal(2),
    citizenId: Type.String(),
    name: Type.String({ description: 'masked' }),
    phone: Type.String({ description: 'masked' }),
    documentNumber: Type.String({ description: 'masked' }),
    householdDivision: Type.Union([Type.String(), Type.Null()]),
    totalOverlapMinutes: Type.Number(),
    lastExposureAt: Type.String(),
    exposures: Type.Array(
      Type.Object({
        viaContactId: Type.String(),
        viaCitizenId: Type.String(),
        viaName: Type.String({ description: 'the first-degree contact, masked' }),
        venueId: Type.String(),
        venueName: Type.String(),
        contactFrom: Type.String(),
        contactTo: Type.String(),
        scannedAt: Type.String(),
        assumedStayMinutes: Type.Integer(),
        overlapMinutes: Type.Number(),
        explanation: Type.Object({ zh: Type.String(), en: Type.String() }),
      }),
    ),
  });
  app.get(
    '/tracing/cases/:id/contact-candidates/second-degree',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Second degree on request (次密接): people co-present with the case\'s confirmed contacts after their exposure, ranked by overlap over the whole list, a page at a time with the count of all; each exposure explained and naming the contact (masked; the page shown is audited)',
        params: CaseParams,
        querystring: Type.Object({ days: TraceDays, ...CandidatePageQuery.properties }),
        response: { 200: candidatePage(SecondDegreeCandidate), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { days, limit, cursor } = request.query;
      const result = await service.secondDegreeCandidates(ctx, request.principal!, request.params.id, { days, page: { limit, cursor } }, requestMeta(request));
      return presentSecondDegreePage({ page: result.page!, people: result.people }, ctx.cipher);
    },
  );

  app.get(
    '/tracing/cases/:id/contacts',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'The case\'s contacts — confirmed and dismissed, first and second degree — with their names (masked), who decided and when, and their follow-up state (audited)',
        params: CaseParams,
        response: { 200: Type.Array(CaseContactEntry), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => (await service.caseContacts(ctx, request.principal!, request.params.id, requestMeta(request))).map((row) => presentContactEntry(row, ctx.cipher)),
  );

  app.post(
    '/tracing/cases/:id/contacts',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Confirm (close / secondary / general) or dismiss a co-presence candidate; a close or secondary contact turns the person\'s health code',
        params: CaseParams,
        body: Type.Object(
          {
            citizenId: Type.String({ format: 'uuid' }),
            decision: Type.Union([Type.Literal('confirmed'), Type.Literal('dismissed')]),
            level: Type.Optional(ContactLevel),
            reason: Type.String({ minLength: 2, maxLength: 500 }),
            days: TraceDays,
          },
          { additionalProperties: false },
        ),
        response: { 200: CaseContact, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentContact(await service.decideContact(ctx, request.principal!, request.params.id, request.body, requestMeta(request))),
  );

  // ---- contact worklists and daily follow-up (密接管理与随访) ----

  const ContactParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
  const ListQuery = Type.Object({
    day: Type.Optional(Day),
    divisionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'the team\'s division (a county, or a city for all its counties), within one\'s region; default one\'s region' })),
  });

  app.get(
    '/tracing/follow-ups',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'A team\'s daily follow-up list: confirmed contacts on worklists under the division (by their household county, or handed over), with the day\'s entry and missed days (masked; audited)',
        querystring: ListQuery,
        response: { 200: DailyFollowUpList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => presentDailyList(await followUp.dailyList(ctx, request.principal!, request.query, requestMeta(request)), ctx.cipher),
  );

  app.get(
    '/tracing/follow-ups/sheet.pdf',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'The printable daily follow-up sheet (PDF) of a team, for teams without phones: name and phone to reach each contact, boxes to fill in, missed days flagged (audited)',
        querystring: ListQuery,
        response: { 200: Type.Any({ description: 'application/pdf' }), ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const list = await followUp.dailyList(ctx, request.principal!, request.query, requestMeta(request));
      const LEVEL: Record<string, string> = { close: '密切接触者', secondary: '次密接', general: '一般接触者' };
      const pdf = await renderDailySheet(
        {
          title: '密接人员医学观察随访表',
          day: list.day,
          division: list.divisionCode,
          printedAt: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '),
          rows: list.entries.map((e) => ({
            // The sheet is how a team without phones reaches the person: the name is masked, the phone is whole.
            name: maskName(ctx.cipher.decrypt(e.person?.nameCipher ?? null)),
            phone: ctx.cipher.decrypt(e.person?.phoneCipher ?? null) ?? '',
            household: e.person?.householdDivision ?? '',
            level: LEVEL[e.contact.level ?? ''] ?? '',
            followUntil: e.contact.followUntil ?? '',
            lastEntry: e.last?.day ?? '',
            missed: e.missed.length,
            doneToday: e.today !== null,
          })),
        },
        ctx.config.cjkFontPath,
      );
      await ctx.db.transaction((tx) =>
        appendAudit(tx, { actor: request.principal!, action: 'tracing.follow-up.sheet', subjectType: 'tracing_contact', regionCode: list.divisionCode, detail: { day: list.day, count: list.entries.length }, ip: request.ip, requestId: request.id }),
      );
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="follow-up-${list.day}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
    },
  );

  app.post(
    '/tracing/contacts/:id/follow-ups',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Record (or correct) one day\'s follow-up of a contact: reached, symptoms, temperature, test taken',
        params: ContactParams,
        body: Type.Object(
          {
            day: Day,
            reached: Type.Boolean(),
            symptoms: Type.Array(literalUnion(SYMPTOM_CODES), { maxItems: 8, default: [] }),
            temperature: Type.Optional(Type.Union([Type.Number({ minimum: 34, maximum: 43 }), Type.Null()])),
            testTaken: Type.Boolean({ default: false }),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: FollowUpEntry, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await followUp.recordFollowUp(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
      return presentFollowUp(row);
    },
  );

  app.post(
    '/tracing/contacts/:id/hand-over',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Hand a contact over to another county\'s worklist (e.g. they live there), with the reason',
        params: ContactParams,
        body: Type.Object({ regionCode: DivisionCode, reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.String(), assignedRegion: Type.String() }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await followUp.handOver(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
      return { id: row.id, assignedRegion: row.assignedRegion };
    },
  );

  app.post(
    '/tracing/contacts/:id/escalate',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Escalate a followed-up contact who fell ill to a suspected case in one step (linked to the contact and its case); the follow-up ends',
        params: ContactParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }), onsetDate: Type.Optional(Day) }, { additionalProperties: false }),
        response: { 201: CaseSummary, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(presentCase(await followUp.escalate(ctx, request.principal!, request.params.id, request.body, requestMeta(request)), ctx.cipher)),
  );

  // ---- lab results (检测结果) ----

  app.post(
    '/tracing/lab-results',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Record a lab result of a person (by document) in one\'s region: a fact for the colour rules (ext:lab.<type>); a positive result without an open case proposes one',
        body: Type.Object(
          {
            documentType: IdentityDocumentType,
            documentNumber: Type.String({ minLength: 5, maxLength: 32 }),
            name: Type.String({ minLength: 1, maxLength: 50 }),
            sampleDate: Day,
            testType: literalUnion(LAB_TEST_TYPES),
            lab: Type.String({ minLength: 2, maxLength: 100 }),
            result: literalUnion(LAB_RESULTS),
            reportDate: Day,
            regionCode: DivisionCode,
          },
          { additionalProperties: false },
        ),
        response: { 201: LabResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(presentLabResult(await labs.recordLabResult(ctx, request.principal!, request.body, requestMeta(request)), ctx.cipher)),
  );

  app.get(
    '/tracing/lab-results',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Lab results of one\'s region, newest first; proposesCase=true lists the positives that propose opening a case (masked; audited)',
        querystring: Type.Object({ proposesCase: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(LabResult), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => (await labs.listLabResults(ctx, request.principal!, request.query, requestMeta(request))).map((r) => presentLabResult(r, ctx.cipher)),
  );

  app.post(
    '/tracing/lab-results/:id/open-case',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Open the case a positive lab result proposes, in one step (source 检测阳性)',
        params: CaseParams,
        body: Type.Object({ status: literalUnion(CASE_OPENING_STATUSES), reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 201: CaseSummary, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(presentCase(await labs.openCaseFromLab(ctx, request.principal!, request.params.id, request.body, requestMeta(request)), ctx.cipher)),
  );

  // ---- clusters and transmission chains (聚集性疫情与传播链) ----

  app.post(
    '/tracing/clusters',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Create a cluster (聚集性疫情) with its shared exposure event, in one\'s region',
        body: Type.Object({ name: Type.String({ minLength: 2, maxLength: 100 }), event: Type.String({ minLength: 2, maxLength: 500 }), regionCode: DivisionCode }, { additionalProperties: false }),
        response: { 201: Cluster, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(presentCluster({ ...(await chainService.createCluster(ctx, request.principal!, request.body, requestMeta(request))), counts: {} })),
  );

  app.get(
    '/tracing/clusters',
    { config: { action: A['tracing.case.manage'] }, schema: { tags, summary: 'Clusters of one\'s region with their case counts by status', response: { 200: Type.Array(Cluster), ...errorResponses(401, 403) } } },
    async (request) => (await chainService.listClusters(ctx, request.principal!)).map(presentCluster),
  );

  app.post(
    '/tracing/cases/:id/cluster',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Put a case into a cluster (or take it out with null)',
        params: CaseParams,
        body: Type.Object({ clusterId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) }, { additionalProperties: false }),
        response: { 200: CaseSummary, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => presentCase(await chainService.assignCluster(ctx, request.principal!, request.params.id, request.body.clusterId, requestMeta(request)), ctx.cipher),
  );

  const ChainQuery = Type.Object({ clusterId: Type.Optional(Type.String({ format: 'uuid' })), from: Type.Optional(Day), to: Type.Optional(Day) });

  app.get(
    '/tracing/chains',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Transmission chains of one\'s region: cases and confirmed contacts as a graph with each edge\'s evidence, filterable by cluster and report dates (masked; audited)',
        querystring: ChainQuery,
        response: { 200: ChainGraph, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => chainService.chains(ctx, request.principal!, request.query, requestMeta(request)),
  );

  app.get(
    '/tracing/chains.csv',
    {
      config: { action: A['tracing.case.manage'] },
      schema: { tags, summary: 'The transmission chains\' edges as CSV (masked; audited)', querystring: ChainQuery, response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const graph = await chainService.chains(ctx, request.principal!, request.query, requestMeta(request));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="chains.csv"').send(chainService.chainCsv(graph));
    },
  );

  // ---- case import and export ----

  app.post(
    '/tracing/cases/import',
    {
      config: { action: A['tracing.case.manage'] },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import case files from a CSV or XLSX list (header row; template at /tracing/cases/import-template.csv): good rows registered, bad rows returned with line, field and reason',
        body: Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]), contentBase64: Type.String({ minLength: 4, maxLength: 6_000_000, pattern: '^[A-Za-z0-9+/=\\s]+$' }) }, { additionalProperties: false }),
        response: {
          200: CaseImportResult,
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => caseImport.importCases(ctx, request.principal!, { format: request.body.format, content: Buffer.from(request.body.contentBase64, 'base64') }, requestMeta(request)),
  );

  app.get(
    '/tracing/cases/import-template.csv',
    { config: { action: A['tracing.case.manage'] }, schema: { tags, summary: 'The case import template (CSV header row)', response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses(401, 403) } } },
    async (_request, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cases-template.csv"').send('\uFEFF' + caseImport.IMPORT_TEMPLATE),
  );

  app.get(
    '/tracing/cases/export.csv',
    { config: { action: A['tracing.case.manage'] }, schema: { tags, summary: 'The region\'s case files as CSV (names and ID numbers masked; audited)', response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses(401, 403) } } },
    async (request, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cases.csv"').send(await caseImport.exportCases(ctx, request.principal!, requestMeta(request))),
  );

  // ---- self-check reports (主动报告) ----

  app.post(
    '/tracing/self-check/report',
    {
      config: { action: A['tracing.self-check.run'] },
      schema: {
        tags,
        summary: 'Report a self-check match (a published place or trip I shared with a case): a contact proposal for the officers of the case\'s region',
        body: Type.Object({ pointId: Type.String({ format: 'uuid' }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), status: Type.String() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await reports.reportMatch(ctx, request.principal!, request.body, requestMeta(request));
      return reply.status(201).send({ id: row.id, status: row.status });
    },
  );

  app.get(
    '/tracing/self-reports',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Citizens\' reports of self-check matches for cases of one\'s region, newest first (masked; audited)',
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('confirmed'), Type.Literal('dismissed')])) }),
        response: { 200: Type.Array(SelfReport), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      (await reports.listReports(ctx, request.principal!, request.query, requestMeta(request))).map((r) => ({
        id: r.report.id,
        status: r.report.status as 'new' | 'confirmed' | 'dismissed',
        caseId: r.report.caseId,
        name: maskName(ctx.cipher.decrypt(r.person?.nameCipher ?? null)),
        phone: maskPhone(ctx.cipher.decrypt(r.person?.phoneCipher ?? null)),
        householdDivision: r.person?.householdDivision ?? null,
        point: { id: r.point.id, kind: r.point.kind as 'stay' | 'trip', placeName: r.point.placeName, from: r.point.fromAt.toISOString(), to: r.point.toAt.toISOString(), mode: (r.point.mode as 'train' | null) ?? null, number: r.point.tripNumber },
        note: r.report.note,
        contactId: r.report.contactId,
        createdAt: r.report.createdAt.toISOString(),
      })),
  );

  app.post(
    '/tracing/self-reports/:id/decision',
    {
      config: { action: A['tracing.case.manage'] },
      schema: {
        tags,
        summary: 'Confirm the reporting citizen as a contact of the case (close / secondary / general: the code, the worklist and the hand-off follow) or dismiss the report',
        params: CaseParams,
        body: Type.Object({ decision: Type.Union([Type.Literal('confirmed'), Type.Literal('dismissed')]), level: Type.Optional(ContactLevel), reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.String(), status: Type.String(), contactId: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await reports.decideReport(ctx, request.principal!, request.params.id, request.body, requestMeta(request));
      return { id: row.id, status: row.status, contactId: row.contactId };
    },
  );

  // ---- settings, editing a case's facts, lab results import (tracing.more-routes.ts) ----
  await tracingMoreRoutes(app, ctx);
}
