/** What other modules use from identity: documents, phones, masking-ready profiles, SMS. */
export { validateDocument, DOCUMENT_TYPES, type DocumentType, type DocumentVerdict } from './documents.ts';
export { normaliseMainlandMobile } from './phone.ts';
export { normaliseUsername, usernameMatches } from './usernames.ts';
export { passwordProblem, hashPassword, verifyPassword } from './passwords.ts';
export { setSmsSender, smsSenderOf, type SmsSender, type SmsMessage } from './sms.ts';
export { requestMeta, type RequestMeta } from './request-meta.ts';
export { revokeSubjectSessions } from './sessions.ts';
