/** Household division picker (province → city → county), loading each level from GET /api/divisions. */
import { useEffect, useState } from 'react';
import { Cascader, Toast, type CascaderOption } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { divisionFullName, getDivision, listDivisions } from '../../shared/api/divisions.ts';
import type { Division } from '../../shared/api/types.ts';
import { messageOf } from '../../shared/api/errors.ts';

interface Props {
  value?: string;
  onChange?: (code: string) => void;
  placeholder: string;
  /** Title of the cascader sheet; the household division by default. */
  title?: string;
}

/** Puts `children` under the option with `code`, returning a new tree. */
function withChildren(options: CascaderOption[], code: string, children: CascaderOption[] | undefined): CascaderOption[] {
  return options.map((o) => {
    if (o.value === code) return { ...o, children };
    if (o.children) return { ...o, children: withChildren(o.children, code, children) };
    return o;
  });
}

function findOption(options: CascaderOption[], code: string): CascaderOption | undefined {
  for (const o of options) {
    if (o.value === code) return o;
    const inner = o.children && findOption(o.children, code);
    if (inner) return inner;
  }
  return undefined;
}

// Provinces and cities get a skeleton level until their children arrive, so the cascader moves on to it.
function toOptions(divisions: Division[]): CascaderOption[] {
  return divisions.map((d) => (d.level === 'county' ? { label: d.name, value: d.code } : { label: d.name, value: d.code, children: Cascader.optionSkeleton }));
}

/** A form field showing the chosen division's full name; tapping it opens the cascader. */
export function DivisionPicker({ value, onChange, placeholder, title }: Props) {
  const { t } = useTranslation('citizen');
  const [visible, setVisible] = useState(false);
  const [options, setOptions] = useState<CascaderOption[]>([]);
  const [loading, setLoading] = useState(false);
  const [label, setLabel] = useState('');

  useEffect(() => {
    if (!value) return setLabel('');
    let live = true;
    getDivision(value)
      .then((detail) => live && setLabel(divisionFullName(detail)))
      .catch(() => live && setLabel(value));
    return () => {
      live = false;
    };
  }, [value]);

  const open = async () => {
    setVisible(true);
    if (options.length > 0) return;
    setLoading(true);
    try {
      setOptions(toOptions(await listDivisions()));
    } catch (err) {
      Toast.show({ icon: 'fail', content: messageOf(err, t('common:division.loadFailed')) });
    } finally {
      setLoading(false);
    }
  };

  const loadChildren = async (values: (string | number)[]) => {
    const code = String(values[values.length - 1] ?? '');
    // Counties are the finest level a household registration needs; only skeleton levels are loaded.
    if (!code || findOption(options, code)?.children !== Cascader.optionSkeleton) return;
    setLoading(true);
    try {
      const children = toOptions(await listDivisions(code));
      // A city without counties (e.g. 东莞市) is itself the last level.
      setOptions((current) => withChildren(current, code, children.length > 0 ? children : undefined));
    } catch (err) {
      Toast.show({ icon: 'fail', content: messageOf(err, t('common:division.loadFailed')) });
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <div
        className={`fx-picker-field ${label ? '' : 'fx-placeholder'}`}
        onClick={open}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            void open();
          }
        }}
        role="button"
        tabIndex={0}
        data-testid="division-picker"
      >
        {label || placeholder}
      </div>
      <Cascader
        options={options}
        visible={visible}
        loading={loading}
        title={title ?? t('realName.householdDivision')}
        placeholder={t('realName.cascaderPlaceholder')}
        onClose={() => setVisible(false)}
        onSelect={(values) => void loadChildren(values)}
        onConfirm={(values, extend) => {
          const code = String(values[values.length - 1] ?? '');
          const chosen = code ? findOption(options, code) : undefined;
          // Only a complete choice counts: a county, or a city that has no counties under it.
          if (!chosen || chosen.children) {
            Toast.show({ content: t('realName.householdRequired') });
            return;
          }
          setLabel(extend.items.map((i) => i?.label).filter(Boolean).join(' '));
          onChange?.(code);
        }}
      />
    </>
  );
}
