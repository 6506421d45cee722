/**
 * Oncology (ZNO) features from the SL sections: DS_ONK, ONK_SL (DS1_T, STAD, TNM), B_DIAG (histology, markers), CONS
 * (tumour board and its timing), NAPR (the suspicion referral → first treatment), ONK_USL (USL_TIP, drug schemes and
 * the gaps between injections, within the case and since the person's previous cycle), B_PROT (refusals).
 * Features of sections a case does not have are missing (NaN), not 0.
 */
import type { CaseInput, OnkSummary, PastCase } from './case-input.js';
import { code, days, list } from './case-input.js';
import type { CatValues, NumValues } from './feature-spec.js';
import type { OnkSl, OnkUsl, Sl } from '../registers/model.js';

/** N001 codes of a refusal (4 surgery, 5 drug therapy, 6 radiotherapy); 1–3 are contraindications. */
const REFUSALS = new Set(['4', '5', '6']);

/** Every injection day of the drug therapy of some SL, sorted, distinct. */
export function injectionDays(sls: readonly Sl[]): number[] {
  const out = new Set<number>();
  for (const sl of sls)
    for (const u of onkUsl(sl))
      for (const lek of list(u.LEK_PR)) {
        for (const d of list(lek.DATE_INJ)) {
          const x = days(d);
          if (x !== null) out.add(x);
        }
        for (const inj of list(lek.INJ)) {
          const x = days(inj.DATE_INJ);
          if (x !== null) out.add(x);
        }
      }
  return [...out].sort((a, b) => a - b);
}

const onkUsl = (sl: Sl): OnkUsl[] => list(sl.ONK_SL?.ONK_USL);

/** What later cases need to know of a case's oncology (PastCase.onk). */
export function onkSummary(sls: readonly Sl[]): OnkSummary {
  let suspicionNapr: number | null = null;
  let treated = false;
  for (const sl of sls) {
    if (sl.DS_ONK === '1')
      for (const n of list(sl.NAPR)) {
        const d = days(n.NAPR_DATE);
        if (d !== null && (suspicionNapr === null || d > suspicionNapr)) suspicionNapr = d;
      }
    if (onkUsl(sl).length) treated = true;
  }
  const inj = injectionDays(sls);
  return { suspicionNapr, treated, lastInj: inj.length ? inj[inj.length - 1] : null };
}

/** `before`: the person's cases dated before `c` (casesBefore). */
export function oncologyFeatures(c: CaseInput, before: readonly PastCase[]): { num: NumValues; cat: CatValues } {
  const onks: OnkSl[] = [];
  let dsOnk = 0;
  let naprN = 0;
  const cons: { PR_CONS?: string; DT_CONS?: string }[] = [];
  for (const sl of c.sl) {
    if (sl.DS_ONK === '1') dsOnk = 1;
    if (sl.ONK_SL) onks.push(sl.ONK_SL);
    naprN += list(sl.NAPR).length;
    for (const x of list(sl.CONS)) cons.push(x);
  }
  const num: NumValues = { ds_onk_f: dsOnk, onk_sl_f: onks.length ? 1 : 0, napr_n: naprN };
  const cat: CatValues = {};
  if (cons.length || onks.length) {
    num.cons_f = cons.length ? 1 : 0;
    const dt = cons.map((x) => days(x.DT_CONS)).find((d) => d !== null);
    num.cons_to_admission_d = dt !== undefined && dt !== null ? c.dateZ1 - dt : NaN;
    cat.pr_cons = code(cons[0]?.PR_CONS);
  }
  if (!onks.length) return { num, cat };

  const first = onks[0];
  const t = [first.ONK_T, first.ONK_N, first.ONK_M].filter((v) => v !== undefined && v !== '').length;
  const bDiag = onks.flatMap((o) => list(o.B_DIAG));
  const bProt = onks.flatMap((o) => list(o.B_PROT));
  const usl = onks.flatMap((o) => list(o.ONK_USL));
  const lek = usl.flatMap((u) => list(u.LEK_PR));
  const inj = injectionDays(c.sl);
  let gapMax = NaN;
  for (let i = 1; i < inj.length; i++) gapMax = Math.max(Number.isNaN(gapMax) ? 0 : gapMax, inj[i] - inj[i - 1]);
  Object.assign(num, {
    stad_f: first.STAD ? 1 : 0,
    tnm_f: t === 3 ? 1 : 0,
    tnm_partial_f: t > 0 && t < 3 ? 1 : 0,
    b_diag_n: bDiag.length,
    b_diag_histology_f: bDiag.some((b) => b.DIAG_TIP === '1') ? 1 : 0,
    b_diag_markers_f: bDiag.some((b) => b.DIAG_TIP === '2') ? 1 : 0,
    b_diag_no_result_n: bDiag.filter((b) => !b.DIAG_RSLT).length,
    onk_usl_n: usl.length,
    lek_pr_n: lek.length,
    date_inj_n: inj.length,
    inj_gap_max_d: gapMax,
    cycle_gap_d: cycleGap(inj, before),
    napr_to_treatment_d: usl.length ? naprToTreatment(c, before) : NaN,
    b_prot_n: bProt.length,
    b_prot_refusal_f: bProt.some((b) => b.PROT !== undefined && REFUSALS.has(b.PROT)) ? 1 : 0,
  } satisfies NumValues);
  cat.ds1_t = code(first.DS1_T);
  cat.stad = code(first.STAD);
  cat.usl_tip = code(usl[0]?.USL_TIP);
  return { num, cat };
}

/** Days from the person's last injection before this case's first one; NaN without both. */
function cycleGap(inj: readonly number[], before: readonly PastCase[]): number {
  if (!inj.length) return NaN;
  let last: number | null = null;
  for (const p of before) {
    const l = p.onk?.lastInj ?? null;
    if (l !== null && l < inj[0] && (last === null || l > last)) last = l;
  }
  return last === null ? NaN : inj[0] - last;
}

/**
 * For the first treatment after a suspicion: days from the latest suspicion referral (NAPR_DATE of an earlier case
 * with DS_ONK=1) to this case's start. NaN when there is none, or a treatment came in between (not the first).
 */
function naprToTreatment(c: CaseInput, before: readonly PastCase[]): number {
  let napr: number | null = null;
  for (const p of before) {
    const d = p.onk?.suspicionNapr ?? null;
    if (d !== null && d <= c.dateZ1 && (napr === null || d > napr)) napr = d;
  }
  if (napr === null) return NaN;
  const from = napr;
  if (before.some((p) => p.onk?.treated && p.dateZ1 >= from)) return NaN;
  return c.dateZ1 - from;
}
