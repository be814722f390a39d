/**
 * Household division picker (province → city → county). Each level is read from GET /api/divisions
 * as the citizen opens it; the tree is made from those cached division queries.
 */
import { useEffect, useState } from 'react';
import { Cascader, Toast, type CascaderOption } from 'antd-mobile';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { divisionChildrenQuery, divisionFullName, divisionName, divisionQuery } from '../../shared/api/divisions.ts';
import type { Division } from '../../shared/api/types.ts';
import { messageOf } from '../../shared/api/errors.ts';

interface Props {
  value?: string;
  onChange?: (code: string) => void;
  placeholder: string;
  /** Title of the cascader sheet; the household division by default. */
  title?: string;
}

function findOption(options: CascaderOption[], code: string): CascaderOption | undefined {
  for (const o of options) {
    if (o.value === code) return o;
    const inner = o.children && findOption(o.children, code);
    if (inner) return inner;
  }
  return undefined;
}

/** A form field showing the chosen division's full name; tapping it opens the cascader. */
export function DivisionPicker({ value, onChange, placeholder, title }: Props) {
  const { t, i18n } = useTranslation('citizen');
  const [visible, setVisible] = useState(false);
  // The levels opened in the cascader, and the names of the last choice made in it.
  const [opened, setOpened] = useState<string[]>([]);
  const [chosen, setChosen] = useState<{ code: string; label: string } | null>(null);

  const provinces = useQuery({ ...divisionChildrenQuery(null), enabled: visible });
  const levels = useQueries({ queries: opened.map((code) => divisionChildrenQuery(code)) });
  const childrenOf = new Map(opened.map((code, i) => [code, levels[i]?.data]));
  // Provinces and cities get a skeleton level until their children arrive, so the cascader moves on
  // to it; a city without counties (e.g. 东莞市) is itself the last level.
  const toOptions = (divisions: Division[]): CascaderOption[] =>
    divisions.map((d) => {
      if (d.level === 'county') return { label: divisionName(d, i18n.language), value: d.code };
      const children = childrenOf.get(d.code);
      if (!children) return { label: divisionName(d, i18n.language), value: d.code, children: Cascader.optionSkeleton };
      return { label: divisionName(d, i18n.language), value: d.code, children: children.length > 0 ? toOptions(children) : undefined };
    });
  const options = provinces.data ? toOptions(provinces.data) : [];
  const loading = provinces.isFetching || levels.some((level) => level.isFetching);

  const failed = provinces.error ?? levels.find((level) => level.error)?.error;
  useEffect(() => {
    if (failed) Toast.show({ icon: 'fail', content: messageOf(failed, t('common:division.loadFailed')) });
  }, [failed, t]);

  // The stored code as names (the code itself if they cannot be read).
  const named = useQuery({ ...divisionQuery(value ?? ''), enabled: Boolean(value), select: (detail) => divisionFullName(detail, i18n.language) });
  const label = !value ? '' : (named.data ?? (chosen?.code === value ? chosen.label : named.isError ? value : ''));

  return (
    <>
      <div
        className={`fx-picker-field ${label ? '' : 'fx-placeholder'}`}
        onClick={() => setVisible(true)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            setVisible(true);
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
        onSelect={(values) => {
          const code = String(values[values.length - 1] ?? '');
          // Counties are the finest level a household registration needs; only skeleton levels are read.
          if (code && findOption(options, code)?.children === Cascader.optionSkeleton) setOpened((all) => (all.includes(code) ? all : [...all, code]));
        }}
        onConfirm={(values, extend) => {
          const code = String(values[values.length - 1] ?? '');
          const picked = code ? findOption(options, code) : undefined;
          // Only a complete choice counts: a county, or a city that has no counties under it.
          if (!picked || picked.children) {
            Toast.show({ content: t('realName.householdRequired') });
            return;
          }
          const labels = extend.items.map((i) => i?.label).filter(Boolean) as string[];
          // Chinese from the province down; English from the division up (as divisionFullName).
          setChosen({ code, label: i18n.language.startsWith('zh') ? labels.join(' ') : labels.reverse().join(', ') });
          onChange?.(code);
        }}
      />
    </>
  );
}
