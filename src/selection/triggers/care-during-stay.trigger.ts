import type { TriggerHit } from '../facts.js';
import type { PersonTrigger } from './trigger.js';

/** F006 77: other care billed while the person was in a 24h hospital: its dates strictly inside the stay. */
export const careDuringStayTrigger: PersonTrigger = {
  f006: 77,
  name: 'care-during-stay',
  fire(timeline) {
    const hits: TriggerHit[] = [];
    for (const b of timeline) {
      const stay = timeline.find((a) => a !== b && a.uslOk === 1 && b.date1 > a.date1 && b.date2 < a.date2);
      if (stay) hits.push({ caseId: b.id, f006: 77, reason: `Оказание помощи в период стационарного лечения (МО ${stay.codeMo})` });
    }
    return hits;
  },
};
