/**
 * The agreement report: how often expertise confirms a defect in the cases each arm selected, what it recovers, and
 * how good the model's scores are on the unbiased random arm. Pure: the service (`agreement.service.ts`) queries the
 * counts, these functions turn them into rates, intervals and lifts. Money is carried in kopecks and reported in
 * rubles (kopecks / 100) under names without `_kop`.
 */
import type { Interval } from './metrics/normal.js';
import { wilsonInterval } from './metrics/wilson.js';
import { liftOver } from './metrics/lift.js';
import type { Estimate } from './metrics/horvitz-thompson.js';
import type { CalibrationBin } from './metrics/calibration.js';
import type { PsiLevel } from './metrics/psi.js';

/** The dimensions a report can be grouped by (`--by`). `expert` counts a conclusion once per expert code on it,
 * `defect_group` once per defect group of its F014 codes (a conclusion without defect has none), `model` once per
 * model version that scored its case, `month` by the conclusion's period as `YYYY-MM`. */
export const AGREEMENT_DIMENSIONS = ['arm', 'control', 's_tip', 'smo', 'mo', 'model', 'expert', 'defect_group', 'month'] as const;
export type AgreementDimension = (typeof AGREEMENT_DIMENSIONS)[number];

/** Counts of one group as the database aggregates them. */
export interface GroupCounts {
  key: Partial<Record<AgreementDimension, string | number | null>>;
  /** Conclusion rows (current versions). */
  conclusions: number;
  /** Distinct cases reviewed. */
  reviewed: number;
  /** Distinct cases with at least one conclusion finding a defect. */
  confirmed: number;
  amountKop: number;
  fineKop: number;
}

/** One row of the report. Money in rubles. */
export interface AgreementGroup {
  key: Partial<Record<AgreementDimension, string | number | null>>;
  conclusions: number;
  reviewed: number;
  confirmed: number;
  hit_rate: number | null;
  /** Wilson 95 %. */
  hit_rate_ci: Interval | null;
  /** Non-payment + fine, rubles. */
  recovered: number;
  /** Non-payment (S_SUM), rubles. */
  non_payment: number;
  /** Fine, rubles. */
  fine: number;
  /** Recovered per reviewed case, rubles. */
  recovered_per_review: number | null;
  /** Hit rate over the random arm's with the same other key (only when grouped by arm; null for the random arm itself). */
  lift: number | null;
  /** Katz log 95 % interval of the lift. */
  lift_ci: Interval | null;
}

/** The model figures on the random arm and the inverse-propensity estimates for one model version. */
export interface ModelAgreement {
  version: string;
  status: string | null;
  threshold: number | null;
  /** Cases the version scored in the period. */
  scored: number;
  /** Random-arm reviewed cases it scored, and how many of them had a defect. */
  random_cases: number;
  random_defective: number;
  roc_auc: number | null;
  pr_auc: number | null;
  brier: number | null;
  ece: number | null;
  calibration: CalibrationBin[];
  /** Cohen's κ between flag (p ≥ threshold) and the expert's verdict on the random arm: any defect, then per group. */
  kappa: KappaFigure | null;
  kappa_by_defect_group: (KappaFigure & { defect_group: string })[];
  /** Horvitz–Thompson estimates over all scored cases, from reviewed cases with a known propensity. */
  precision: Estimate | null;
  recall: Estimate | null;
  /** PSI of the period's scores against the training window's histogram in `model_version.score_hist`; null when there is none. */
  psi: number | null;
  psi_level: PsiLevel | null;
  /** The training window's periods the reference histogram sums (`2024-01…2024-12`), or `score_hist`. */
  psi_reference: string | null;
}

export interface KappaFigure {
  n: number;
  kappa: number | null;
  ci: Interval | null;
  observed: number;
}

/** The whole report (`omsx agreement --json`, `GET /api/agreement`). */
export interface AgreementReport {
  from: string | null;
  to: string | null;
  by: AgreementDimension[];
  money: 'rubles';
  groups: AgreementGroup[];
  /** Every arm, with its lift over the random arm. */
  arms: AgreementGroup[];
  total: AgreementGroup;
  /** Inverse-propensity (Horvitz–Thompson) estimate of all defective cases in the period. */
  defective_cases: (Estimate & { sample: number; unknown_propensity: number }) | null;
  /** κ between the first two conclusions of one control type on a case by different experts. */
  expert_agreement: KappaFigure | null;
  /** One entry per model version that scored cases of the period; null when the scores tables do not exist yet. */
  models: ModelAgreement[] | null;
}

const rub = (kop: number) => Math.round(kop) / 100;

/** Rates, intervals and rubles of one group's counts (lift filled by {@link withLift}). */
export function groupFigures(c: GroupCounts): AgreementGroup {
  const recoveredKop = c.amountKop + c.fineKop;
  return {
    key: c.key,
    conclusions: c.conclusions,
    reviewed: c.reviewed,
    confirmed: c.confirmed,
    hit_rate: c.reviewed ? c.confirmed / c.reviewed : null,
    hit_rate_ci: wilsonInterval(c.confirmed, c.reviewed),
    recovered: rub(recoveredKop),
    non_payment: rub(c.amountKop),
    fine: rub(c.fineKop),
    recovered_per_review: c.reviewed ? rub(recoveredKop / c.reviewed) : null,
    lift: null,
    lift_ci: null,
  };
}

/**
 * Adds to each group grouped by arm its lift over the random group with the same other key values. Groups of the
 * random arm itself, and groups without a random counterpart (or whose random counterpart confirmed nothing), keep
 * null.
 */
export function withLift(groups: AgreementGroup[]): AgreementGroup[] {
  const other = (g: AgreementGroup) =>
    JSON.stringify(
      Object.entries(g.key)
        .filter(([k]) => k !== 'arm')
        .sort(),
    );
  const random = new Map(groups.filter((g) => g.key.arm === 'random').map((g) => [other(g), g]));
  return groups.map((g) => {
    if (!('arm' in g.key) || g.key.arm === 'random') return g;
    const r = random.get(other(g));
    const l = r ? liftOver(g.confirmed, g.reviewed, r.confirmed, r.reviewed) : null;
    return { ...g, lift: l?.lift ?? null, lift_ci: l?.ci ?? null };
  });
}

/** Parses `--by arm,control` (or an array) into known dimensions; throws a message naming an unknown one. */
export function parseDimensions(by: string | readonly string[] | undefined): AgreementDimension[] {
  const list = (typeof by === 'string' ? by.split(',') : (by ?? [])).map((s) => s.trim()).filter(Boolean);
  const out: AgreementDimension[] = [];
  for (const d of list) {
    if (!(AGREEMENT_DIMENSIONS as readonly string[]).includes(d))
      throw new RangeError(`unknown dimension "${d}" (one of ${AGREEMENT_DIMENSIONS.join(', ')})`);
    if (!out.includes(d as AgreementDimension)) out.push(d as AgreementDimension);
  }
  return out;
}

/** `YYYY-MM` → year·100 + month; throws on anything else. */
export function periodNumber(p: string): number {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(p);
  if (!m) throw new RangeError(`period "${p}" is not YYYY-MM`);
  return Number(m[1]) * 100 + Number(m[2]);
}
