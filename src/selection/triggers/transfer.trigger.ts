import type { TriggerHit } from '../facts.js';
import type { PersonTrigger } from './trigger.js';

/**
 * F006 83: a transfer between MOs: an admission with P_PER 3, or one in another MO at most `transferDays` after a
 * case ending with a transfer result (RSLT 102/202).
 */
export const transferTrigger: PersonTrigger = {
  f006: 83,
  name: 'transfer',
  fire(timeline, cfg) {
    const hits: TriggerHit[] = [];
    for (const b of timeline) {
      if (b.uslOk !== 1 && b.uslOk !== 2) continue;
      if (b.pPer3) {
        hits.push({ caseId: b.id, f006: 83, reason: 'Перевод из другой МО (P_PER 3)' });
        continue;
      }
      const from = timeline.find(
        (a) =>
          a !== b &&
          a.rslt !== null &&
          cfg.transferRslt.includes(a.rslt) &&
          a.codeMo !== b.codeMo &&
          b.date1 - a.date2 >= 0 &&
          b.date1 - a.date2 <= cfg.transferDays,
      );
      if (from) hits.push({ caseId: b.id, f006: 83, reason: `Перевод из МО ${from.codeMo} (RSLT ${from.rslt})` });
    }
    return hits;
  },
};
