import { AppError, CommonErrors } from '../../platform/http/errors.ts';

/**
 * Refuses (400) any string — value or key, however deep — with a NUL character or a lone surrogate, and
 * any number that is not finite (JSON's 1e309):
 * PostgreSQL refuses both in text and jsonb, and the catalogue, forms and notes are free text stored there.
 */
export function assertStorableText(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000') || !value.isWellFormed()) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: path || 'value', problem: 'control_character' });
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new AppError(CommonErrors.VALIDATION_FAILED, { field: path || 'value', problem: 'not_finite' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertStorableText(v, `${path}[${i}]`));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      assertStorableText(k, path);
      assertStorableText(v, path ? `${path}.${k}` : k);
    }
  }
}
