import type { TriggerConfig } from '../config.js';
import type { CaseFacts, TriggerHit } from '../facts.js';
import type { PersonTrigger } from './trigger.js';
import { repeatVisitTrigger } from './repeat-visit.trigger.js';
import { readmissionTrigger } from './readmission.trigger.js';
import { oncoDrugTrigger } from './onco-drug.trigger.js';
import { dispensaryTrigger } from './dispensary.trigger.js';
import { ambulanceDeathTrigger } from './ambulance-death.trigger.js';
import { lethalTrigger } from './lethal.trigger.js';
import { careDuringStayTrigger } from './care-during-stay.trigger.js';
import { deathAfterCareTrigger } from './death-after-care.trigger.js';
import { covidTrigger } from './covid.trigger.js';
import { newDiseaseTrigger } from './new-disease.trigger.js';
import { transferTrigger } from './transfer.trigger.js';
import { mekGrowthHits, moWithMekGrowth, type MoMekStat } from './mek-growth.trigger.js';

export { moWithMekGrowth, mekGrowthHits, type MoMekStat };

/** Every rule over a person's timeline (F006 76 is per MO: {@link mekGrowthHits}). */
export const PERSON_TRIGGERS: readonly PersonTrigger[] = [
  repeatVisitTrigger,
  readmissionTrigger,
  oncoDrugTrigger,
  dispensaryTrigger,
  ambulanceDeathTrigger,
  lethalTrigger,
  careDuringStayTrigger,
  deathAfterCareTrigger,
  covidTrigger,
  newDiseaseTrigger,
  transferTrigger,
];

/** The control an F006 code belongs to: 50–59 MEE, 70–86 EKMP. */
export const controlOf = (f006: number): 'MEE' | 'EKMP' => (f006 >= 70 ? 'EKMP' : 'MEE');

/** Runs every person rule on each person's cases (history included) and keeps the hits on cases of the period. */
export function runPersonTriggers(cases: readonly CaseFacts[], cfg: TriggerConfig): TriggerHit[] {
  const byPerson = new Map<string, CaseFacts[]>();
  for (const c of cases) {
    const t = byPerson.get(c.person);
    if (t) t.push(c);
    else byPerson.set(c.person, [c]);
  }
  const inPeriod = new Set<string>();
  for (const c of cases) if (c.inPeriod) inPeriod.add(c.id);
  const hits: TriggerHit[] = [];
  for (const timeline of byPerson.values()) {
    if (!timeline.some((c) => c.inPeriod)) continue;
    timeline.sort((a, b) => a.date1 - b.date1 || a.date2 - b.date2);
    for (const t of PERSON_TRIGGERS) for (const h of t.fire(timeline, cfg)) if (inPeriod.has(h.caseId)) hits.push(h);
  }
  return hits;
}
