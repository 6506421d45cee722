import { icd3, onIcdList, type TriggerHit } from '../facts.js';
import type { PersonTrigger } from './trigger.js';

/**
 * F006 55: a chronic disease of the dispensary-observation list found for the first time (C_ZAB 2 or DS1_PR 1)
 * with no P_CEL 1.3 visit for it (same DS1 category) within `dnWindowDays` after the case's end, among the cases
 * known when selecting (a visit billed later is not seen).
 */
export const dispensaryTrigger: PersonTrigger = {
  f006: 55,
  name: 'dispensary',
  fire(timeline, cfg) {
    const hits: TriggerHit[] = [];
    for (const a of timeline) {
      if (!(a.cZab || a.ds1Pr) || !onIcdList(a.ds1, cfg.dnList)) continue;
      const found = timeline.some(
        (b) => b !== a && b.pCel === '1.3' && icd3(b.ds1) === icd3(a.ds1) && b.date1 >= a.date2 && b.date1 - a.date2 <= cfg.dnWindowDays,
      );
      if (!found)
        hits.push({
          caseId: a.id,
          f006: 55,
          reason: `Впервые выявленное хроническое заболевание (${icd3(a.ds1)}) без постановки на диспансерное наблюдение`,
        });
    }
    return hits;
  },
};
