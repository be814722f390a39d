/** Shows an officer's region code as names, e.g. 四川省 德阳市 旌阳区. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { divisionFullName, divisionQuery } from '../shared/api/divisions.ts';

/** The region as names (the code until they arrive, or if they cannot be read); `allLabel` when the scope is the whole deployment. */
export function RegionName({ code, allLabel }: { code: string | null; allLabel: string }) {
  const { i18n } = useTranslation();
  const { data: name } = useQuery({ ...divisionQuery(code ?? ''), enabled: Boolean(code), select: (detail) => divisionFullName(detail, i18n.language) });
  if (!code) return <>{allLabel}</>;
  return <>{name ?? code}</>;
}
