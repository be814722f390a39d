import { defineModule, provide } from '../modules/module.ts';
import { DocumentErrors } from './documents.errors.ts';
import { DocumentActions } from './documents.policy.ts';
import { documentRoutes } from './documents.routes.ts';
import { createDocumentKeys, DocumentKeysState } from './documents.service.ts';
import * as tables from './documents.tables.ts';

/**
 * What modules use to issue electronic results: `issueDocument` (render, sign, store, audit in one
 * call), or `prepareDocument` outside and `storeDocument(tx, …)` inside the module's own transaction;
 * `revokeDocument` (e.g. after a failed 告知承诺 inspection); `documentsOfSource` to list an
 * application's results; `verifyByCode` / `verifyFile` for checks.
 */
export {
  issueDocument, prepareDocument, storeDocument, revokeDocument, documentsOfSource, verifyByCode, verifyFile, verifyUrlOf, documentPublicKeys,
  type IssueDocumentInput, type PreparedDocument, type DocumentRow, type DocumentKind, type Verification,
} from './documents.service.ts';
export { DocumentErrors } from './documents.errors.ts';
export type { DocumentFact } from './documents.tables.ts';

/**
 * Electronic results (电子证照 / 电子批文), a platform piece: certificates and approval letters rendered
 * as PDF with the CJK font, signed (Ed25519, or SM2 with FX_CODE_SIGNING=sm2), with a document code and
 * QR code printed on them; public verification by code or by file at /api/documents/verify*, the
 * holder's downloads, officers' issue / list / revoke.
 */
export const DocumentsModule = defineModule({
  name: 'documents',
  dependsOn: ['identity', 'audit', 'divisions'],
  errors: [DocumentErrors],
  actions: [DocumentActions],
  tables,
  state: [provide(DocumentKeysState, createDocumentKeys)],
  routes: documentRoutes,
});
