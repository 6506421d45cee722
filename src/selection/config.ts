import { AppError } from '../errors.js';

/** The two expertise controls selection fills (F006 50–59 MEE, 70–86 EKMP). */
export type Control = 'MEE' | 'EKMP';
export const CONTROLS: readonly Control[] = ['MEE', 'EKMP'];
/** Care conditions (V006 USL_OK) quotas are set for. */
export const CONDITIONS = [1, 2, 3, 4] as const;

/** One row of the regional quota table: the planned share of a condition's cases for a control. */
export interface QuotaRow {
  control: Control;
  uslOk: number;
  /** Per cent of the condition's cases, 0–100. */
  pct: number;
}

/** Windows (days) and code lists of the mandatory triggers (spec §2). */
export interface TriggerConfig {
  repeatVisitDays: number;
  readmissionDays: number;
  /** KSG prefixes of oncology drug therapy: excluded from readmission, and F006 54. */
  oncoDrugKsg: string[];
  /** ONK_USL/USL_TIP values of drug therapy (F006 54). */
  oncoDrugUslTip: number[];
  /** ICD-10 3-character codes (or letter-prefix ranges `E10-E14`) of the dispensary-observation list (F006 55). */
  dnList: string[];
  /** Days after a newly found DN disease within which a P_CEL=1.3 visit is expected. */
  dnWindowDays: number;
  lethalRslt: number[];
  ambulanceDeathRslt: number[];
  /** F006 76: relative growth of an MO's MEK-rejected share, and the least share (per cent) it must reach. */
  mekGrowth: number;
  mekMinSharePct: number;
  /** F006 76: at most this many of the MO's MEK-flagged cases, largest sum first. */
  mekMaxCasesPerMo: number;
  /** F006 80: days before a death that count as the care leading to it. */
  deathWindowDays: number;
  covidCodes: string[];
  /** F006 81: comorbidity blocks (ICD-10 prefixes) — cardiovascular, diabetes, oncology. */
  covidComorbid: string[];
  /** F006 82: which SL fields hold the new disease. */
  newDiseaseFields: ('DS2' | 'DS3')[];
  /** F006 83: results of a transfer to another MO, and the days until the admission elsewhere. */
  transferRslt: number[];
  transferDays: number;
}

export interface SelectionConfig {
  quotas: QuotaRow[];
  /** Share of each quota drawn uniformly at random (exploration arm). */
  epsilon: number;
  /** Per-MO cap on the model arm as a share of the quota (raised to the MO's share of expected value). */
  moCap: number;
  /** Model-arm ranking key: expected value p × amount, or p alone. */
  rankBy: 'ev' | 'p';
  /** Replicates of the random draw used to compute the model arm's inclusion probabilities. */
  propensityReplicates: number;
  triggers: TriggerConfig;
}

/** The earlier federal norms (spec §3): MEE 8 / 1.5 / 0.8 / 3 %, EKMP 5 / 3 / 0.5 / 1.5 % for USL_OK 1 / 2 / 3 / 4. */
export const DEFAULT_QUOTAS: QuotaRow[] = [
  { control: 'MEE', uslOk: 1, pct: 8 },
  { control: 'MEE', uslOk: 2, pct: 1.5 },
  { control: 'MEE', uslOk: 3, pct: 0.8 },
  { control: 'MEE', uslOk: 4, pct: 3 },
  { control: 'EKMP', uslOk: 1, pct: 5 },
  { control: 'EKMP', uslOk: 2, pct: 3 },
  { control: 'EKMP', uslOk: 3, pct: 0.5 },
  { control: 'EKMP', uslOk: 4, pct: 1.5 },
];

