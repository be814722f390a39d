import { Type } from 'typebox';
import { Colour, IdentityDocumentType } from '@fangxian/contracts';
import { ErrorBodySchema } from '@fangxian/contracts/kernel';
import type { App, AppContext } from '../../platform/http/context.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import { regionContains } from '../../platform/access/principal.ts';
import { validateDocument } from '../../platform/identity/documents.ts';
import { requestMeta } from '../../platform/identity/request-meta.ts';
import { languageOf } from '../../platform/http/i18n.ts';
import { HealthCodeActions as A } from './health-code.policy.ts';
import { activeRules, currentCodeFor } from './health-code.service.ts';
import { regionsOfPerson } from './health-code.facts.ts';
import { issueCodeToken } from './health-code.signing.ts';
import { publishedKeys } from './health-code.issuers.ts';
import { verifyCodeToken } from './health-code.verify.ts';
import * as repo from './health-code.repository.ts';
import type { TokenRefusal } from './health-code.errors.ts';

/**
 * Return codes of the open API (GB/T 38963 style: the HTTP status is 200 for every business outcome,
 * the `code` field says what happened). Authentication and malformed requests keep the platform's
 * HTTP errors (401 UNAUTHENTICATED, 403 FORBIDDEN, 400 VALIDATION_FAILED).
 */
export const OPEN_RETURN_CODES = {
  '0000': { zh: '成功', en: 'Success' },
  '1001': { zh: '健康码格式不正确', en: 'The code is not well-formed' },
  '1002': { zh: '签名无效（伪造或被篡改）', en: 'Invalid signature (forged or altered)' },
  '1003': { zh: '健康码已过期', en: 'The code has expired' },
  '1004': { zh: '健康码已使用且已过期（重放）', en: 'The code was used and has expired (replay)' },
  '1005': { zh: '签发机构不在互认名单内', en: 'The issuer is not trusted' },
  '2001': { zh: '未找到该证件的实名用户', en: 'No registered person has this document' },
  '2002': { zh: '证件号码不正确', en: 'The document number is not valid' },
} as const;
export type OpenReturnCode = keyof typeof OPEN_RETURN_CODES;

const REFUSAL_CODES: Record<TokenRefusal, OpenReturnCode> = {
  HEALTH_CODE_TOKEN_MALFORMED: '1001',
  HEALTH_CODE_TOKEN_FORGED: '1002',
  HEALTH_CODE_TOKEN_EXPIRED: '1003',
  HEALTH_CODE_TOKEN_REPLAYED: '1004',
  HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER: '1005',
};

const codeTable = Object.entries(OPEN_RETURN_CODES).map(([c, t]) => `${c} ${t.zh} / ${t.en}`).join('; ');
const ReturnCode = Type.Union(Object.keys(OPEN_RETURN_CODES).map((c) => Type.Literal(c)), { description: `Return codes: ${codeTable}` });
const BizExtData = Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'BizExtData (GB/T 38963 extension field): passed back unchanged', maxProperties: 50 }));

function answer<T>(code: OpenReturnCode, lang: 'zh-CN' | 'en', data: T | null, bizExtData: Record<string, unknown> | undefined) {
  return { code, message: lang === 'en' ? OPEN_RETURN_CODES[code].en : OPEN_RETURN_CODES[code].zh, data, ...(bizExtData ? { bizExtData } : {}) };
}

