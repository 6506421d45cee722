import { CONDITIONS, CONTROLS, type Control, type SelectionConfig } from './config.js';
import type { CaseFacts, TriggerHit } from './facts.js';
import { fillWorklist, rankCandidates, type Candidate } from './fill.js';
import { capByCapacity, computeQuotas, type GroupQuota, type QuotaGroup } from './quota.js';
import { worklistRng } from './rng.js';
import type { Reason, RuleScore } from './rules-score.js';
import { controlOf } from './triggers/index.js';
import type { Arm, ItemRow, KeptItem, WorklistRow } from './worklists.repo.js';

/** A case named from outside the registers. */
export interface ManualEntry {
  caseId: string;
  sTip: number;
  reason: string;
}

/** What ranks the planned arm: stored model scores, or the register rules while no model is active. */
export type Ranking =
  | { kind: 'model'; version: string; score(id: string): { p: number; amountKop: number } | undefined }
  | { kind: 'rules'; rules: Map<string, RuleScore> };

export interface PlanInput {
  year: number;
  month: number;
  seed: number;
  cases: readonly CaseFacts[];
  hits: readonly TriggerHit[];
  manual: readonly ManualEntry[];
  kept: readonly KeptItem[];
  /**
   * `case/control` of the mandatory cases whose conclusion of that control is known already: their items are created
   * concluded (the database's rule, worklists.repo.ts concludedKeys) and take no expert capacity.
   */
  concluded: ReadonlySet<string>;
  ranking: Ranking;
  /** Monthly capacity of the experts of each control (absent: not capped). */
  capacity: ReadonlyMap<Control, number>;
  config: SelectionConfig;
  smo?: string;
  control?: Control;
}

export interface WorklistSummary {
  smo: string;
  control: Control;
  usl_ok: number;
  cases: number;
  planned: number;
  quota: number;
  selected: { trigger: number; model: number; random: number; manual: number };
  kept: number;
  over_cap: number;
}

export interface Plan {
  worklists: WorklistRow[];
  items: ItemRow[];
  summaries: WorklistSummary[];
}

const SPLANNED: Record<Control, number> = { MEE: 50, EKMP: 70 };

/**
 * The selection of a period, pure: mandatory items (triggers, manual lists) per control, then per insurer × control ×
 * condition the planned quota (capped by expert capacity) filled by the random and model arms from the cases no
 * mandatory rule took and no expert holds from an earlier run. Same input and seed, same plan. A kept item no expert
 * holds (concluded without one) does not change the draw: its case is drawn again or not, and is not written twice.
 */