export const DEFAULT_TRIGGERS: TriggerConfig = {
  repeatVisitDays: 14,
  readmissionDays: 30,
  oncoDrugKsg: ['st19', 'ds19', 'st08', 'ds08'],
  oncoDrugUslTip: [2, 4],
  dnList: ['I10-I15', 'I20-I25', 'I48', 'I50', 'I63', 'I69', 'E10-E14', 'J44', 'J45', 'K25', 'K26', 'N18', 'C00-C97', 'D50'],
  dnWindowDays: 30,
  lethalRslt: [105, 106, 205, 206, 313, 405, 406],
  ambulanceDeathRslt: [411],
  mekGrowth: 0.5,
  mekMinSharePct: 2,
  mekMaxCasesPerMo: 20,
  deathWindowDays: 30,
  covidCodes: ['U07.1', 'U07.2'],
  covidComorbid: ['I', 'E10', 'E11', 'E12', 'E13', 'E14', 'C'],
  newDiseaseFields: ['DS2', 'DS3'],
  transferRslt: [102, 202],
  transferDays: 1,
};

export const DEFAULT_CONFIG: SelectionConfig = {
  quotas: DEFAULT_QUOTAS,
  epsilon: 0.1,
  moCap: 0.3,
  rankBy: 'ev',
  propensityReplicates: 200,
  triggers: DEFAULT_TRIGGERS,
};

/**
 * Checks a quota table: every row names a control (MEE/EKMP) and a condition 1–4 with a percentage 0–100, no pair
 * twice, and every pair present. Throws BAD_INPUT naming the row (1-based) otherwise.
 */
export function validateQuotas(rows: readonly { control?: unknown; uslOk?: unknown; pct?: unknown }[]): QuotaRow[] {
  const seen = new Set<string>();
  const out: QuotaRow[] = [];
  rows.forEach((r, i) => {
    const where = `quota row ${i + 1} (${JSON.stringify(r)})`;
    if (r.control !== 'MEE' && r.control !== 'EKMP')
      throw new AppError('BAD_INPUT', `${where}: control must be MEE or EKMP`, { row: i + 1 });
    const u = Number(r.uslOk);
    if (!CONDITIONS.includes(u as 1)) throw new AppError('BAD_INPUT', `${where}: unknown care condition (USL_OK 1–4)`, { row: i + 1 });
    const pct = Number(r.pct);
    if (r.pct === null || r.pct === '' || !Number.isFinite(pct) || pct < 0 || pct > 100)
      throw new AppError('BAD_INPUT', `${where}: pct must be a number from 0 to 100`, { row: i + 1 });
    const key = `${r.control}/${u}`;
    if (seen.has(key)) throw new AppError('BAD_INPUT', `${where}: ${key} appears twice`, { row: i + 1 });
    seen.add(key);
    out.push({ control: r.control, uslOk: u, pct });
  });
  for (const c of CONTROLS)
    for (const u of CONDITIONS)
      if (!seen.has(`${c}/${u}`)) throw new AppError('BAD_INPUT', `quota table: no row for ${c} USL_OK ${u}`, { control: c, uslOk: u });
  return out;
}

/** The configuration with a JSON override (`OMSX_SELECTION_CONFIG` or `--config`): quotas validated, numbers checked. */
export function resolveConfig(
  override: Partial<Omit<SelectionConfig, 'triggers'>> & { triggers?: Partial<TriggerConfig> } = {},
): SelectionConfig {
  const cfg: SelectionConfig = {
    ...DEFAULT_CONFIG,
    ...override,
    triggers: { ...DEFAULT_TRIGGERS, ...(override.triggers ?? {}) },
  };
  cfg.quotas = validateQuotas(cfg.quotas);
  if (!(cfg.epsilon >= 0 && cfg.epsilon <= 1)) throw new AppError('BAD_INPUT', `epsilon must be within 0–1, got ${cfg.epsilon}`);
  if (!(cfg.moCap > 0 && cfg.moCap <= 1)) throw new AppError('BAD_INPUT', `moCap must be within (0, 1], got ${cfg.moCap}`);
  if (cfg.rankBy !== 'ev' && cfg.rankBy !== 'p') throw new AppError('BAD_INPUT', `rankBy must be ev or p, got ${String(cfg.rankBy)}`);
  if (!(Number.isInteger(cfg.propensityReplicates) && cfg.propensityReplicates >= 1))
    throw new AppError('BAD_INPUT', `propensityReplicates must be a positive integer`);
  return cfg;
}
