/**
 * Region picker (GB/T 2260) for staff forms: starts at the officer's own region (they may not act
 * outside it) and reads each level from GET /api/divisions as it is opened. The tree is made from
 * the cached division queries: the roots, the levels above the current value, and those opened here.
 */
import { useState } from 'react';
import { Cascader } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { divisionChildrenQuery, divisionName, divisionQuery } from '../shared/api/divisions.ts';
import type { Division, DivisionDetail } from '../shared/api/types.ts';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

interface Props {
  /** The region the picker is limited to ('' = whole country). */
  scope: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
  /** The accessible name when the picker stands outside a labelled form item. */
  ariaLabel?: string;
}

/** The codes from the scope down to the division itself (empty when it lies outside the scope). */
function pathWithin(detail: DivisionDetail, scope: string): string[] {
  const codes = detail.path.map((d) => d.code);
  if (codes[codes.length - 1] !== detail.code) codes.push(detail.code);
  const start = scope ? codes.indexOf(scope) : 0;
  return start >= 0 ? codes.slice(start) : [];
}

/** An antd Cascader whose value is a single division code. */
export function DivisionCascader({ scope, value, onChange, id, ariaLabel }: Props) {
  const { t, i18n } = useTranslation();
  // The path last picked here (the form then holds its last code), and the levels opened here.
  const [picked, setPicked] = useState<string[]>([]);
  const [opened, setOpened] = useState<string[]>([]);

  const scopeDivision = useQuery({ ...divisionQuery(scope), enabled: Boolean(scope) });
  const provinces = useQuery({ ...divisionChildrenQuery(null), enabled: !scope });
  const roots: Division[] = (scope ? (scopeDivision.data ? [scopeDivision.data] : undefined) : provinces.data) ?? [];

  const current = useQuery({ ...divisionQuery(value ?? ''), enabled: Boolean(value) && picked[picked.length - 1] !== value });
  const path = !value ? [] : picked[picked.length - 1] === value ? picked : current.data ? pathWithin(current.data, scope) : [];

  const expanded = [...new Set([...path.slice(0, -1), ...opened])];
  const levels = useQueries({ queries: expanded.map((code) => divisionChildrenQuery(code)) });
  const childrenOf = new Map(expanded.map((code, i) => [code, levels[i]?.data]));
  const toOption = (d: Division): Option => {
    const children = childrenOf.get(d.code);
    return {
      value: d.code,
      label: divisionName(d, i18n.language),
      // A level read and found empty (a city without counties) is the last one.
      isLeaf: d.level === 'county' || children?.length === 0,
      children: children?.length ? children.map(toOption) : undefined,
    };
  };

  return (
    <Cascader
      id={id}
      aria-label={ariaLabel}
      options={roots.map(toOption)}
      loadData={(selected) => {
        const code = (selected[selected.length - 1] as Option).value;
        setOpened((all) => (all.includes(code) ? all : [...all, code]));
      }}
      changeOnSelect
      value={path.length > 0 ? path : undefined}
      placeholder={t('common:division.placeholder')}
      onChange={(codes) => {
        const list = (codes ?? []) as string[];
        setPicked(list);
        onChange?.(list.length ? list[list.length - 1] : undefined);
      }}
      showSearch={false}
    />
  );
}
