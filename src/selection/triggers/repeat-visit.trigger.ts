import { icd3, type CaseFacts, type TriggerHit } from '../facts.js';
import type { PersonTrigger } from './trigger.js';

const excluded = (ds: string) => ds.startsWith('O') || ds.startsWith('Z');
const isObrashchenie = (c: CaseFacts) => c.uslOk === 3 && c.pCel === '3.0' && c.ds1 !== null && !excluded(icd3(c.ds1));

/**
 * F006 52: a repeat outpatient "обращение" (USL_OK 3, P_CEL 3.0) for the same disease (DS1, 3 characters) and
 * profile within `repeatVisitDays` days of the previous one's end; pregnancy (O) and Z codes excluded.
 */
export const repeatVisitTrigger: PersonTrigger = {
  f006: 52,
  name: 'repeat-visit',
  fire(timeline, cfg) {
    const hits: TriggerHit[] = [];
    for (let j = 0; j < timeline.length; j++) {
      const b = timeline[j];
      if (!isObrashchenie(b)) continue;
      for (let i = 0; i < timeline.length; i++) {
        const a = timeline[i];
        if (i === j || !isObrashchenie(a) || a.date1 > b.date1 || (a.date1 === b.date1 && i > j)) continue;
        const gap = b.date1 - a.date2;
        if (gap >= 0 && gap <= cfg.repeatVisitDays && icd3(a.ds1) === icd3(b.ds1) && a.profil === b.profil) {
          hits.push({ caseId: b.id, f006: 52, reason: `Повторное обращение по тому же заболеванию (${icd3(b.ds1)}) через ${gap} дн.` });
          break;
        }
      }
    }
    return hits;
  },
};
