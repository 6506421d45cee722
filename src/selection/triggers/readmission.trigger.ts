import { icd3, type CaseFacts, type TriggerHit } from '../facts.js';
import type { PersonTrigger } from './trigger.js';

const isOncoDrug = (c: CaseFacts, prefixes: readonly string[]) => c.ksg !== null && prefixes.some((p) => c.ksg!.startsWith(p));

/**
 * F006 52: a repeat 24h hospitalisation (USL_OK 1) for the same disease (DS1, 3 characters) and profile whose
 * admission is at most `readmissionDays` after the previous discharge; oncology drug-therapy KSG excluded.
 */
export const readmissionTrigger: PersonTrigger = {
  f006: 52,
  name: 'readmission',
  fire(timeline, cfg) {
    const hits: TriggerHit[] = [];
    for (let j = 0; j < timeline.length; j++) {
      const b = timeline[j];
      if (b.uslOk !== 1 || !b.ds1 || isOncoDrug(b, cfg.oncoDrugKsg)) continue;
      for (let i = 0; i < timeline.length; i++) {
        const a = timeline[i];
        if (i === j || a.uslOk !== 1 || isOncoDrug(a, cfg.oncoDrugKsg) || a.date1 > b.date1) continue;
        const gap = b.date1 - a.date2;
        if (gap >= 0 && gap <= cfg.readmissionDays && icd3(a.ds1) === icd3(b.ds1) && a.profil === b.profil) {
          hits.push({
            caseId: b.id,
            f006: 52,
            reason: `Повторная госпитализация по тому же заболеванию (${icd3(b.ds1)}) через ${gap} дн. после выписки`,
          });
          break;
        }
      }
    }
    return hits;
  },
};
