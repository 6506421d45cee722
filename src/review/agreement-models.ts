/** Model figures of one version from the rows the service reads (pure): ranking, calibration, κ, HT precision/recall, PSI. */
import { averagePrecision, rocAuc } from './metrics/ranking.js';
import { brierScore, calibrationBins, expectedCalibrationError } from './metrics/calibration.js';
import { htRatio, type HtUnit } from './metrics/horvitz-thompson.js';
import { binaryTable, cohenKappa } from './metrics/kappa.js';
import { psi, psiLevel } from './metrics/psi.js';
import type { KappaFigure, ModelAgreement } from './agreement.js';

/** A reviewed case of the random arm, scored by the version. */
export interface RandomArmCase {
  p: number;
  /** Any conclusion of the case found a defect. */
  defect: boolean;
  /** p ≥ the version's threshold; null when the version has no threshold. */
  flagged: boolean | null;
  /** Defect groups the experts found on the case. */
  groups: readonly string[];
}

/** Reviewed cases with a known propensity, scored by the version, counted by (defect, flagged, π). */
export interface PropensityCell {
  defect: boolean;
  flagged: boolean | null;
  pi: number;
  n: number;
}

export interface ModelInputs {
  version: string;
  status: string | null;
  threshold: number | null;
  scored: number;
  random: readonly RandomArmCase[];
  cells: readonly PropensityCell[];
  /** Reference histogram (counts per bin) and the period's counts over the same bins; null when there is none. */
  reference: readonly number[] | null;
  current: readonly number[] | null;
  /** What the reference is: the training periods summed (`2024-01…2024-12`) or `score_hist`. */
  referenceSource: string | null;
}

function kappaFigure(pairs: [boolean, boolean][]): KappaFigure | null {
  const k = cohenKappa(binaryTable(pairs));
  return k && { n: k.n, kappa: k.kappa, ci: k.ci, observed: k.observed };
}

/** Every figure of one model version. */
export function modelAgreement(m: ModelInputs): ModelAgreement {
  const scores = m.random.map((c) => c.p);
  const labels = m.random.map((c) => c.defect);
  const bins = calibrationBins(scores, labels);
  const flaggedRandom = m.random.filter((c) => c.flagged !== null);
  const groups = [...new Set(m.random.flatMap((c) => c.groups))].sort();
  const cells = m.cells.filter((c) => c.flagged !== null);
  const units = (y: (c: PropensityCell) => boolean, x: (c: PropensityCell) => boolean): HtUnit[] =>
    cells.map((c) => ({ y: y(c) ? 1 : 0, x: x(c) ? 1 : 0, pi: c.pi, n: c.n }));
  const drift = m.reference && m.current ? psi(m.reference, m.current) : null;
  return {
    version: m.version,
    status: m.status,
    threshold: m.threshold,
    scored: m.scored,
    random_cases: m.random.length,
    random_defective: labels.filter(Boolean).length,
    roc_auc: rocAuc(scores, labels),
    pr_auc: averagePrecision(scores, labels),
    brier: brierScore(scores, labels),
    ece: expectedCalibrationError(bins),
    calibration: bins,
    kappa: kappaFigure(flaggedRandom.map((c) => [c.flagged!, c.defect])),
    kappa_by_defect_group: flaggedRandom.length
      ? groups.map((g) => ({ defect_group: g, ...kappaFigure(flaggedRandom.map((c) => [c.flagged!, c.groups.includes(g)]))! }))
      : [],
    precision: cells.length
      ? htRatio(
          units(
            (c) => c.defect && c.flagged!,
            (c) => c.flagged!,
          ),
        )
      : null,
    recall: cells.length
      ? htRatio(
          units(
            (c) => c.defect && c.flagged!,
            (c) => c.defect,
          ),
        )
      : null,
    psi: drift,
    psi_level: drift === null ? null : psiLevel(drift),
    psi_reference: drift === null ? null : m.referenceSource,
  };
}
