/**
 * Oncology sections of C-file cases: the pathway suspicion (DS_ONK) → referral (NAPR) → diagnosis
 * with stage and TNM, histology/IHC (B_DIAG), tumour board (CONS), contraindications (B_PROT) and
 * treatment (ONK_USL: surgery, drug therapy with LEK_PR schemes and injection dates, radiation with
 * SOD/K_FR, chemoradiation). A late pathway (EKMP 3.6) shows as a referral long before admission,
 * a missing histology or a tumour board that was needed and not held — or, in a third of cases,
 * leaves no trace. N0xx ids (stage, T, N, M, histology) are illustrative.
 */
import type { OnkSl, OnkUsl, Sl } from '../registers/model.js';
import type { Rng } from './rng.js';
import type { OnkTreatment } from './tables.js';

const addDays = (d: string, n: number) => new Date(Date.parse(d + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);

/** What the pathway of one oncology case looked like (used for NPR_DATE and truth). */
export interface OnkPathway {
  /** Days from the referral (suspicion) to the start of treatment. */
  waitDays: number;
}

/** Drug schemes (V024 CODE_SH) with their N020 drug ids (illustrative pairs). */
const SCHEMES: Array<{ code: string; regnum: string[] }> = [
  { code: 'sh0019', regnum: ['000764', '001652'] },
  { code: 'sh0024', regnum: ['000895'] },
  { code: 'sh0153', regnum: ['001471', '000764'] },
  { code: 'sh0336', regnum: ['002018'] },
];

function treatment(rng: Rng, kind: OnkTreatment, d1: string, d2: string, child: boolean): { usl: OnkUsl; sod?: string; kFr?: string } {
  const span = Math.max(0, Math.round((Date.parse(d2) - Date.parse(d1)) / 86_400_000));
  const usl: OnkUsl = { USL_TIP: String(kind) };
  if (kind === 1) usl.HIR_TIP = String(rng.int(1, 3));
  if (kind === 2 || kind === 4) {
    const s = rng.pick(SCHEMES);
    const inj = [d1];
    for (let d = 7; d <= span && inj.length < 3; d += 7) inj.push(addDays(d1, d));
    if (kind === 2) Object.assign(usl, { LEK_TIP_L: String(rng.int(1, 2)), LEK_TIP_V: String(rng.int(1, 2)) });
    usl.LEK_PR = s.regnum.map((regnum) => ({ REGNUM: regnum, CODE_SH: child ? 'нет' : s.code, DATE_INJ: inj }));
    if (rng.chance(0.6)) usl.PPTR = '1';
  }
  if (kind === 3 || kind === 4) {
    usl.LUCH_TIP = String(rng.int(1, 3));
    const kFr = Math.max(1, Math.min(30, span + 1));
    return { usl, sod: (kFr * 2).toFixed(2), kFr: String(kFr) };
  }
  return { usl };
}

/**
 * Fills the C-file sections of an oncology treatment case (DS1 in C00–C97).
 * `late`: the pathway broke continuity (EKMP 3.6); returns the referral wait.
 */
export function addOncology(
  sl: Sl,
  rng: Rng,
  kind: OnkTreatment,
  d1: string,
  d2: string,
  oncoMo: string,
  opts: { late: boolean; child: boolean; repeat: boolean },
): OnkPathway {
  const { late, child } = opts;
  // how a late pathway shows: 0 — long wait after the referral, 1 — no histology, 2 — tumour board not held, 3 — no trace
  const lateHow = late ? rng.int(0, 3) : -1;
  sl.DS_ONK = '0';
  sl.C_ZAB = opts.repeat ? '3' : '2';
  const stage = rng.weighted([1, 2, 3, 4], [0.3, 0.35, 0.22, 0.13]);
  const biopsy = addDays(d1, -rng.int(7, 20));
  const onk: OnkSl = {
    DS1_T: opts.repeat ? rng.pick(['1', '2']) : '0',
    STAD: String(stage * 10 + rng.int(0, 2)),
    ONK_T: String(rng.int(1, 4) * 10),
    ONK_N: String(stage >= 3 ? rng.int(2, 3) * 10 : 10),
    ONK_M: String(stage === 4 ? 20 : 10),
    WEI: (rng.normal(74, 12) + 0.05).toFixed(1),
    HEI: String(Math.round(rng.normal(168, 8))),
  };
  // distant metastases found at relapse or progression (MTSTZ only with DS1_T 1–2)
  if (opts.repeat && rng.chance(0.3)) onk.MTSTZ = '1';
  onk.BSA = Math.sqrt((Number(onk.HEI) * Number(onk.WEI)) / 3600).toFixed(2);
  if (lateHow !== 1) {
    onk.B_DIAG = [{ DIAG_DATE: biopsy, DIAG_TIP: '1', DIAG_CODE: String(rng.int(1, 6)), DIAG_RSLT: String(rng.int(1, 20)), REC_RSLT: '1' }];
    if (rng.chance(0.4))
      onk.B_DIAG.push({
        DIAG_DATE: biopsy,
        DIAG_TIP: '2',
        DIAG_CODE: String(rng.int(1, 4)),
        DIAG_RSLT: String(rng.int(1, 8)),
        REC_RSLT: '1',
      });
  }
  const t = treatment(rng, kind, d1, d2, child);
  onk.ONK_USL = [t.usl];
  if (t.sod) Object.assign(onk, { SOD: t.sod, K_FR: t.kFr });
  // contraindications / refusals of another method of treatment
  if (rng.chance(0.08)) onk.B_PROT = [{ PROT: String(kind === 1 ? rng.int(2, 3) : 1), D_PROT: addDays(d1, -rng.int(1, 10)) }];
  sl.ONK_SL = onk;
  // tumour board: N019 1 tactics of examination, 2 of treatment, 3 changed; 4 — needed and not held (no date)
  sl.CONS = [lateHow === 2 ? { PR_CONS: '4' } : { PR_CONS: opts.repeat ? '3' : '2', DT_CONS: addDays(d1, -rng.int(1, 7)) }];
  // a referral for further diagnostics during the stay (CT), to the oncology dispensary
  if (rng.chance(0.3)) sl.NAPR = [{ NAPR_DATE: d1, NAPR_MO: oncoMo, NAPR_V: '3', MET_ISSL: '2', NAPR_USL: 'A06.09.007' }];
  return { waitDays: lateHow === 0 ? rng.int(35, 70) : rng.int(3, 14) };
}

/** A polyclinic visit with a suspected malignancy: DS_ONK=1 and a referral to the oncologist (V028 1). */
export function addSuspicion(sl: Sl, d: string, oncoMo: string): void {
  sl.DS_ONK = '1';
  sl.NAPR = [{ NAPR_DATE: d, NAPR_MO: oncoMo, NAPR_V: '1' }];
}
