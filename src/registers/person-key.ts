import type { Pacient } from './model.js';

/**
 * The identity of an insured person across registers: the ENP (single policy number), else the
 * policy number of a single-format policy (VPOLIS=3 carries the ENP in NPOLIS), else series+number
 * of an older policy, else the MO's own patient id (scoped to the MO, so never matched across MOs).
 * Newborns billed on a parent's policy (NOVOR ≠ 0) are told apart by NOVOR.
 */
export function personKey(p: Pacient, codeMo: string | undefined): string {
  const novor = p.NOVOR && p.NOVOR !== '0' ? `#${p.NOVOR}` : '';
  if (p.ENP) return `E${p.ENP}${novor}`;
  if (p.VPOLIS === '3' && p.NPOLIS) return `E${p.NPOLIS}${novor}`;
  if (p.NPOLIS) return `P${p.SPOLIS ?? ''}:${p.NPOLIS}${novor}`;
  return `M${codeMo ?? ''}:${p.ID_PAC ?? ''}`;
}
