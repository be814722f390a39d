import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../platform/http/context.ts';
import { assertUniqueFactSources, factSourcesOf } from './health-code.facts.ts';
import { sealLegacyReasons } from './health-code.reasons.ts';
import { ensureDefaultRuleSet } from './health-code.service.ts';
import { HealthCodeDoorChecks } from './health-code.verify.ts';

/**
 * The health code's start-up work (its manifest's onStart), before the app listens: checks what other
 * modules contributed, installs the default rule set on a first start, and seals reasons stored in
 * clear by older versions (a no-op once done).
 */
export async function startHealthCode(ctx: AppContext, log: FastifyBaseLogger): Promise<void> {
  assertUniqueFactSources(factSourcesOf(ctx));
  if (ctx.modules.contributions(HealthCodeDoorChecks).length > 1) throw new Error('health-code: more than one module records door checks');
  await ensureDefaultRuleSet(ctx.db);
  const sealed = await sealLegacyReasons(ctx.db, ctx.cipher);
  if (sealed.codes + sealed.events > 0) log.info(sealed, 'health-code: reasons stored in clear encrypted at rest');
}
