import { childDivisions } from '../../platform/divisions/index.ts';
import { DivisionDirectory, type DivisionEntry } from './screening.normalise.ts';

let directory: DivisionDirectory | null = null;

/** The division directory of the screening normalisers, built once from the GB/T 2260 reference data (immutable). */
export function screeningDivisions(): DivisionDirectory {
  if (!directory) {
    const all: DivisionEntry[] = [];
    const walk = (parent: string) => {
      for (const d of childDivisions(parent)) {
        all.push({ code: d.code, name: d.name, level: d.level });
        if (d.level !== 'county') walk(d.code);
      }
    };
    walk('');
    directory = new DivisionDirectory(all);
  }
  return directory;
}
