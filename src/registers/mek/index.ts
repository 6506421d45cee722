/**
 * MEK (medical-economic control) checks with the official Q016 ids (Q023 regional ids where Q016
 * has none). Pure: records and summaries in, findings out; the history of stored cases is loaded
 * by history.repo.ts.
 */
import type { FileContext, Finding } from '../contracts.js';
import type { RegisterHeader, XmlNode, Zap } from '../model.js';
import type { Nsi } from '../../nsi/nsi.js';
import { toKopecks, formatKopecks } from '../../tariffs/money.js';
import { applyDataChecks, DATA_CHECKS } from './rules.js';
import { checkCaseArithmetic } from './case.checks.js';
import { MEK_CATALOG, mekName } from './q016.js';

export { summarize, DEATH_RSLT, type CaseSummary } from './summary.js';
export { checkAcrossCases } from './across.js';

export interface MekContext extends FileContext {
  nsi?: Nsi;
}

const letter = (kind: string) => (kind === 'D' ? 'X' : kind);

/** The first day of the reporting period (YYYY-MM-01), built once per year and month. */
const PERIODS = new Map<number, string>();
function periodOf(year: number | undefined, month: number | undefined): string | undefined {
  if (!year || !month) return undefined;
  const key = year * 100 + month;
  let p = PERIODS.get(key);
  if (p === undefined) PERIODS.set(key, (p = `${year}-${String(month).padStart(2, '0')}-01`));
  return p;
}

/** BAS_EL of a hand-coded check's element (`Z_SL/SL/SUM_M` → `SL`), per element path. */
const PARENTS = new Map<string, string | undefined>();
function parentOf(element: string): string | undefined {
  if (!PARENTS.has(element)) PARENTS.set(element, element.split('/').slice(-2, -1)[0]);
  return PARENTS.get(element);
}

/** Every single-record MEK check for one ZAP. */
export function checkCaseMek(zap: Zap, header: RegisterHeader, ctx: MekContext): Finding[] {
  const out: Finding[] = [];
  const base = {
    n_zap: zap.N_ZAP,
    id_pac: zap.PACIENT?.ID_PAC,
    idcase: zap.Z_SL?.IDCASE,
  };
  const period = periodOf(ctx.year, ctx.month);
  for (const [c, chain] of applyDataChecks(zap as unknown as XmlNode, letter(ctx.kind), period)) {
    const node = chain[chain.length - 1];
    const value = typeof node[c.name] === 'string' ? (node[c.name] as string) : undefined;
    const at = c.place;
    out.push({
      control: 'MEK',
      rule: c.rule.id,
      severity: 'error',
      element: at.element,
      basEl: at.basEl,
      value,
      ...base,
      sl_id: at.inSl ? (node.SL_ID as string | undefined) : undefined,
      message: `${mekName(c.rule.id)}: ${c.name}=${value ?? '—'}${at.requirement}`,
    });
  }
  checkCaseArithmetic(zap, header, (rule, element, message, extra) =>
    out.push({
      control: 'MEK',
      rule,
      severity: 'error',
      element: `ZAP/${element}`,
      basEl: parentOf(element),
      ...base,
      ...extra,
      message: `${mekName(rule)}: ${message}`,
    }),
  );
  return out;
}

/** File-level sums (003K.00.0130–0170): accumulated record by record. */
export interface FileSums {
  sumv: number;
  sump: number;
  hasSump: boolean;
  mek: number;
  mee: number;
  ekmp: number;
}
export function createFileSums(): FileSums {
  return { sumv: 0, sump: 0, hasSump: false, mek: 0, mee: 0, ekmp: 0 };
}
export function addToFileSums(s: FileSums, zap: Zap): void {
  const z = zap.Z_SL;
  if (!z) return;
  s.sumv += toKopecks(z.SUMV) ?? 0;
  if (z.SUMP !== undefined) {
    s.hasSump = true;
    s.sump += toKopecks(z.SUMP) ?? 0;
  }
  for (const k of z.SANK ?? []) {
    const tip = Number(k.S_TIP);
    const v = toKopecks(k.S_SUM) ?? 0;
    if (tip === 1 || (tip >= 10 && tip <= 12)) s.mek += v;
    else if (tip >= 20 && tip < 30) s.mee += v;
    else if (tip >= 30 && tip < 50) s.ekmp += v;
    else if (tip >= 50 && tip <= 59)
      s.mee += v; // 231н codes: 50–59 MEE
    else if (tip >= 70 && tip <= 86) s.ekmp += v; // 231н codes: 70–86 EKMP
  }
}
export function mergeFileSums(s: FileSums, other: FileSums): void {
  s.sumv += other.sumv;
  s.sump += other.sump;
  s.hasSump ||= other.hasSump;
  s.mek += other.mek;
  s.mee += other.mee;
  s.ekmp += other.ekmp;
}
export function checkFileSums(header: RegisterHeader, s: FileSums, _ctx: MekContext): Finding[] {
  const out: Finding[] = [];
  const sc = header.SCHET ?? ({} as RegisterHeader['SCHET']);
  const cmp = (rule: string, el: string, text: string | undefined, expected: number, what: string) => {
    const v = toKopecks(text);
    if (v !== undefined && v !== expected) {
      out.push({
        control: 'MEK',
        rule,
        severity: 'error',
        element: `SCHET/${el}`,
        basEl: 'SCHET',
        value: text,
        message: `${mekName(rule)}: ${el}=${text}, ${what} ${formatKopecks(expected)}`,
      });
    }
  };
  cmp('003K.00.0130', 'SUMMAV', sc.SUMMAV, s.sumv, 'а Σ SUMV по случаям =');
  if (s.hasSump) cmp('003K.00.0140', 'SUMMAP', sc.SUMMAP, s.sump, 'а Σ SUMP по случаям =');
  cmp('003K.00.0150', 'SANK_MEK', sc.SANK_MEK, s.mek, 'а Σ санкций МЭК =');
  cmp('003K.00.0160', 'SANK_MEE', sc.SANK_MEE, s.mee, 'а Σ санкций МЭЭ =');
  cmp('003K.00.0170', 'SANK_EKMP', sc.SANK_EKMP, s.ekmp, 'а Σ санкций ЭКМП =');
  return out;
}

const HAND_CODED = [
  '002K.00.0160',
  '002K.00.0180',
  '002K.00.0370',
  '002K.00.0430',
  '002K.00.0440',
  '002K.00.0460',
  '002K.00.0570',
  '003K.00.0130',
  '003K.00.0140',
  '003K.00.0150',
  '003K.00.0160',
  '003K.00.0170',
  '003K.00.0240',
  '003K.00.0250',
  '003K.00.0260',
  '003K.00.0270',
  '003K.00.0280',
  '003K.00.0420',
  '003K.00.0430',
  '003K.00.0440',
  '003K.00.0550',
  '003K.00.0560',
  '003K.00.0970',
  '003K.00.1000',
  '003K.36.0011',
  '003K.83.0019',
  '002K.75.0001',
  '002K.75.0005',
  '003K.42.0003',
  '003F.47.0001',
  '003K.19.0002',
  '003K.36.0002',
];

/** Check id → official name, for every id the MEK can report. */
export const MEK_CHECKS: ReadonlyMap<string, string> = new Map(
  [...new Set([...DATA_CHECKS.map((c) => c.rule.id), ...HAND_CODED])].sort().map((id) => [id, MEK_CATALOG.get(id)?.name ?? id]),
);
