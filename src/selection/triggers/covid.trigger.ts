import { onIcdList } from '../facts.js';
import { caseTrigger } from './trigger.js';

/** F006 81: COVID-19 (U07.1/U07.2) as DS1 with a cardiovascular, diabetic or oncological comorbidity in DS2. */
export const covidTrigger = caseTrigger(81, 'covid', (c, cfg) => {
  if (!onIcdList(c.ds1, cfg.covidCodes)) return undefined;
  const co = c.ds2.find((d) => onIcdList(d, cfg.covidComorbid));
  return co ? `COVID-19 (${c.ds1}) с сопутствующим заболеванием ${co}` : undefined;
});
