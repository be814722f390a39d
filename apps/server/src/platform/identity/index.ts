import { defineModule, provide } from '../modules/module.ts';
import { apiClientRoutes } from './api-clients.routes.ts';
import { IdentityErrors } from './identity.errors.ts';
import { IdentityActions } from './identity.policy.ts';
import { identityRoutes } from './identity.routes.ts';
import { DemoAccountsSeed, DemoVenueStaffSeed, identityBanner } from './identity.seed.ts';
import * as tables from './identity.tables.ts';
import { OutboxSmsSender, SmsState, assertSmsSenderAllowed } from './sms.ts';

/** What other modules use from identity: documents, phones, masking-ready profiles, SMS. */
export { validateDocument, DOCUMENT_TYPES, type DocumentType, type DocumentVerdict } from './documents.ts';
export { normaliseMainlandMobile } from './phone.ts';
export { normaliseUsername, usernameMatches } from './usernames.ts';
export { passwordProblem, hashPassword, verifyPassword } from './passwords.ts';
export { setSmsSender, smsSenderOf, type SmsSender, type SmsMessage } from './sms.ts';
export { requestMeta, type RequestMeta } from './request-meta.ts';
export { revokeSubjectSessions } from './sessions.ts';
export { DEMO_CITIZEN_PHONE, DEMO_PASSWORD } from './identity.seed.ts';
export { COMMITMENT, commitmentTextHash } from './commitment.ts';

/**
 * Identity, as a platform piece of every app: citizens and staff accounts, sign-in and sessions,
 * /api/me and real-name registration, API clients, and the SMS outbox (the app's SMS sender is its
 * state). Seeds the demo accounts. The request hook itself (identity.plugin.ts) is installed by app.ts.
 */
export const IdentityModule = defineModule({
  name: 'identity',
  dependsOn: ['audit', 'divisions', 'approvals'],
  errors: [IdentityErrors],
  actions: [IdentityActions],
  tables,
  state: [provide(SmsState, (ctx) => ({ sender: new OutboxSmsSender(ctx) }))],
  seeds: [DemoAccountsSeed, DemoVenueStaffSeed],
  banner: identityBanner,
  async routes(app, ctx) {
    // Every module's onStart has run (a gateway adapter replaces the outbox there): production refuses the outbox unless allowed.
    assertSmsSenderAllowed(ctx);
    await identityRoutes(app, ctx);
    await apiClientRoutes(app, ctx);
  },
});
