import type { TriggerHit } from '../facts.js';
import type { PersonTrigger } from './trigger.js';

/**
 * F006 80: a lethal outcome after care in another MO or in another condition (USL_OK) within `deathWindowDays`
 * before the dying case's start.
 */
export const deathAfterCareTrigger: PersonTrigger = {
  f006: 80,
  name: 'death-after-care',
  fire(timeline, cfg) {
    const hits: TriggerHit[] = [];
    for (const d of timeline) {
      if (d.rslt === null || !cfg.lethalRslt.includes(d.rslt)) continue;
      const before = timeline.filter((c) => c !== d && c.date1 <= d.date1 && c.date2 >= d.date1 - cfg.deathWindowDays);
      const mos = new Set([d.codeMo, ...before.map((c) => c.codeMo)]);
      const levels = new Set([d.uslOk, ...before.map((c) => c.uslOk)]);
      if (mos.size > 1 || levels.size > 1)
        hits.push({
          caseId: d.id,
          f006: 80,
          reason: `Летальный исход после помощи в ${mos.size} МО, ${levels.size} условиях оказания за ${cfg.deathWindowDays} дн.`,
        });
    }
    return hits;
  },
};
