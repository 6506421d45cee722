import type { TriggerConfig } from '../config.js';
import type { CaseFacts, TriggerHit } from '../facts.js';

/** An MO's cases and those with a MEK error, in a period. */
export interface MoMekStat {
  cases: number;
  mek: number;
}

/** The MOs whose MEK-rejected share grew beyond the threshold: relative growth ≥ mekGrowth and share ≥ mekMinSharePct. */
export function moWithMekGrowth(
  cur: ReadonlyMap<string, MoMekStat>,
  prev: ReadonlyMap<string, MoMekStat>,
  cfg: TriggerConfig,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [mo, c] of cur) {
    const p = prev.get(mo);
    if (!p || p.cases === 0 || c.cases === 0) continue;
    const now = (100 * c.mek) / c.cases;
    const before = (100 * p.mek) / p.cases;
    if (now >= cfg.mekMinSharePct && now >= before * (1 + cfg.mekGrowth) && now > before)
      out.set(mo, `Рост доли дефектов МЭК в МО ${mo}: ${before.toFixed(1)}% → ${now.toFixed(1)}%`);
  }
  return out;
}

/**
 * F006 76: in each MO with MEK growth, its cases of the period with a MEK error, largest sum first (then id),
 * at most `mekMaxCasesPerMo`.
 */
export function mekGrowthHits(cases: readonly CaseFacts[], growth: ReadonlyMap<string, string>, cfg: TriggerConfig): TriggerHit[] {
  const byMo = new Map<string, CaseFacts[]>();
  for (const c of cases) if (c.inPeriod && c.mek > 0 && growth.has(c.codeMo)) byMo.set(c.codeMo, [...(byMo.get(c.codeMo) ?? []), c]);
  const hits: TriggerHit[] = [];
  for (const [mo, list] of byMo) {
    list.sort((a, b) => b.sumKop - a.sumKop || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const c of list.slice(0, cfg.mekMaxCasesPerMo)) hits.push({ caseId: c.id, f006: 76, reason: growth.get(mo)! });
  }
  return hits;
}