/** The open API for approved third-party applications (API key + permission), and the public keys. */
export async function openHealthCodeRoutes(app: App, ctx: AppContext): Promise<void> {
  const tags = ['open-api'];

  app.get(
    '/open/health-code/keys',
    {
      schema: {
        tags,
        summary: 'This issuer\'s public keys (Ed25519 as JWK and PEM, SM2 as PEM) for offline verification by other regions',
        response: {
          200: Type.Object({
            issuer: Type.String(),
            keys: Type.Array(
              Type.Object({
                kid: Type.String(),
                alg: Type.Union([Type.Literal('ed25519'), Type.Literal('sm2')]),
                publicKeyPem: Type.String(),
                jwk: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
                createdAt: Type.String(),
                retired: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publishedKeys(ctx);
    },
  );

  app.post(
    '/open/health-code/generate',
    {
      config: { action: A['health-code.open.generate'] },
      schema: {
        tags,
        summary: 'Code generation (GB/T 38963 码生成) for a registered person identified by document number',
        description: `Return codes: ${codeTable}`,
        security: [{ apiKey: [] }],
        body: Type.Object({ documentType: IdentityDocumentType, documentNumber: Type.String({ minLength: 5, maxLength: 32 }), bizExtData: BizExtData }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            code: ReturnCode,
            message: Type.String(),
            data: Type.Union([Type.Object({ token: Type.String(), colour: Colour, maskedName: Type.String(), maskedId: Type.String(), expiresAt: Type.String() }), Type.Null()]),
            bizExtData: BizExtData,
          }),
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          403: ErrorBodySchema,
        },
      },
    },
    async (request) => {
      const lang = languageOf(request);
      const { documentType, documentNumber, bizExtData } = request.body;
      const verdict = validateDocument(documentType, documentNumber);
      if (!verdict.ok) return answer('2002', lang, null, bizExtData);
      const found = await repo.findPersonByDocument(ctx.db, documentType, ctx.blindIndex.of('id', verdict.number));
      // The key's region scope, reached as an officer reaches a person (household, residence, where the
      // facts arose — regionsOfPerson): a person outside it is answered exactly like an unknown one (2001).
      const principal = request.principal!;
      let regionCode = found?.householdDivision ?? null;
      let outOfScope = false;
      if (found && principal.kind === 'api') {
        const { rules } = await activeRules(ctx.db);
        const regions = await regionsOfPerson(ctx, ctx.db, { citizenId: found.id, documentIndex: found.documentIndex, householdDivision: found.householdDivision }, rules);
        const reached = regions.find((r) => regionContains(principal.regionCode, r));
        outOfScope = reached === undefined;
        regionCode = reached ?? regionCode;
      }
      const person = outOfScope ? null : found;
      const meta = requestMeta(request);
      await ctx.db.transaction((tx) =>
        appendAudit(tx, {
          actor: principal,
          action: 'health-code.open.generate',
          subjectType: 'citizen',
          subjectId: found?.id,
          regionCode,
          outcome: outOfScope ? 'denied' : person ? 'ok' : 'failed',
          ip: meta.ip,
          requestId: meta.requestId,
        }),
      );
      if (!person || !person.realNameAt) return answer('2001', lang, null, bizExtData);
      const code = await currentCodeFor(ctx, person.id);
      const token = await issueCodeToken(ctx, person.id, code.colour);
      return answer('0000', lang, { token: token.token, colour: code.colour, maskedName: code.maskedName, maskedId: code.maskedId, expiresAt: token.expiresAt.toISOString() }, bizExtData);
    },
  );

  app.post(
    '/open/health-code/verify',
    {
      config: { action: A['health-code.open.verify'] },
      schema: {
        tags,
        summary: 'Code verification (GB/T 38963 码验证): our own codes and trusted other issuers\' codes',
        description: `Return codes: ${codeTable}`,
        security: [{ apiKey: [] }],
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 2048 }), bizExtData: BizExtData }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            code: ReturnCode,
            message: Type.String(),
            data: Type.Union([
              Type.Object({
                valid: Type.Boolean(),
                colour: Colour,
                maskedName: Type.String(),
                maskedId: Type.String(),
                issuer: Type.String(),
                mutualRecognition: Type.Boolean(),
                expiresAt: Type.String(),
              }),
              Type.Null(),
            ]),
            bizExtData: BizExtData,
          }),
          400: ErrorBodySchema,
          401: ErrorBodySchema,
          403: ErrorBodySchema,
        },
      },
    },
    async (request) => {
      const lang = languageOf(request);
      const result = await verifyCodeToken(ctx, request.body.token);
      const meta = requestMeta(request);
      await ctx.db.transaction((tx) =>
        appendAudit(tx, {
          actor: request.principal!,
          action: 'health-code.open.verify',
          subjectType: result.citizenId ? 'citizen' : 'health_code',
          subjectId: result.citizenId ?? result.code,
          outcome: result.ok ? 'ok' : 'denied',
          detail: { reason: result.reason ?? null },
          ip: meta.ip,
          requestId: meta.requestId,
        }),
      );
      if (!result.ok) return answer(REFUSAL_CODES[result.reason!], lang, null, request.body.bizExtData);
      return answer(
        '0000',
        lang,
        {
          valid: true,
          colour: result.colour!,
          maskedName: result.maskedName ?? '',
          maskedId: result.maskedId ?? '',
          issuer: result.issuer ?? '',
          mutualRecognition: result.mutualRecognition ?? false,
          expiresAt: result.expiresAt ?? '',
        },
        request.body.bizExtData,
      );
    },
  );
}
