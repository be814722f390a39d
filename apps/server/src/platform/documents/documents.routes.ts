import { Type } from 'typebox';
import { errorResponses } from '@fangxian/contracts/kernel';
import { MultilineText, PrintableText } from '@fangxian/contracts/text';
import type { App, AppContext } from '../http/context.ts';
import { requestMeta } from '../identity/request-meta.ts';
import { DocumentActions as A } from './documents.policy.ts';
import * as service from './documents.service.ts';
import type { DocumentRow } from './documents.service.ts';

const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Kind = Type.Union([Type.Literal('certificate'), Type.Literal('approval_letter'), Type.Literal('refusal_letter')]);
const Fact = Type.Object({ label: PrintableText({ maxLength: 30 }), value: PrintableText({ maxLength: 200 }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** What anyone may see of a document: what it shows, masked as printed. */
const PublicDocument = Type.Object({
  code: Type.String(),
  kind: Kind,
  title: Type.String(),
  facts: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
  holder: Type.String({ description: 'masked as printed, e.g. 张*' }),
  issuerDepartment: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  validUntil: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  revokeReason: Nullable(Type.String()),
  algorithm: Type.String(),
  kid: Type.String(),
  sha256: Type.String(),
});
const VerificationBody = Type.Object({
  genuine: Type.Boolean({ description: 'the signature holds and (for a file) the bytes are the signed PDF' }),
  status: lit(['valid', 'revoked', 'expired', 'tampered', 'unknown'] as const),
  document: Nullable(PublicDocument),
});
const OwnDocument = Type.Object({ id: Type.String(), ...PublicDocument.properties });
const IssuedDocument = Type.Object({ id: Type.String(), regionCode: Type.String(), sourceType: Nullable(Type.String()), sourceId: Nullable(Type.String()), ...PublicDocument.properties });

function presentPublic(row: DocumentRow) {
  return {
    code: row.code, kind: row.kind as 'certificate' | 'approval_letter' | 'refusal_letter', title: row.title, facts: row.facts, holder: row.holderMasked, issuerDepartment: row.issuerDepartment,
    issuedAt: row.issuedAt.toISOString(), validUntil: row.validUntil?.toISOString() ?? null, revokedAt: row.revokedAt?.toISOString() ?? null,
    revokeReason: row.revokeReason, algorithm: row.algorithm, kid: row.kid, sha256: row.sha256,
  };
}
const presentIssued = (row: DocumentRow) => ({ id: row.id, regionCode: row.regionCode, sourceType: row.sourceType, sourceId: row.sourceId, ...presentPublic(row) });

/** Electronic results: public verification (by code or file), the holder's downloads, and officers' issue / list / revoke. */
export async function documentRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['documents'];

  app.get(
    '/documents/verify/:code',
    {
      schema: {
        tags,
        summary: 'Public verification by document code (no sign-in): genuine or not, what it certifies (masked as printed), revoked or not',
        params: Type.Object({ code: Type.String({ minLength: 4, maxLength: 40 }) }),
        response: { 200: VerificationBody, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const v = await service.verifyByCode(ctx, request.params.code);
      return { genuine: v.genuine, status: v.status, document: presentPublic(v.row) };
    },
  );

  app.post(
    '/documents/verify-file',
    {
      schema: {
        tags,
        summary: 'Public verification of a PDF file (base64): its SHA-256 must be that of a document signed here; a changed byte fails',
        body: Type.Object({ pdfBase64: Type.String({ minLength: 8, maxLength: 700_000, pattern: '^[A-Za-z0-9+/=\\s]+$' }), code: Type.Optional(Nullable(Type.String({ minLength: 4, maxLength: 40 }))) }, { additionalProperties: false }),
        response: { 200: VerificationBody, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const v = await service.verifyFile(ctx, Buffer.from(request.body.pdfBase64, 'base64'), request.body.code ?? null);
      return { genuine: v.genuine, status: v.status, document: 'row' in v ? presentPublic(v.row) : null };
    },
  );

  app.get(
    '/documents/keys',
    {
      schema: {
        tags,
        summary: 'The public keys documents are signed with (verify a statement offline)',
        response: { 200: Type.Array(Type.Object({ kid: Type.String(), algorithm: Type.String(), publicKeyPem: Type.String(), retired: Type.Boolean() })) },
      },
    },
    async () => service.documentPublicKeys(ctx),
  );

  app.get(
    '/documents/mine',
    { config: { action: A['documents.own.read'] }, schema: { tags, summary: 'My electronic results, newest first', response: { 200: Type.Array(OwnDocument), ...errorResponses(401, 403) } } },
    async (request) => (await service.documentsOfHolder(ctx, request.principal as never)).map((r) => ({ id: r.id, ...presentPublic(r) })),
  );

  app.get(
    '/documents/mine/:id/pdf',
    {
      config: { action: A['documents.own.read'] },
      schema: { tags, summary: 'Download one of my documents as the signed PDF', params: IdParams, response: { 200: Type.Any({ description: 'application/pdf' }), ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      const { row, pdf } = await service.holderPdf(ctx, request.principal as never, request.params.id);
      reply.type('application/pdf').header('content-disposition', `attachment; filename="${row.code}.pdf"`).header('cache-control', 'private, no-store');
      return reply.send(pdf);
    },
  );

  app.get(
    '/documents/issued',
    {
      config: { action: A['documents.document.list'] },
      schema: { tags, summary: 'Documents issued in my region, newest first (holders masked; audited)', response: { 200: Type.Array(IssuedDocument), ...errorResponses(401, 403) } },
    },
    async (request) => (await service.listIssued(ctx, request.principal!, requestMeta(request))).map(presentIssued),
  );

  app.post(
    '/documents/issued',
    {
      config: { action: A['documents.document.issue'] },
      schema: {
        tags,
        summary: 'Issue a signed certificate or approval letter in my region (rendered as PDF with the CJK font; audited)',
        body: Type.Object(
          {
            kind: Kind,
            title: PrintableText({ minLength: 2, maxLength: 40 }),
            facts: Type.Array(Fact, { maxItems: 12 }),
            holderName: PrintableText({ maxLength: 50 }),
            holderCitizenId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            validUntil: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: IssuedDocument, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const row = await service.issueAsOfficer(ctx, request.principal!, { ...b, validUntil: b.validUntil ? new Date(b.validUntil) : null }, requestMeta(request));
      return reply.status(201).send(presentIssued(row));
    },
  );

  app.post(
    '/documents/issued/:id/revoke',
    {
      config: { action: A['documents.document.revoke'] },
      schema: {
        tags,
        summary: 'Revoke a document of my region with a reason (the verification page then shows it revoked; audited)',
        params: IdParams,
        body: Type.Object({ reason: MultilineText({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: IssuedDocument, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentIssued(await service.revokeDocument(ctx, request.principal!, request.params.id, request.body.reason, requestMeta(request))),
  );
}
