/** Shows an officer's region code as names, e.g. 四川省 德阳市 旌阳区. */
import { useEffect, useState } from 'react';
import { divisionFullName, getDivision } from '../shared/api/divisions.ts';

/** The region as names (the code until they arrive); `allLabel` when the scope is the whole deployment. */
export function RegionName({ code, allLabel }: { code: string | null; allLabel: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    if (!code) return;
    let live = true;
    getDivision(code)
      .then((d) => live && setName(divisionFullName(d)))
      .catch(() => live && setName(code));
    return () => {
      live = false;
    };
  }, [code]);
  if (!code) return <>{allLabel}</>;
  return <>{name ?? code}</>;
}
