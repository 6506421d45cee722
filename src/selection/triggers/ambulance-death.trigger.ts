import { caseTrigger } from './trigger.js';

/** F006 56: death before the ambulance arrived (USL_OK 4, RSLT 411). */
export const ambulanceDeathTrigger = caseTrigger(56, 'ambulance-death', (c, cfg) =>
  c.uslOk === 4 && c.rslt !== null && cfg.ambulanceDeathRslt.includes(c.rslt)
    ? `Смерть до прибытия бригады СМП (RSLT ${c.rslt})`
    : undefined,
);
