/**
 * Region picker (GB/T 2260) for staff forms: starts at the officer's own region (they may not act
 * outside it) and loads each level from GET /api/divisions on demand.
 */
import { useEffect, useRef, useState } from 'react';
import { Cascader } from 'antd';
import { useTranslation } from 'react-i18next';
import { getDivision, listDivisions } from '../shared/api/divisions.ts';
import type { Division } from '../shared/api/types.ts';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

const toOption = (d: Division): Option => ({ value: d.code, label: d.name, isLeaf: d.level === 'county' });

function replaceChildren(options: Option[], code: string, children: Option[]): Option[] {
  return options.map((o) => {
    if (o.value === code) return { ...o, children, isLeaf: children.length === 0 };
    if (o.children) return { ...o, children: replaceChildren(o.children, code, children) };
    return o;
  });
}

interface Props {
  /** The region the picker is limited to ('' = whole country). */
  scope: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
}

/** An antd Cascader whose value is a single division code. */
export function DivisionCascader({ scope, value, onChange, id }: Props) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);
  // What the tree was last built for, so picks made inside the cascader do not rebuild it.
  const built = useRef<{ scope: string; value: string | undefined } | null>(null);

  // Roots: the scope itself (or the provinces); the ancestors of a given value are opened.
  useEffect(() => {
    const last = built.current;
    if (last && last.scope === scope && (value === last.value || (value !== undefined && value === path[path.length - 1]))) return;
    built.current = { scope, value };
    let live = true;
    let done = false;
    (async () => {
      let roots: Option[] = scope ? [toOption(await getDivision(scope))] : (await listDivisions()).map(toOption);
      let chain: string[] = [];
      if (value) {
        const codes = (await getDivision(value)).path.map((d) => d.code);
        const start = scope ? codes.indexOf(scope) : 0;
        chain = start >= 0 ? codes.slice(start) : [];
        for (const code of chain.slice(0, -1)) roots = replaceChildren(roots, code, (await listDivisions(code)).map(toOption));
      }
      done = true;
      if (live) {
        setOptions(roots);
        setPath(chain);
      }
    })().catch(() => {
      done = true;
    });
    return () => {
      live = false;
      // An interrupted build must run again next time.
      if (!done) built.current = null;
    };
  }, [scope, value, path]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1];
    const children = (await listDivisions(target.value)).map(toOption);
    setOptions((current) => replaceChildren(current, target.value, children));
  };

  return (
    <Cascader
      id={id}
      options={options}
      loadData={loadData as never}
      changeOnSelect
      value={path.length > 0 ? path : undefined}
      placeholder={t('common:division.placeholder')}
      onChange={(codes) => {
        const list = (codes ?? []) as string[];
        setPath(list);
        onChange?.(list.length ? list[list.length - 1] : undefined);
      }}
      showSearch={false}
    />
  );
}
