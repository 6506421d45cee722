import { caseTrigger } from './trigger.js';

/** F006 72: every lethal outcome (RSLT 105, 106, 205, 206, 313, 405, 406). */
export const lethalTrigger = caseTrigger(72, 'lethal', (c, cfg) =>
  c.rslt !== null && cfg.lethalRslt.includes(c.rslt) ? `Летальный исход (RSLT ${c.rslt})` : undefined,
);
