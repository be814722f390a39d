/** Renders an item's application form (a FormSchema) with its conditional fields, and the validator's problems by field. */
import { Input, Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { visibleFields, type FieldError, type FormSchema } from '@fangxian/contracts/govservice';

export type Values = Record<string, string | number | string[]>;

export function FormFields({ schema, values, onChange, errors }: { schema: FormSchema; values: Values; onChange: (v: Values) => void; errors: FieldError[] }) {
  const { t, i18n } = useTranslation('govservice');
  const en = i18n.language === 'en';
  const visible = visibleFields(schema, values);
  const set = (key: string, v: string | number | string[] | undefined) => {
    const next = { ...values };
    if (v === undefined || v === '') delete next[key];
    else next[key] = v;
    // Values of fields that became hidden are dropped (the server refuses them).
    const shown = visibleFields(schema, next);
    for (const k of Object.keys(next)) if (!shown.has(k)) delete next[k];
    onChange(next);
  };
  return (
    <div className="fx-gs-form">
      {schema.fields.filter((f) => visible.has(f.key)).map((f) => {
        const problem = errors.find((e) => e.field === f.key)?.problem;
        const label = en ? f.label.en || f.label.zh : f.label.zh;
        const v = values[f.key];
        return (
          <div key={f.key} style={{ padding: '8px 12px' }}>
            <div style={{ fontSize: 14, marginBottom: 4 }}>{label}{f.required ? ' *' : ''}</div>
            {f.type === 'choice' ? (
              <Selector
                columns={2}
                multiple={f.multiple}
                value={Array.isArray(v) ? v : v === undefined ? [] : [String(v)]}
                onChange={(sel) => set(f.key, f.multiple ? sel : sel[0])}
                options={(f.options ?? []).map((o) => ({ value: o.value, label: en ? o.label.en || o.label.zh : o.label.zh }))}
                data-testid={`gs-field-${f.key}`}
              />
            ) : (
              <Input
                type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : f.type === 'phone' ? 'tel' : 'text'}
                value={v === undefined ? '' : String(v)}
                onChange={(text) => set(f.key, f.type === 'number' && text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text)}
                clearable
                data-testid={`gs-field-${f.key}`}
                style={{ border: '1px solid #eee', padding: '4px 8px', borderRadius: 4 }}
              />
            )}
            {problem && <div style={{ color: '#ff3141', fontSize: 12 }} data-testid={`gs-error-${f.key}`}>{t(`apply.problem.${problem}`)}</div>}
          </div>
        );
      })}
    </div>
  );
}
