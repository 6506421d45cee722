import type { TriggerConfig } from '../config.js';
import type { CaseFacts, TriggerHit } from '../facts.js';

/**
 * A mandatory selection rule over one person's cases (sorted by start date, history included): the hits it
 * yields name cases of the timeline; the caller keeps those of the period.
 */
export interface PersonTrigger {
  f006: number;
  name: string;
  fire(timeline: readonly CaseFacts[], cfg: TriggerConfig): TriggerHit[];
}

/** A rule that looks at one case alone. */
export function caseTrigger(f006: number, name: string, test: (c: CaseFacts, cfg: TriggerConfig) => string | undefined): PersonTrigger {
  return {
    f006,
    name,
    fire(timeline, cfg) {
      const hits: TriggerHit[] = [];
      for (const c of timeline) {
        const reason = test(c, cfg);
        if (reason !== undefined) hits.push({ caseId: c.id, f006, reason });
      }
      return hits;
    },
  };
}
