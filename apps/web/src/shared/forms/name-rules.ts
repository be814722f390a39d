/**
 * Form rules for names, built on the shared rule of @fangxian/contracts/names (the server applies the
 * same one): a person's name, or a label field (venue name, department, staff name). They work with
 * antd and antd-mobile forms alike (both are rc-field-form) and carry the message of the exact problem.
 */
import { checkLabelField, checkPersonName, nameProblemMessage, TEXT_FIELDS, type FieldLabel, type NameLanguage, type TextField } from '@fangxian/contracts/names';

interface Rule {
  validator: (rule: unknown, value: unknown) => Promise<void>;
}

function languageOf(language: string): NameLanguage {
  return language === 'en' ? 'en' : 'zh-CN';
}

/** A person's name (real name, contact person); an empty value is left to the `required` rule. */
export function personNameRule(language: string, options: { field?: FieldLabel; maxLength?: number } = {}): Rule {
  return {
    validator: async (_rule, value) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const checked = checkPersonName(value, options.maxLength);
      if (!checked.ok) throw new Error(nameProblemMessage(checked.problem, { kind: 'person', field: options.field, maxLength: options.maxLength, language: languageOf(language) }));
    },
  };
}

/** A label field of TEXT_FIELDS with its limit (over-long says so, it never says "required"); empty is left to `required`. */
export function labelRule(field: TextField, language: string): Rule {
  const spec = TEXT_FIELDS[field];
  return {
    validator: async (_rule, value) => {
      if (typeof value !== 'string' || value.trim() === '') return;
      const checked = checkLabelField(field, value);
      if (!checked.ok) throw new Error(nameProblemMessage(checked.problem, { kind: 'label', field: spec, maxLength: spec.max, language: languageOf(language) }));
    },
  };
}
