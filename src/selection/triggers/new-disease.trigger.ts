import { icdChapter } from '../facts.js';
import { caseTrigger } from './trigger.js';

/** F006 82: during a 24h stay, a disease (DS2/DS3) of another ICD-10 chapter than DS1's. */
export const newDiseaseTrigger = caseTrigger(82, 'new-disease', (c, cfg) => {
  if (c.uslOk !== 1) return undefined;
  const ch = icdChapter(c.ds1);
  if (!ch) return undefined;
  const codes = [...(cfg.newDiseaseFields.includes('DS2') ? c.ds2 : []), ...(cfg.newDiseaseFields.includes('DS3') ? c.ds3 : [])];
  const other = codes.find((d) => icdChapter(d) !== 0 && icdChapter(d) !== ch);
  return other ? `Заболевание другого класса МКБ-10 (${other}) в период стационарного лечения` : undefined;
});
