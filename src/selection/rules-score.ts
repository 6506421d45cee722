import type { CaseFacts } from './facts.js';

/** A reason a case was ranked where it is: a feature contribution (model) or a register rule (rules ranking). */
export interface Reason {
  feature: string;
  text: string;
  f014_group?: string | null;
  weight?: number;
}

export interface RuleScore {
  /** 1 − Π(1 − w) over the rules that hold, from a small baseline: a ranking key, not a calibrated probability. */
  p: number;
  reasons: Reason[];
}

const BASELINE = 0.02;

/** The middle value of a sorted list. */
function median(sorted: number[]): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * Register-visible rules used to rank the planned arm while no model is active: MEK errors on the case, a stay
 * longer than 1.5 × the median of its KSG in the period, a sum above the 95th percentile of its condition and profile.
 * Truth-free: only what the register and the MEK show.
 */
export function ruleScores(cases: readonly CaseFacts[]): Map<string, RuleScore> {
  const kdByKsg = new Map<string, number[]>();
  const sumByGroup = new Map<string, number[]>();
  for (const c of cases) {
    if (!c.inPeriod) continue;
    if (c.ksg && c.kdZ !== null) (kdByKsg.get(c.ksg) ?? kdByKsg.set(c.ksg, []).get(c.ksg)!).push(c.kdZ);
    const g = `${c.uslOk}/${c.profil}`;
    (sumByGroup.get(g) ?? sumByGroup.set(g, []).get(g)!).push(c.sumKop);
  }
  const kdMedian = new Map([...kdByKsg].map(([k, v]) => [k, median(v.sort((a, b) => a - b))]));
  const sumP95 = new Map(
    [...sumByGroup].filter(([, v]) => v.length >= 20).map(([k, v]) => [k, v.sort((a, b) => a - b)[Math.floor(0.95 * (v.length - 1))]]),
  );
  const out = new Map<string, RuleScore>();
  for (const c of cases) {
    if (!c.inPeriod) continue;
    const reasons: Reason[] = [];
    if (c.mek > 0) reasons.push({ feature: 'rule:mek', text: `Ошибки МЭК в случае: ${c.mek}`, f014_group: '1', weight: 0.3 });
    const med = c.ksg ? kdMedian.get(c.ksg) : undefined;
    if (med !== undefined && c.kdZ !== null && c.kdZ > 1.5 * med)
      reasons.push({
        feature: 'rule:long_stay',
        text: `Длительность ${c.kdZ} дн. больше медианы КСГ ${c.ksg} (${med})`,
        f014_group: '2',
        weight: 0.2,
      });
    const p95 = sumP95.get(`${c.uslOk}/${c.profil}`);
    if (p95 !== undefined && c.sumKop > p95)
      reasons.push({ feature: 'rule:high_sum', text: 'Сумма выше 95-го процентиля по условию и профилю', f014_group: '2', weight: 0.15 });
    let q = 1 - BASELINE;
    for (const r of reasons) q *= 1 - r.weight!;
    out.set(c.id, { p: 1 - q, reasons });
  }
  return out;
}
