/**
 * From what a source says to the rows to write: codes checked against F006/F014, the arm from the reason, the
 * sanctions of order 231н computed where the source gives none. Pure.
 */
import type { Nsi } from '../nsi/nsi.js';
import { isIsoDate } from '../calendar.js';
import { armOf, controlOf, naturalKey, type ConclusionInput, type ConclusionRow } from './conclusion.js';
import { fineKop, fineShare, nonPaymentKop, type F014Coefficients } from './sanctions.js';
import type { CaseInfo } from './conclusions.repo.js';

export interface BuildContext {
  nsi: Nsi;
  /** Cases by id (the ids of the inputs). */
  cases: Map<string, CaseInfo>;
  /** Per-capita norm by year, kopecks. */
  norms: Map<number, number>;
  /**
   * A fine that cannot be computed (no norm for the year) is an error (imports, the API); otherwise the row waits
   * for the norm (`fine_pending`, a register's SANK).
   */
  requireNorm: boolean;
}

export type Built = { ok: true; row: ConclusionRow } | { ok: false; message: string };

/** Checks one conclusion and computes its row. */
export function buildRow(input: ConclusionInput, ctx: BuildContext): Built {
  const fail = (message: string): Built => ({ ok: false, message });
  const c = ctx.cases.get(input.caseId);
  if (!c) return fail(`case ${input.caseId} not found`);
  if (!Number.isInteger(input.sTip)) return fail(`S_TIP must be an F006 code`);
  if (ctx.nsi.loaded('F006') && !ctx.nsi.has('F006', String(input.sTip))) return fail(`S_TIP ${input.sTip} is not an F006 code`);
  const control = controlOf(input.sTip);
  if (!control) return fail(`S_TIP ${input.sTip} is not an expertise (MEE: 50–59, EKMP: 70–86); MEK sanctions are not expert conclusions`);
  for (const code of input.f014) {
    if (!Number.isInteger(code) || (ctx.nsi.loaded('F014') && !ctx.nsi.has('F014', String(code))))
      return fail(`F014 code ${code} is unknown`);
  }
  if (input.defect && !input.f014.length) return fail(`a defect needs its F014 code(s)`);
  if (!input.defect && input.f014.length) return fail(`F014 code(s) ${input.f014.join(';')} given for a conclusion without defect`);
  const arm = armOf(input.reason);
  if (!arm) return fail(`reason ${JSON.stringify(input.reason)}: expected random, model, manual, trigger:… or legacy:…`);
  if (input.propensity !== null && !(input.propensity > 0 && input.propensity <= 1))
    return fail(`propensity ${input.propensity}: expected a probability in (0, 1]`);
  if (input.dateAct !== null && !isIsoDate(input.dateAct))
    return fail(`date_act ${JSON.stringify(input.dateAct)} is not a date (YYYY-MM-DD)`);
  if (input.amountKop !== null && (!Number.isSafeInteger(input.amountKop) || input.amountKop < 0))
    return fail(`S_SUM must be a non-negative amount`);
  if (!input.defect && input.amountKop) return fail(`S_SUM ${input.amountKop / 100} given for a conclusion without defect`);
  const onDate = input.dateAct ?? c.date_z_2;
  const coef = (code: number): F014Coefficients | undefined => ctx.nsi.decodeSOsn(String(code), onDate);
  const amount = input.amountKop ?? nonPaymentKop(c.sumv_kop, input.f014, coef);
  const share = fineShare(input.f014, coef);
  const fine = fineKop(ctx.norms.get(c.year), share);
  if (fine.pending && ctx.requireNorm)
    return fail(
      `the fine (K_SH ${share}) needs the per-capita norm of ${c.year}, which is not configured: omsx conclusions norm ${c.year} <roubles>`,
    );
  const experts = input.experts.filter((e) => e !== '');
  return {
    ok: true,
    row: {
      case_id: c.id,
      sl_id: input.slId,
      s_tip: input.sTip,
      control,
      defect: input.defect,
      f014: [...input.f014],
      amount_kop: amount,
      fine_kop: fine.fine,
      fine_pending: fine.pending,
      experts,
      date_act: input.dateAct,
      num_act: input.numAct,
      comment: input.comment,
      arm,
      reason: input.reason,
      propensity: input.propensity,
      source: input.source,
      source_ref: input.sourceRef,
      nat_key: naturalKey(c.id, input.sTip, input.numAct, input.dateAct, experts),
      year: c.year,
      month: c.month,
      smo: c.smo,
      code_mo: c.code_mo,
      usl_ok: c.usl_ok,
    },
  };
}
