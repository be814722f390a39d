import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { signingKeysTable } from '../crypto/signing-keys.ts';

/**
 * The signing keys of electronic results (电子证照 / 电子批文): generated on first use and stored in
 * the database, the private key encrypted with the field cipher, so every instance signs with the
 * same key. Retired keys stay: documents signed with them still verify.
 */
export const documentSigningKeys = signingKeysTable('document_signing_keys');

/** One public fact a document certifies, as printed on it (never personal data in clear). */
export interface DocumentFact {
  label: string;
  value: string;
}

/**
 * Issued electronic results: a certificate or approval letter as a signed PDF. `code` is printed on
 * the PDF and in its QR code; the signature covers the canonical statement (code, kind, title, facts,
 * masked holder, issuer, dates and the PDF's SHA-256), so the stored PDF and the statement verify together.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Public document code, e.g. FXD-7K2M-Q9PZ-4T8W (printed and in the QR code). */
    code: text('code').notNull(),
    kind: text('kind').notNull(), // certificate | approval_letter | refusal_letter
    title: text('title').notNull(),
    /** What the document certifies, as printed (public facts only). */
    facts: jsonb('facts').$type<DocumentFact[]>().notNull().default([]),
    issuerDepartment: text('issuer_department').notNull(),
    regionCode: text('region_code').notNull(),
    holderCitizenId: uuid('holder_citizen_id'),
    holderNameCipher: text('holder_name_cipher').notNull(),
    /** The masked holder name as printed on the PDF (张*), so verification shows no more than the document. */
    holderMasked: text('holder_masked').notNull(),
    /** What the document results from, e.g. govservice.application / ticket, and its id. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    issuedBy: uuid('issued_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    /** The PDF as issued (base64). */
    pdfBase64: text('pdf_base64').notNull(),
    sha256: text('sha256').notNull(),
    algorithm: text('algorithm').notNull(),
    kid: text('kid').notNull(),
    /** base64url signature over the canonical statement (documents.signing.ts). */
    signature: text('signature').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('documents_code_idx').on(t.code),
    index('documents_sha256_idx').on(t.sha256),
    index('documents_holder_idx').on(t.holderCitizenId, t.issuedAt),
    index('documents_region_idx').on(t.regionCode, t.issuedAt),
  ],
);
