import { caseTrigger } from './trigger.js';

/** F006 54: an oncology case (C-file) with antitumour drug therapy: ONK_USL/USL_TIP 2 or 4, or a drug-therapy KSG. */
export const oncoDrugTrigger = caseTrigger(54, 'onco-drug', (c, cfg) => {
  if (c.fileKind !== 'C') return undefined;
  const tip = c.uslTip.find((t) => cfg.oncoDrugUslTip.includes(t));
  if (tip !== undefined) return `Онкология: лекарственная противоопухолевая терапия (USL_TIP ${tip})`;
  if (c.ksg && cfg.oncoDrugKsg.some((p) => c.ksg!.startsWith(p)))
    return `Онкология: лекарственная противоопухолевая терапия (КСГ ${c.ksg})`;
  return undefined;
});
