/**
 * The register files of one MO-month as text: the H-file (general care), the C-file (oncology),
 * their L-files, and — from the second month on — a corrected register carrying the sanctions of
 * the previous month's expertise (SCHET/REF, PR_NOV=1, SANK, OPLATA, SUMP).
 */
import type { Pers, RegisterHeader, Zap } from '../registers/model.js';
import { persListXml, zapXml, zlListHead, ZL_LIST_TAIL } from '../registers/write/xml-writer.js';
import { formatKopecks, toKopecks } from '../tariffs/money.js';
import type { GenCase } from './episodes.js';
import type { Conclusion } from './review.js';
import type { Mo } from './region.js';

export interface RegisterFileText {
  name: string;
  text: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export interface FileOptions {
  version: string;
  year: number;
  month: number;
  moIndex: number;
}

/** The bill date: the 5th of the next month (after every case of the month has ended). */
export function billDate(y: number, m: number): string {
  return m === 12 ? `${y + 1}-01-05` : `${y}-${pad(m + 1)}-05`;
}

function schetCode(o: FileOptions, packet: number): string {
  return `${String(o.year).slice(2)}${pad(o.month)}${pad(o.moIndex % 1000, 3)}${packet}`;
}

function registerFile(
  mo: Mo,
  o: FileOptions,
  letter: 'H' | 'C',
  packet: number,
  zaps: Zap[],
  persons: Map<string, Pers>,
  extra: Partial<RegisterHeader['SCHET']> = {},
): RegisterFileText[] {
  const yymm = `${String(o.year).slice(2)}${pad(o.month)}`;
  const name = `${letter}M${mo.code}T76_${yymm}${packet}`;
  const lname = `LM${mo.code}T76_${yymm}${packet}`;
  const date = billDate(o.year, o.month);
  zaps.forEach((z, i) => (z.N_ZAP = String(i + 1)));
  const summav = zaps.reduce((s, z) => s + (toKopecks(z.Z_SL.SUMV) ?? 0), 0);
  const header: RegisterHeader = {
    ZGLV: {
      VERSION: o.version,
      DATA: date,
      FILENAME: name,
      SD_Z: String(zaps.length),
    },
    SCHET: {
      CODE: schetCode(o, packet),
      CODE_MO: mo.code,
      YEAR: String(o.year),
      MONTH: String(o.month),
      NSCHET: `${yymm}-${packet}`,
      DSCHET: date,
      SUMMAV: formatKopecks(summav),
      ...extra,
    },
  };
  const parts = [zlListHead(header, letter)];
  for (const z of zaps) parts.push(zapXml(z, letter));
  parts.push(ZL_LIST_TAIL);
  return [
    { name: name + '.XML', text: parts.join('') },
    {
      name: lname + '.XML',
      text: persListXml({ VERSION: o.version, DATA: date, FILENAME: lname, FILENAME1: name }, persOf(zaps, persons)),
    },
  ];
}

function persOf(zaps: Zap[], persons: Map<string, Pers>): Pers[] {
  const seen = new Set<string>();
  const out: Pers[] = [];
  for (const z of zaps) {
    const id = z.PACIENT.ID_PAC!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(persons.get(id)!);
  }
  return out;
}

/** Builds the files of one MO-month. `sanctions` are the previous month's conclusions with a defect found. */
export function moMonthFiles(mo: Mo, o: FileOptions, cases: GenCase[], sanctions: Conclusion[]): RegisterFileText[] {
  const persons = new Map<string, Pers>();
  for (const p of [...cases.map((c) => c.person), ...sanctions.map((s) => s.case.person)]) {
    persons.set(p.enp, {
      ID_PAC: p.enp,
      FAM: p.fam,
      IM: p.im,
      OT: p.ot,
      W: String(p.w),
      DR: p.dr,
    });
  }
  const out: RegisterFileText[] = [];
  const h = cases.filter((c) => c.kind === 'H').map((c) => c.zap);
  const cz = cases.filter((c) => c.kind === 'C').map((c) => c.zap);
  if (h.length) out.push(...registerFile(mo, o, 'H', 1, h, persons));
  if (cz.length) out.push(...registerFile(mo, o, 'C', 3, cz, persons));
  if (sanctions.length) out.push(...correction(mo, o, sanctions, persons));
  return out;
}

/** Previous month's sanctioned cases re-sent as a corrected register with SANK. */
function correction(mo: Mo, o: FileOptions, sanctions: Conclusion[], persons: Map<string, Pers>): RegisterFileText[] {
  const prev = o.month === 1 ? { year: o.year - 1, month: 12 } : { year: o.year, month: o.month - 1 };
  const byKind = new Map<'H' | 'C', Conclusion[]>();
  for (const s of sanctions) byKind.set(s.case.kind, [...(byKind.get(s.case.kind) ?? []), s]);
  const out: RegisterFileText[] = [];
  for (const [kind, list] of byKind) {
    let mee = 0;
    let ekmp = 0;
    let summap = 0;
    const zaps = list.map((s, i) => {
      const z = structuredClone(s.case.zap);
      const zs = z.Z_SL;
      const sumv = toKopecks(zs.SUMV) ?? 0;
      const sank = toKopecks(s.sSum) ?? 0;
      if (s.control === 'MEE') mee += sank;
      else ekmp += sank;
      summap += sumv - sank;
      z.PR_NOV = '1';
      Object.assign(zs, {
        FIRST_IDCASE: zs.IDCASE,
        OPLATA: sank >= sumv ? '2' : '3',
        SUMP: formatKopecks(sumv - sank),
        SANK_IT: s.sSum,
        SANK: [
          {
            S_CODE: `${zs.IDCASE}-${i + 1}`,
            S_SUM: s.sSum,
            S_TIP: String(s.sTip),
            SL_ID: [zs.SL[0].SL_ID!],
            S_OSN: String(s.f014),
            DATE_ACT: `${billDate(prev.year, prev.month).slice(0, 8)}20`,
            NUM_ACT: `${s.control}-${zs.IDCASE}`,
            CODE_EXP: [s.expert],
            S_IST: '1',
          },
        ],
      });
      return z;
    });
    const extra = {
      SUMMAP: formatKopecks(summap),
      SANK_MEE: formatKopecks(mee),
      SANK_EKMP: formatKopecks(ekmp),
      REF: {
        FIRST_CODE: schetCode({ ...o, ...prev }, kind === 'H' ? 1 : 3),
        FIRST_YEAR: String(prev.year),
        FIRST_MONTH: String(prev.month),
      },
    };
    out.push(...registerFile(mo, o, kind, kind === 'H' ? 2 : 4, zaps, persons, extra));
  }
  return out;
}

export { lastDay };
