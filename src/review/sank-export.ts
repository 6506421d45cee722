/**
 * An account written back after expertise: each case with its SANK (the MEK sanctions it had, then one per expert
 * conclusion and F014 code), SANK_IT (the largest S_SUM), SUMP = SUMV − SANK_IT and OPLATA, and the SCHET totals SUMMAP, SANK_MEK,
 * SANK_MEE, SANK_EKMP. Pure: the stored account and conclusions in, the records out (written by the register XML
 * writer, in the file's version).
 */
import type { RegisterHeader, Sank, Zap } from '../registers/model.js';
import { formatKopecks, toKopecks } from '../tariffs/money.js';
import type { Control } from './conclusion.js';

/** A stored case of the account, its sub-cases' SL and MEK sanctions as they were read. */
export interface StoredCase {
  id: string;
  n_zap: string;
  pr_nov: number;
  pacient: Record<string, unknown>;
  zsl: Record<string, unknown>;
  sls: Record<string, unknown>[];
  /** SANK of the case that are no expert conclusion (MEK), as read. */
  mek: Sank[];
}

/** A conclusion to write as a SANK. */
export interface ExportConclusion {
  id: string;
  case_id: string;
  s_tip: number;
  control: Control;
  f014: number[];
  amount_kop: number;
  sl_id: string | null;
  experts: string[];
  date_act: string | null;
  num_act: string | null;
  comment: string | null;
}

/**
 * SANK of a conclusion: one per F014 code, as a SANK holds one S_OSN. The first carries the conclusion's sum; each
 * further code is a SANK of the same act with S_SUM 0 (sanctions of one case are not added up, Q016 003K.00.0250), so
 * the register import, which reads the SANK of one act on one case as one conclusion (register-conclusions.ts), gets
 * back the same codes, sum and fine. A SANK with a sum names its SLs (FLK 003F.00.1770): a conclusion on the whole
 * case names every SL of the case (`caseSlIds`), which the import reads back as the whole case.
 */
export function conclusionSanks(c: ExportConclusion, caseSlIds: readonly string[] = []): Sank[] {
  const codes = c.f014.length ? c.f014 : [undefined];
  return codes.map((code, k) => {
    const amount = k === 0 ? c.amount_kop : 0;
    const s: Sank = { S_CODE: k === 0 ? `C${c.id}` : `C${c.id}.${k + 1}`, S_SUM: formatKopecks(amount), S_TIP: String(c.s_tip) };
    if (c.sl_id) s.SL_ID = c.sl_id.split(',');
    else if (c.amount_kop !== 0 && caseSlIds.length) s.SL_ID = [...caseSlIds];
    if (code !== undefined) s.S_OSN = String(code);
    if (c.date_act) s.DATE_ACT = c.date_act;
    if (c.num_act) s.NUM_ACT = c.num_act;
    if (c.experts.length) s.CODE_EXP = [...c.experts];
    if (c.comment) s.S_COM = c.comment;
    s.S_IST = '1';
    return s;
  });
}

const MEK_TIPS = new Set([1, 10, 11, 12]);

/** The account's records and header with the payment elements of its expertise filled in. */
export function accountWithSank(
  header: RegisterHeader,
  cases: readonly StoredCase[],
  conclusions: readonly ExportConclusion[],
): { header: RegisterHeader; zaps: Zap[] } {
  const byCase = new Map<string, ExportConclusion[]>();
  for (const c of conclusions) byCase.set(c.case_id, [...(byCase.get(c.case_id) ?? []), c]);
  const totals = { summav: 0, summap: 0, mek: 0, mee: 0, ekmp: 0 };
  const zaps = cases.map((c) => {
    const slIds = c.sls.map((sl) => sl.SL_ID).filter((id): id is string => typeof id === 'string' && id !== '');
    const ekmp = new Set<Sank>();
    const expert = (byCase.get(c.id) ?? []).flatMap((k) => {
      const written = conclusionSanks(k, slIds);
      if (k.control === 'EKMP') for (const s of written) ekmp.add(s);
      return written;
    });
    const sanks: Sank[] = [...c.mek, ...expert];
    // SANK_IT is the largest S_SUM of the case, not their sum (Q016 003K.00.0250): two experts refusing the same
    // case do not refuse it twice
    let sankIt = 0;
    for (const s of sanks) {
      const k = toKopecks(s.S_SUM) ?? 0;
      sankIt = Math.max(sankIt, k);
      const tip = Number(s.S_TIP);
      if (MEK_TIPS.has(tip)) totals.mek += k;
      else if (ekmp.has(s)) totals.ekmp += k;
      else totals.mee += k;
    }
    const { OPLATA: _o, SUMP: _s, SANK_IT: _i, SANK: _k, ...zsl } = c.zsl;
    const sumv = toKopecks(String(zsl.SUMV)) ?? 0;
    const sump = Math.max(0, sumv - sankIt);
    totals.summav += sumv;
    totals.summap += sump;
    const out: Record<string, unknown> = {
      ...zsl,
      SL: c.sls,
      OPLATA: sankIt === 0 ? '1' : sankIt >= sumv ? '2' : '3',
      SUMP: formatKopecks(sump),
    };
    if (sanks.length) {
      out.SANK_IT = formatKopecks(sankIt);
      out.SANK = sanks;
    }
    return { N_ZAP: c.n_zap, PR_NOV: String(c.pr_nov), PACIENT: c.pacient, Z_SL: out } as unknown as Zap;
  });
  // The file holds the stored records only, and a record the FLK rejected was never stored: then the header counts
  // and bills what is written, or the account fails 006F.00.0110 (SD_Z) and 003K.00.0130 (SUMMAV) wherever it is read.
  // A complete account keeps the MO's own SUMMAV.
  const sdz = header.ZGLV.SD_Z;
  const incomplete = sdz !== undefined && Number(sdz) !== zaps.length;
  const zglv = incomplete ? { ...header.ZGLV, SD_Z: String(zaps.length) } : header.ZGLV;
  const schet = {
    ...header.SCHET,
    ...(incomplete ? { SUMMAV: formatKopecks(totals.summav) } : {}),
    SUMMAP: formatKopecks(totals.summap),
    SANK_MEK: formatKopecks(totals.mek),
    SANK_MEE: formatKopecks(totals.mee),
    SANK_EKMP: formatKopecks(totals.ekmp),
  };
  return { header: { ZGLV: zglv, SCHET: schet }, zaps };
}