export function planSelection(inp: PlanInput): Plan {
  const { config: cfg } = inp;
  const period = inp.cases.filter((c) => c.inPeriod);
  const byId = new Map(period.map((c) => [c.id, c]));
  const uslOf = (c: CaseFacts) => (c.uslOk !== null && (CONDITIONS as readonly number[]).includes(c.uslOk) ? c.uslOk : 0);
  const keptKey = new Set(inp.kept.map((k) => `${k.caseId}/${k.control}`));
  // kept items an expert holds: out of the draw, and their planned ones out of the quota (those no expert holds are
  // neither: a concluded item takes no expert's time, and leaving it out would redraw the arms of a plain re-run)
  const held = inp.kept.filter((k) => k.holdsExpert);
  const heldKey = new Set(held.map((k) => `${k.caseId}/${k.control}`));

  // mandatory items: per case and control, every trigger / manual reason
  const mandatory = new Map<string, { c: CaseFacts; control: Control; arm: Arm; reasons: { f006: number; text: string }[] }>();
  const addMandatory = (caseId: string, f006: number, text: string, arm: Arm) => {
    const c = byId.get(caseId);
    if (!c) return;
    const control = controlOf(f006);
    const key = `${caseId}/${control}`;
    const m = mandatory.get(key) ?? mandatory.set(key, { c, control, arm, reasons: [] }).get(key)!;
    if (!m.reasons.some((r) => r.f006 === f006 && r.text === text)) m.reasons.push({ f006, text });
  };
  for (const h of inp.hits) addMandatory(h.caseId, h.f006, h.reason, 'trigger');
  for (const m of inp.manual) addMandatory(m.caseId, m.sTip, m.reason, 'manual');
  // the capacity mandatory items take: this run's new ones whose conclusion is not known yet and those an earlier run
  // kept that an expert holds (the kept planned ones are in the planned quotas already); without the kept ones a
  // re-run after assignment raised the quotas it had capped
  const mandatoryPerControl = new Map<Control, number>();
  const takes = (control: Control) => mandatoryPerControl.set(control, (mandatoryPerControl.get(control) ?? 0) + 1);
  for (const [key, m] of mandatory) if (!keptKey.has(key) && !inp.concluded.has(key)) takes(m.control);
  for (const k of held) if (k.arm === 'trigger' || k.arm === 'manual') takes(k.control);

  // planned quotas for every insurer (the capacity is shared by all of them)
  const groupCases = new Map<string, CaseFacts[]>();
  for (const c of period) {
    const u = uslOf(c);
    if (u === 0) continue;
    const k = `${c.smo}/${u}`;
    (groupCases.get(k) ?? groupCases.set(k, []).get(k)!).push(c);
  }
  const noCondition = new Map<string, number>();
  for (const c of period) if (uslOf(c) === 0) noCondition.set(c.smo, (noCondition.get(c.smo) ?? 0) + 1);
  const groups: QuotaGroup[] = [];
  for (const [k, list] of [...groupCases].sort(([a], [b]) => a.localeCompare(b)))
    for (const control of CONTROLS)
      groups.push({ smo: k.slice(0, k.lastIndexOf('/')), control, uslOk: Number(k.slice(k.lastIndexOf('/') + 1)), cases: list.length });
  const quotas = capByCapacity(computeQuotas(groups, cfg.quotas), inp.capacity, mandatoryPerControl);

  const scoreOf = (c: CaseFacts): { score: number; p: number | null; amount: number | null; reasons: Reason[] } => {
    if (inp.ranking.kind === 'model') {
      const s = inp.ranking.score(c.id);
      if (!s) return { score: 0, p: null, amount: null, reasons: [] };
      // the score's amount is already the expected value selection.md §3 ranks by — P(defect) × the amount withheld when a
      // defect is found (case sum × K_NO, scoring/scores.service.ts) — so the model arm ranks by it as it is, and the item
      // keeps it as the case card shows it
      return { score: cfg.rankBy === 'p' ? s.p : s.amountKop, p: s.p, amount: s.amountKop, reasons: [] };
    }
    const r = inp.ranking.rules.get(c.id);
    const p = r?.p ?? 0;
    return { score: cfg.rankBy === 'p' ? p : p * c.sumKop, p: null, amount: null, reasons: r?.reasons ?? [] };
  };
  const version = inp.ranking.kind === 'model' ? inp.ranking.version : null;

  const worklists: WorklistRow[] = [];
  const items: ItemRow[] = [];
  const summaries: WorklistSummary[] = [];
  const wanted = (smo: string, control: Control) => (!inp.smo || inp.smo === smo) && (!inp.control || inp.control === control);
  const base = (c: CaseFacts) => ({
    year: inp.year,
    month: inp.month,
    smo: c.smo,
    codeMo: c.codeMo,
    uslOk: uslOf(c),
    modelVersion: version,
  });
  const summary = new Map<string, WorklistSummary>();
  const summaryOf = (smo: string, control: Control, uslOk: number, cases: number, planned: number, quota: number) => {
    const k = `${smo}/${control}/${uslOk}`;
    return (
      summary.get(k) ??
      summary
        .set(k, {
          smo,
          control,
          usl_ok: uslOk,
          cases,
          planned,
          quota,
          selected: { trigger: 0, model: 0, random: 0, manual: 0 },
          kept: 0,
          over_cap: 0,
        })
        .get(k)!
    );
  };
  for (const k of inp.kept) if (wanted(k.smo, k.control)) summaryOf(k.smo, k.control, k.uslOk, 0, 0, 0).kept++;

  // mandatory items
  for (const [key, m] of [...mandatory].sort(([a], [b]) => a.localeCompare(b))) {
    if (keptKey.has(key) || !wanted(m.c.smo, m.control)) continue;
    const s = scoreOf(m.c);
    const f006 = Math.min(...m.reasons.map((r) => r.f006));
    items.push({
      ...base(m.c),
      caseId: m.c.id,
      control: m.control,
      sTip: f006,
      arm: m.arm,
      reason: `${m.arm}:${f006}`,
      propensity: 1,
      score: s.score,
      pDefect: s.p,
      expectedAmountKop: s.amount,
      rank: null,
      reasons: m.reasons.slice(0, 4).map((r) => ({ feature: `${m.arm}:${r.f006}`, text: r.text, f014_group: null })),
    });
    const n = groupCases.get(`${m.c.smo}/${uslOf(m.c)}`)?.length ?? noCondition.get(m.c.smo) ?? 0;
    summaryOf(m.c.smo, m.control, uslOf(m.c), n, 0, 0).selected[m.arm === 'trigger' ? 'trigger' : 'manual']++;
  }

  // planned arms
  const rankedGroups = new Map<string, (Candidate & ReturnType<typeof scoreOf> & { c: CaseFacts })[]>();
  for (const q of quotas as GroupQuota[]) {
    if (!wanted(q.smo, q.control)) continue;
    const list = groupCases.get(`${q.smo}/${q.uslOk}`) ?? [];
    const keptPlanned = held.filter(
      (k) => k.smo === q.smo && k.control === q.control && k.uslOk === q.uslOk && (k.arm === 'model' || k.arm === 'random'),
    ).length;
    // one scoring and sort per insurer and condition, shared by both controls
    const gkey = `${q.smo}/${q.uslOk}`;
    let all = rankedGroups.get(gkey);
    if (!all) {
      all = rankCandidates(list.map((c) => ({ id: c.id, codeMo: c.codeMo, ...scoreOf(c), c })));
      rankedGroups.set(gkey, all);
    }
    const ranked = all.filter((x) => !mandatory.has(`${x.id}/${q.control}`) && !heldKey.has(`${x.id}/${q.control}`));
    const seed = inp.seed;
    const quota = Math.max(0, q.quota - keptPlanned);
    const fill = fillWorklist(
      ranked,
      { quota, epsilon: cfg.epsilon, moCap: cfg.moCap, replicates: cfg.propensityReplicates },
      worklistRng(seed, `${q.smo}|${q.control}|${q.uslOk}`),
    );
    const keptAgain = { random: 0, model: 0 };
    for (const p of fill.picks) {
      const cand = ranked[p.index];
      // drawn again, kept already (a concluded item no expert holds): counted as kept, not written twice
      if (keptKey.has(`${cand.id}/${q.control}`)) {
        keptAgain[p.arm]++;
        continue;
      }
      const s = cand;
      items.push({
        ...base(cand.c),
        caseId: cand.id,
        control: q.control,
        sTip: SPLANNED[q.control],
        arm: p.arm,
        reason: p.arm,
        propensity: p.propensity,
        score: s.score,
        pDefect: s.p,
        expectedAmountKop: s.amount,
        rank: p.index + 1,
        reasons: s.reasons.slice(0, 4),
      });
    }
    const sm = summaryOf(q.smo, q.control, q.uslOk, q.cases, q.planned, q.quota);
    Object.assign(sm, { cases: q.cases, planned: q.planned, quota: q.quota, over_cap: fill.overCap });
    sm.selected.random += fill.nRandom - keptAgain.random;
    sm.selected.model += fill.nModel - keptAgain.model;
    worklists.push({
      year: inp.year,
      month: inp.month,
      smo: q.smo,
      control: q.control,
      uslOk: q.uslOk,
      quota: q.quota,
      cases: q.cases,
      seed,
      modelVersion: version,
      ranking: inp.ranking.kind,
      randomRate: fill.randomRate,
    });
  }
  // lists holding only mandatory items (cases without USL_OK)
  for (const s of summary.values())
    if (!worklists.some((w) => w.smo === s.smo && w.control === s.control && w.uslOk === s.usl_ok))
      worklists.push({
        year: inp.year,
        month: inp.month,
        smo: s.smo,
        control: s.control,
        uslOk: s.usl_ok,
        quota: 0,
        cases: s.cases,
        seed: inp.seed,
        modelVersion: version,
        ranking: inp.ranking.kind,
        randomRate: null,
      });
  summaries.push(
    ...[...summary.values()].sort((a, b) => a.smo.localeCompare(b.smo) || a.control.localeCompare(b.control) || a.usl_ok - b.usl_ok),
  );
  return { worklists, items, summaries };
}
