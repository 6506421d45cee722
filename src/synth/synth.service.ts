/**
 * `omsx synth`: writes a synthetic region — one ZIP per MO per month (H, C and L files in
 * windows-1251), conclusions.csv (past expertise), truth.csv (planted defects; for evaluation
 * only, never read by training or scoring) and region.json. Same seed → byte-identical output.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import yazl from 'yazl';
import { Rng } from './rng.js';
import { buildRegion } from './region.js';
import { generateMoMonth, rateScale, type Calendar, type GenCase } from './episodes.js';
import { reviewMonth, type Conclusion } from './review.js';
import { billDate, moMonthFiles } from './files.js';
import { KSG_24H, KSG_DAY, OUTPATIENT, F014, K_SH } from './tables.js';

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
  /** Worker threads (default: 2 for 200 000 cases or more, else 1). The split is fixed, so output depends only on the options. */
  threads?: number;
}

export interface SynthResult {
  packages: number;
  cases: number;
  conclusions: number;
  defective: number;
}

const MTIME = new Date(Date.UTC(2025, 0, 1));

const NON_ASCII = /[^\x00-\x7f]/;
/** windows-1251 bytes; ASCII-only text (most H/C files) takes the native fast path. */
const encode1251 = (text: string): Buffer => (NON_ASCII.test(text) ? iconv.encode(text, 'win1251') : Buffer.from(text, 'latin1'));

async function writeZip(path: string, files: { name: string; text: string }[], level: number) {
  const zip = new yazl.ZipFile();
  for (const f of files)
    zip.addBuffer(encode1251(f.text), f.name, {
      mtime: MTIME,
      mode: 0o100644,
      compressionLevel: level,
    });
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject));
}

const csvCell = (v: string | number | undefined) =>
  v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
const csvRow = (xs: Array<string | number | undefined>) => xs.map(csvCell).join(',') + '\n';

/** A part of the region (the organisations with these indices), for one worker. */
export interface PartRequest {
  o: SynthOptions;
  mos: number[];
  __entry?: string;
}
interface PartRows {
  /** `${month}:${mo}` → rows, so the parts can be put back in order. */
  truth: Record<string, string>;
  concl: Record<string, string>;
  res: SynthResult;
}

/** The synthetic region's per-capita norm, roubles (a real region's is of this order). */
export const FINE_NORM_RUB = '19500.00';

const ymOf = (y0: number, m0: number, k: number) => ({
  year: y0 + Math.floor((m0 - 1 + k) / 12),
  month: ((m0 - 1 + k) % 12) + 1,
});

/** Generates and writes the packages of some organisations for every month. */
export async function runPart({ o, mos }: PartRequest): Promise<PartRows> {
  const profile = o.profile ?? 'small';
  const region = buildRegion(o.seed, o.mos ?? (profile === 'small' ? 20 : 60), o.smos ?? 3);
  const [y0, m0] = (o.start ?? '2025-07').split('-').map(Number);
  const totalWeight = region.mos.reduce((s, m) => s + m.weight, 0);
  const scale = rateScale(
    region,
    region.mos.map((m) => m.weight),
    o.defectRate ?? 0.08,
  );
  const experts = Array.from({ length: 12 }, (_, i) => `E${String(750001 + i).slice(-5)}`);
  const out: PartRows = {
    truth: {},
    concl: {},
    res: { packages: 0, cases: 0, conclusions: 0, defective: 0 },
  };
  const calendar: Calendar = new Map();
  let pending = new Map<string, Conclusion[]>();
  for (let k = 0; k < o.months; k++) {
    const { year, month } = ymOf(y0, m0, k);
    const ym = `${year}-${String(month).padStart(2, '0')}`;
    const yymm = `${String(year).slice(2)}${String(month).padStart(2, '0')}`;
    const next = new Map<string, Conclusion[]>();
    for (const i of mos) {
      const mo = region.mos[i];
      // every MO-month has its own random stream, independent of which worker runs it
      const rng = new Rng((o.seed * 2654435761 + k * 40503 + i * 9973 + 0x5eed) >>> 0);
      const count = Math.max(1, Math.round((o.casesPerMonth * mo.weight) / totalWeight));
      const cases: GenCase[] = generateMoMonth({
        region,
        mo,
        year,
        month,
        count,
        defectRate: o.defectRate ?? 0.08,
        population: Math.max(5000, o.casesPerMonth * 5),
        rng,
        calendar,
        personHalf: (i % 2) as 0 | 1,
        version: o.version ?? '5.1',
        rateScale: scale,
      });
      const files = moMonthFiles(mo, { version: o.version ?? '5.1', year, month, moIndex: i + 1 }, cases, pending.get(mo.code) ?? []);
      await writeZip(join(o.out, 'registers', `HM${mo.code}T76_${yymm}.zip`), files, o.compression ?? 6);
      out.res.packages++;
      const fileOf = (c: GenCase) => `${c.kind}M${mo.code}T76_${yymm}${c.kind === 'H' ? 1 : 3}.XML`;
      let t = '';
      for (const c of cases) {
        out.res.cases++;
        if (c.truth.defects.length) out.res.defective++;
        t += csvRow([
          ym,
          fileOf(c),
          c.zap.N_ZAP,
          c.zap.Z_SL.IDCASE,
          mo.code,
          c.truth.defects.length ? 1 : 0,
          c.truth.defects.join(';'),
          c.truth.f014.join(';'),
          c.truth.p.toFixed(6),
        ]);
      }
      const reviewed = reviewMonth(cases, new Rng(rng.u32()), experts);
      let cr = '';
      for (const r of reviewed) {
        out.res.conclusions++;
        cr += csvRow([
          ym,
          fileOf(r.case),
          r.case.zap.N_ZAP,
          r.case.zap.Z_SL.IDCASE,
          mo.code,
          r.case.person.smo,
          r.control,
          r.sTip,
          r.reason,
          r.expert,
          r.review,
          r.f014 ? 'defect' : 'no_defect',
          r.f014,
          r.sSum,
          r.f014 ? K_SH[r.f014] : undefined,
          // the act as the returned register's SANK carries it (files.ts correction), so both load as one conclusion
          `${billDate(year, month).slice(0, 8)}20`,
          r.review === 1 ? `${r.control}-${r.case.zap.Z_SL.IDCASE}` : `${r.control}-${r.case.zap.Z_SL.IDCASE}-${r.review}`,
          Number(r.propensity.toPrecision(6)),
        ]);
      }
      out.truth[`${k}:${i}`] = t;
      out.concl[`${k}:${i}`] = cr;
      // sanctions of the first review travel in next month's package as a corrected register
      next.set(
        mo.code,
        reviewed.filter((r) => r.review === 1 && r.f014),
      );
    }
    pending = next;
  }
  return out;
}

