import { addDays } from '@fangxian/contracts/kernel';
import { batchFactSource, byCitizen, formatDay, type FactContribution } from '../health-code/index.ts';
import { quarantinesByDocumentIndexes, regionsByDocumentIndex, releasesByDocumentIndexes } from './screening.repository.ts';

/**
 * The screening status as a health-code fact: home or central quarantine recorded in a follow-up
 * counts as a quarantine period (the health code's rules colour it, with their reason), ended early
 * by a release recorded later. Keyed by the ID number's blind index, like the epidemic registries;
 * loaded for a batch of people with one query for the periods and one for the releases.
 */
export const ScreeningFacts = batchFactSource('screening', async ({ db, persons, isExcluded }) => {
  const result = new Map<string, FactContribution>();
  const byIndex = byCitizen(persons.filter((p) => p.documentIndex), (p) => p.documentIndex!);
  if (byIndex.size === 0) return result;
  const indexes = [...byIndex.keys()];
  const allPeriods = byCitizen(await quarantinesByDocumentIndexes(db, indexes), (r) => r.documentIndex);
  if (allPeriods.size === 0) return result;
  const allReleases = byCitizen(await releasesByDocumentIndexes(db, [...allPeriods.keys()]), (r) => r.documentIndex);
  for (const [index, people] of byIndex) {
    for (const person of people) {
      const periods = (allPeriods.get(index) ?? []).filter((q) => !isExcluded(person.citizenId, 'screening_follow_up', q.id));
      if (periods.length === 0) continue;
      const releases = allReleases.get(index) ?? [];
      // The latest follow-up's period stands (a later save corrects an earlier one).
      const latest = periods[periods.length - 1];
      const release = releases.find((r) => r.recordedAt >= latest.recordedAt && r.releasedOn >= latest.from);
      const to = release && release.releasedOn <= latest.to ? addDays(release.releasedOn, -1) : latest.to;
      if (to < latest.from) continue;
      const kind = latest.kind === 'central' ? 'central' : 'home';
      result.set(person.citizenId, {
        quarantines: [{ kind, from: latest.from, to }],
        disputable: [
          {
            type: 'screening_follow_up',
            id: latest.id,
            day: latest.from,
            summary: {
              zh: `排查核查：${kind === 'central' ? '集中' : '居家'}隔离 ${formatDay(latest.from, 'zh')}–${formatDay(to, 'zh')}`,
              en: `Screening follow-up: ${kind === 'central' ? 'central' : 'home'} quarantine ${formatDay(latest.from, 'en')}–${formatDay(to, 'en')}`,
            },
          },
        ],
      });
    }
  }
  return result;
}, { regionsOf: async ({ db, person }) => (person.documentIndex ? regionsByDocumentIndex(db, person.documentIndex) : []) });
