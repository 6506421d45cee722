/**
 * `omsx synth`: writes a synthetic region — one ZIP per MO per month (H, C and L files in
 * windows-1251), conclusions.csv (past expertise), truth.csv (planted defects; for evaluation
 * only, never read by training or scoring) and region.json. Same seed → byte-identical output.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import yazl from 'yazl';
import { Rng } from './rng.js';
import { buildRegion } from './region.js';
import { generateMoMonth, type Calendar, type GenCase } from './episodes.js';
import { reviewMonth, type Conclusion } from './review.js';
import { moMonthFiles } from './files.js';
import { KSG_24H, KSG_DAY, OUTPATIENT, F014 } from './tables.js';

export interface SynthOptions {
  out: string;
  seed: number;
  months: number;
  casesPerMonth: number;
  mos?: number;
  smos?: number;
  defectRate?: number;
  profile?: 'small' | 'region';
  /** First reporting month, YYYY-MM (default 2025-07, the first 5.1 period). */
  start?: string;
  version?: string;
  /** Deflate level of the ZIPs (1 fastest … 9 smallest). */
  compression?: number;
}

export interface SynthResult {
  packages: number;
  cases: number;
  conclusions: number;
  defective: number;
}

const MTIME = new Date(Date.UTC(2025, 0, 1));

async function writeZip(path: string, files: { name: string; text: string }[], level: number) {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(iconv.encode(f.text, 'win1251'), f.name, { mtime: MTIME, mode: 0o100644, compressionLevel: level });
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject));
}

const csvCell = (v: string | number | undefined) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const csvRow = (xs: Array<string | number | undefined>) => xs.map(csvCell).join(',') + '\n';

export async function synthesize(o: SynthOptions): Promise<SynthResult> {
  const profile = o.profile ?? 'small';
  const region = buildRegion(o.seed, o.mos ?? (profile === 'small' ? 20 : 60), o.smos ?? 3);
  const rng = new Rng(o.seed ^ 0x5eed);
  const [y0, m0] = (o.start ?? '2025-07').split('-').map(Number);
  await mkdir(join(o.out, 'registers'), { recursive: true });
  const totalWeight = region.mos.reduce((s, m) => s + m.weight, 0);
  const experts = Array.from({ length: 12 }, (_, i) => `E${String(750001 + i).slice(-5)}`);
  const truth: string[] = [csvRow(['month', 'file', 'n_zap', 'idcase', 'mo', 'has_defect', 'defects', 'f014', 'p_defect'])];
  const concl: string[] = [csvRow(['month', 'file', 'n_zap', 'idcase', 'mo', 'smo', 'control', 's_tip', 'reason', 'expert', 'review', 'result', 'f014', 's_sum'])];
  let pending = new Map<string, Conclusion[]>();
  const calendar: Calendar = new Map();
  const res: SynthResult = { packages: 0, cases: 0, conclusions: 0, defective: 0 };
  for (let k = 0; k < o.months; k++) {
    const year = y0 + Math.floor((m0 - 1 + k) / 12);
    const month = ((m0 - 1 + k) % 12) + 1;
    const ym = `${year}-${String(month).padStart(2, '0')}`;
    const next = new Map<string, Conclusion[]>();
    for (const [i, mo] of region.mos.entries()) {
      const count = Math.max(1, Math.round((o.casesPerMonth * mo.weight) / totalWeight));
      const cases: GenCase[] = generateMoMonth({ region, mo, year, month, count, defectRate: o.defectRate ?? 0.08, population: Math.max(5000, o.casesPerMonth * 5), rng: rng.fork(k * 1000 + i), calendar });
      const files = moMonthFiles(mo, { version: o.version ?? '5.1', year, month, moIndex: i + 1 }, cases, pending.get(mo.code) ?? []);
      const yymm = `${String(year).slice(2)}${String(month).padStart(2, '0')}`;
      await writeZip(join(o.out, 'registers', `HM${mo.code}T76_${yymm}.zip`), files, o.compression ?? 6);
      res.packages++;
      const fileOf = (c: GenCase) => `${c.kind}M${mo.code}T76_${yymm}${c.kind === 'H' ? 1 : 3}.XML`;
      for (const c of cases) {
        res.cases++;
        if (c.truth.defects.length) res.defective++;
        truth.push(csvRow([ym, fileOf(c), c.zap.N_ZAP, c.zap.Z_SL.IDCASE, mo.code, c.truth.defects.length ? 1 : 0, c.truth.defects.join(';'), c.truth.f014.join(';'), c.truth.p.toFixed(6)]));
      }
      const reviewed = reviewMonth(cases, rng.fork(k * 1000 + i + 500), experts);
      for (const r of reviewed) {
        res.conclusions++;
        concl.push(csvRow([ym, fileOf(r.case), r.case.zap.N_ZAP, r.case.zap.Z_SL.IDCASE, mo.code, r.case.person.smo, r.control, r.sTip, r.reason, r.expert, r.review, r.f014 ? 'defect' : 'no_defect', r.f014, r.sSum]));
      }
      // sanctions of the first review of each case travel in next month's package as a corrected register
      next.set(mo.code, reviewed.filter((r) => r.review === 1 && r.f014));
    }
    pending = next;
  }
  await writeFile(join(o.out, 'truth.csv'), truth.join(''));
  await writeFile(join(o.out, 'conclusions.csv'), concl.join(''));
  await writeFile(join(o.out, 'region.json'), JSON.stringify({ ...region, tables: { ksg24h: KSG_24H, ksgDay: KSG_DAY, outpatient: OUTPATIENT, f014: F014 }, options: { ...o, out: undefined } }, null, 1) + '\n');
  return res;
}
