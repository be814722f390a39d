import { addDays } from '@fangxian/contracts/kernel';
import { factSource, formatDay } from '../health-code/index.ts';
import { quarantinesByDocumentIndex, regionsByDocumentIndex, releasesByDocumentIndex } from './screening.repository.ts';

/**
 * The screening status as a health-code fact: home or central quarantine recorded in a follow-up
 * counts as a quarantine period (the health code's rules colour it, with their reason), ended early
 * by a release recorded later. Keyed by the ID number's blind index, like the epidemic registries.
 */
export const ScreeningFacts = factSource('screening', async ({ db, person, isExcluded }) => {
  if (!person.documentIndex) return {};
  const periods = (await quarantinesByDocumentIndex(db, person.documentIndex)).filter((q) => !isExcluded('screening_follow_up', q.id));
  if (periods.length === 0) return {};
  const releases = await releasesByDocumentIndex(db, person.documentIndex);
  // The latest follow-up's period stands (a later save corrects an earlier one).
  const latest = periods[periods.length - 1];
  const release = releases.find((r) => r.recordedAt >= latest.recordedAt && r.releasedOn >= latest.from);
  const to = release && release.releasedOn <= latest.to ? addDays(release.releasedOn, -1) : latest.to;
  if (to < latest.from) return {};
  const kind = latest.kind === 'central' ? 'central' : 'home';
  return {
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
  };
}, { regionsOf: async ({ db, person }) => (person.documentIndex ? regionsByDocumentIndex(db, person.documentIndex) : []) });