const fromTs = import.meta.url.endsWith('.ts');
const workerEntry = new URL(fromTs ? './synth.worker.ts' : './synth.worker.js', import.meta.url);

function inWorker(req: PartRequest): Promise<PartRows> {
  // a larger young generation: the generator allocates many short-lived strings, GC was a third of the time
  const w = new Worker(fromTs ? new URL('../worker-boot.mjs', import.meta.url) : workerEntry, {
    workerData: { ...req, __entry: workerEntry.href },
    resourceLimits: { maxYoungGenerationSizeMb: 256 },
  });
  return new Promise((resolve, reject) => {
    w.once('message', (m: { ok: boolean; result?: PartRows; error?: string }) => (m.ok ? resolve(m.result!) : reject(new Error(m.error))));
    w.once('error', reject);
  }).finally(() => w.terminate()) as Promise<PartRows>;
}

export async function synthesize(o: SynthOptions): Promise<SynthResult> {
  const profile = o.profile ?? 'small';
  const nMos = buildRegion(o.seed, o.mos ?? (profile === 'small' ? 20 : 60), o.smos ?? 3).mos.length;
  await mkdir(join(o.out, 'registers'), { recursive: true });
  const all = Array.from({ length: nMos }, (_, i) => i);
  // large regions use both cores: organisations split in two fixed halves (the output depends only on the options)
  const threads = o.threads ?? (o.casesPerMonth * o.months >= 200_000 ? 2 : 1);
  const parts =
    threads > 1
      ? await Promise.all([0, 1].map((h) => inWorker({ o, mos: all.filter((i) => i % 2 === h) })))
      : [await runPart({ o, mos: all })];
  const res: SynthResult = {
    packages: 0,
    cases: 0,
    conclusions: 0,
    defective: 0,
  };
  const truth: string[] = [csvRow(['month', 'file', 'n_zap', 'idcase', 'mo', 'has_defect', 'defects', 'f014', 'p_defect'])];
  const concl: string[] = [
    csvRow([
      'month',
      'file',
      'n_zap',
      'idcase',
      'mo',
      'smo',
      'control',
      's_tip',
      'reason',
      'expert',
      'review',
      'result',
      'f014',
      's_sum',
      'k_sh',
      'date_act',
      'num_act',
      'propensity',
    ]),
  ];
  for (const p of parts) for (const k of Object.keys(res) as (keyof SynthResult)[]) res[k] += p.res[k];
  for (let k = 0; k < o.months; k++) {
    for (const i of all) {
      const p = parts.find((x) => x.truth[`${k}:${i}`] !== undefined)!;
      truth.push(p.truth[`${k}:${i}`]);
      concl.push(p.concl[`${k}:${i}`]);
    }
  }
  const region = buildRegion(o.seed, nMos, o.smos ?? 3);
  await writeFile(join(o.out, 'truth.csv'), truth.join(''));
  await writeFile(join(o.out, 'conclusions.csv'), concl.join(''));
  await writeFile(
    join(o.out, 'region.json'),
    JSON.stringify(
      {
        ...region,
        tables: {
          ksg24h: KSG_24H,
          ksgDay: KSG_DAY,
          outpatient: OUTPATIENT,
          f014: F014,
        },
        options: { ...o, out: undefined, threads: undefined },
        // the per-capita financing norm of each year the fines of order 231н are computed from (omsx conclusions norm)
        fineNorm: Object.fromEntries(
          Array.from({ length: o.months }, (_, k) => {
            const [y0, m0] = (o.start ?? '2025-07').split('-').map(Number);
            return [String(ymOf(y0, m0, k).year), FINE_NORM_RUB];
          }),
        ),
      },
      null,
      1,
    ) + '\n',
  );
  return res;
}
