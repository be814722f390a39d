/**
 * 一件事一次办: bundles of service items one life event needs (开办餐饮店: 营业执照 + 食品经营许可 + 消防检查).
 * A bundle is a catalogue entry of kind `bundle` whose versions hold the content composed from its members'
 * published versions (`composeBundle`): one merged form, one set of materials, one application; on
 * acceptance one review part opens per member item and department, and one merged decision follows.
 * Publishing a member item composes every published bundle containing it again (a new bundle version),
 * so new bundle applications follow the item while filed ones keep the versions they were filed under.
 */
import { composeBundle, type BundleSpec, type BundleSource, type ItemContent } from '@fangxian/contracts/govservice';
import { asStaff, assertInScope } from '../../platform/access/policy.ts';
import { regionContains, type Principal } from '../../platform/access/principal.ts';
import { appendAudit } from '../../platform/audit/audit.service.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { GovserviceErrors as E } from './govservice.errors.ts';
import * as repo from './govservice.repository.ts';
import { GovserviceClock } from './govservice.runtime.ts';
import { assertStorableText } from './govservice.text.ts';

type Staff = ReturnType<typeof asStaff>;

/** The members' published versions, in the spec's order; refused when one is unknown, unpublished, a bundle, or outside `scope`. */
async function membersOf(tx: Tx, spec: BundleSpec, scope: string | null): Promise<BundleSource[]> {
  const out: BundleSource[] = [];
  for (const code of spec.items) {
    const item = await repo.itemByCode(tx, code);
    if (!item || item.kind !== 'item' || !item.publishedVersionId || (scope !== null && !regionContains(scope, item.regionCode))) {
      throw new AppError(E.GOVSERVICE_BUNDLE_MEMBER, { item: code });
    }
    const v = (await repo.versionById(tx, item.publishedVersionId))!;
    out.push({ code, versionId: v.id, version: v.version, content: v.content });
  }
  return out;
}

/** The bundle's content composed from the current published versions of its items (409 with the conflicts when they do not merge). */
export async function composeFromCatalogue(tx: Tx, spec: BundleSpec, scope: string | null = null): Promise<ItemContent> {
  const composed = composeBundle(spec, await membersOf(tx, spec, scope));
  if (!composed.content) throw new AppError(E.GOVSERVICE_BUNDLE_CONFLICT, { conflicts: composed.conflicts });
  return composed.content;
}

/**
 * After an item is published: every published bundle containing it gets a new published version composed
 * from the members' current versions (audited as the officer's `govservice.bundle.recompose`). A member
 * change that no longer merges refuses the item's publication (409 naming the bundle).
 */
export async function recomposeBundlesOf(tx: Tx, staff: Staff, code: string, now: Date, meta: RequestMeta): Promise<void> {
  for (const { item, version } of await repo.publishedBundles(tx)) {
    const spec = version.content.bundle!.spec;
    if (!spec.items.includes(code)) continue;
    const composed = composeBundle(spec, await membersOf(tx, spec, null));
    if (!composed.content) throw new AppError(E.GOVSERVICE_BUNDLE_CONFLICT, { bundle: item.code, conflicts: composed.conflicts });
    const next = await repo.insertVersion(tx, { itemId: item.id, version: (await repo.maxVersion(tx, item.id)) + 1, status: 'published', content: composed.content, createdBy: staff.staffId, createdAt: now, publishedAt: now });
    await repo.updateVersion(tx, version.id, { status: 'superseded' });
    await repo.updateItem(tx, item.id, { publishedVersionId: next.id, name: composed.content.name, department: composed.content.department, updatedAt: now });
    await appendAudit(tx, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'govservice.bundle.recompose', subjectType: 'gs_item', subjectId: item.id, regionCode: item.regionCode, detail: { code: item.code, version: next.version, member: code } });
  }
}

function assertSpec(spec: BundleSpec): void {
  assertStorableText(spec, 'spec');
}

/** Creates a bundle (its first draft, composed from the items' published versions); published with the items' publish route. */
export async function createBundle(ctx: AppContext, principal: Principal, input: { code: string; regionCode: string; spec: BundleSpec }, meta: RequestMeta) {
  assertStorableText(input.code, 'code');
  assertSpec(input.spec);
  const staff = asStaff(principal);
  if (!regionContains(staff.regionCode, input.regionCode)) throw new AppError(CommonErrors.FORBIDDEN, { field: 'regionCode' });
  return ctx.db.transaction(async (tx) => {
    if (await repo.itemByCode(tx, input.code)) throw new AppError(E.GOVSERVICE_ITEM_CODE_TAKEN);
    const content = await composeFromCatalogue(tx, input.spec, staff.regionCode);
    const now = GovserviceClock.of(ctx).now();
    const item = await repo.insertItem(tx, { code: input.code, kind: 'bundle', regionCode: input.regionCode, name: content.name, department: content.department, createdAt: now, updatedAt: now });
    const version = await repo.insertVersion(tx, { itemId: item.id, version: 1, status: 'draft', content, createdBy: staff.staffId, createdAt: now });
    await repo.updateItem(tx, item.id, { draftVersionId: version.id });
    await appendAudit(tx, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'govservice.bundle.create', subjectType: 'gs_item', subjectId: item.id, regionCode: item.regionCode, detail: { code: item.code, items: input.spec.items } });
    return item;
  });
}

/** Saves a bundle's draft (composed again from the items' published versions). */
export async function saveBundleDraft(ctx: AppContext, principal: Principal, id: string, spec: BundleSpec, meta: RequestMeta): Promise<void> {
  assertSpec(spec);
  const staff = asStaff(principal);
  await ctx.db.transaction(async (tx) => {
    const item = await repo.itemById(tx, id, true);
    if (!item) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, item.regionCode);
    if (item.kind !== 'bundle') throw new AppError(CommonErrors.NOT_FOUND);
    const content = await composeFromCatalogue(tx, spec, staff.regionCode);
    const now = GovserviceClock.of(ctx).now();
    if (item.draftVersionId) await repo.updateVersion(tx, item.draftVersionId, { content, createdBy: staff.staffId });
    else {
      const v = await repo.insertVersion(tx, { itemId: id, version: (await repo.maxVersion(tx, id)) + 1, status: 'draft', content, createdBy: staff.staffId, createdAt: now });
      await repo.updateItem(tx, id, { draftVersionId: v.id });
    }
    await appendAudit(tx, { actor: staff, ip: meta.ip, requestId: meta.requestId, action: 'govservice.bundle.update', subjectType: 'gs_item', subjectId: id, regionCode: item.regionCode, detail: { code: item.code, items: spec.items } });
  });
}

/** The public list of published bundles (一件事一次办), optionally matching a substring of the name, life event or guide. */
export async function publicBundles(ctx: AppContext, q: string | null) {
  assertStorableText({ q });
  const needle = q?.trim().toLowerCase() || null;
  return (await repo.publishedBundles(ctx.db)).filter(({ item, version }) => {
    if (!needle) return true;
    const s = version.content.bundle!.spec;
    return [item.code, s.name, s.lifeEvent, s.guide, ...version.content.bundle!.members.map((m) => m.name)].some((x) => x.toLowerCase().includes(needle));
  });
}
