import { createHash } from 'node:crypto';
import { divisionLevel } from '@fangxian/contracts/kernel';
import type { CommitmentTextProposal, CommitmentTexts } from '@fangxian/contracts';
import type { AppContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Principal } from '../access/principal.ts';
import { approvalStatus, decideApproval, listApprovals, proposeApproval, type ApprovalRow } from '../approvals/index.ts';
import type { RequestMeta } from './request-meta.ts';
import { staffCommitmentTexts } from './identity.tables.ts';
import { IdentityErrors } from './identity.errors.ts';
import { commitmentTextHash, currentCommitment } from './commitment.ts';

type Staff = Extract<Principal, { kind: 'staff' }>;

/** The maker-checker kind of publishing a new commitment text. */
export const COMMITMENT_PUBLISH = 'identity.commitment.publish';

type TextPayload = { baseVersion: number; title: { zh: string; en: string }; text: { zh: string; en: string } };

/** Only administrators of a city or wider (or the whole deployment) propose or approve a new text: it binds every account. */
function assertCityScope(staff: Staff): void {
  if (staff.regionCode === '') return;
  let level: string;
  try {
    level = divisionLevel(staff.regionCode);
  } catch {
    level = 'none';
  }
  if (level !== 'city' && level !== 'province') throw new AppError(IdentityErrors.IDENTITY_COMMITMENT_SCOPE_TOO_NARROW);
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function presentProposal(row: ApprovalRow): CommitmentTextProposal {
  const p = row.payload as TextPayload;
  return {
    id: row.id,
    status: approvalStatus(row),
    baseVersion: p.baseVersion,
    title: p.title,
    text: p.text,
    regionCode: row.regionCode,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
  };
}

/** The current text and the proposals in the administrator's scope. */
export async function listCommitmentTexts(ctx: AppContext, staff: Staff): Promise<CommitmentTexts> {
  const current = await currentCommitment(ctx.db);
  const proposals = (await listApprovals(ctx.db, COMMITMENT_PUBLISH, staff)).map(presentProposal);
  return { current: { version: current.version, title: current.title, text: current.text, publishedAt: current.publishedAt }, proposals };
}

/** Proposes a new version of the text (maker); nothing changes until a second administrator approves it. */
export async function proposeCommitmentText(ctx: AppContext, staff: Staff, input: { title: { zh: string; en: string }; text: { zh: string; en: string } }, meta: RequestMeta): Promise<CommitmentTextProposal> {
  assertCityScope(staff);
  const trim = (v: { zh: string; en: string }) => ({ zh: v.zh.trim(), en: v.en.trim() });
  const title = trim(input.title);
  const text = trim(input.text);
  const base = await currentCommitment(ctx.db);
  const row = await ctx.db.transaction((tx) =>
    proposeApproval(tx, {
      kind: COMMITMENT_PUBLISH,
      staff,
      payload: { baseVersion: base.version, title, text } satisfies TextPayload,
      summary: { baseVersion: base.version, version: base.version + 1, textSha256: sha256(`${text.zh}\n${text.en}`) },
      meta,
    }),
  );
  return presentProposal(row);
}

/**
 * A second administrator (city or wider, not the proposer, whose region contains the proposer's)
 * approves or rejects. On approval the text becomes version base + 1 in the same transaction — every
 * account has to sign it before its next staff request — audited as identity.commitment.publish with
 * the text's hash. Refused if another version was published since the proposal.
 */
export async function decideCommitmentText(ctx: AppContext, staff: Staff, id: string, input: { decision: 'approve' | 'reject'; note?: string }, meta: RequestMeta): Promise<CommitmentTextProposal> {
  assertCityScope(staff);
  const { row } = await ctx.db.transaction((tx) =>
    decideApproval(tx, {
      id,
      kind: COMMITMENT_PUBLISH,
      staff,
      decision: input.decision,
      note: input.note,
      meta,
      apply: async (proposal) => {
        const p = proposal.payload as TextPayload;
        const current = await currentCommitment(tx);
        if (current.version !== p.baseVersion) throw new AppError(IdentityErrors.IDENTITY_COMMITMENT_CHANGED, { version: current.version });
        const version = p.baseVersion + 1;
        await tx.insert(staffCommitmentTexts).values({
          version,
          titleZh: p.title.zh,
          titleEn: p.title.en,
          textZh: p.text.zh,
          textEn: p.text.en,
          approvalId: proposal.id,
          proposedBy: proposal.proposedBy,
          approvedBy: staff.staffId,
        });
        await appendAudit(tx, {
          actor: staff,
          action: COMMITMENT_PUBLISH,
          subjectType: 'commitment',
          subjectId: String(version),
          regionCode: staff.regionCode,
          detail: { version, textHash: commitmentTextHash({ version, title: p.title, text: p.text }), approvalId: proposal.id, proposedBy: proposal.proposedBy },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        return version;
      },
    }),
  );
  return presentProposal(row);
}
