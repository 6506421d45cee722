/**
 * The act of a medical-economic expertise (MEE) or of an expertise of the quality of care (EKMP) for one MO, period
 * and control: the document coordinators send to the MO — header, one line per reviewed case with its defects
 * (F014 codes and the items of order 231н), the amounts withheld and the fines, totals. Pure: built from the stored
 * conclusions (acts.repo.ts) and an F014 decoder.
 */

/** One stored conclusion with what the act shows of its case (no personal data: the patient by pseudonym only). */
export interface ActSource {
  conclusion_id: string;
  case_id: string;
  smo: string | null;
  file: string;
  nschet: string | null;
  dschet: string | null;
  n_zap: string;
  idcase: string;
  /** The pseudonymous person key (null when the installation has no pseudonym key). */
  patient: string | null;
  date_1: string;
  date_2: string;
  usl_ok: number | null;
  sum_kop: number;
  s_tip: number;
  defect: boolean;
  f014: number[];
  amount_kop: number;
  fine_kop: number;
  fine_pending: boolean;
  experts: string[];
  num_act: string | null;
  date_act: string | null;
  comment: string | null;
}

/** A defect as the act names it: the F014 code, the item of order 231н and the code's name. */
export interface ActDefect {
  code: number;
  item: string | null;
  name: string | null;
}

export type ActLine = Omit<ActSource, 'f014' | 'smo' | 'file' | 'nschet' | 'dschet'> & { defects: ActDefect[]; account: string | null };

export interface ActAccount {
  file: string;
  nschet: string | null;
  dschet: string | null;
}

export interface Act {
  period: string;
  control: 'MEE' | 'EKMP';
  mo: { code: string; name: string | null };
  smo: string | null;
  accounts: ActAccount[];
  /** The act numbers and dates the conclusions carry (usually one). */
  acts: { num: string | null; date: string | null }[];
  experts: string[];
  lines: ActLine[];
  /** Every defect found, with the number of cases it was found in. */
  defects: (ActDefect & { cases: number })[];
  /** `cases`, `with_defects` and `sum_kop` count each case once; the amounts and fines add up every conclusion. */
  totals: { cases: number; with_defects: number; sum_kop: number; amount_kop: number; fine_kop: number; fines_pending: number };
}

export interface ActHeader {
  period: string;
  control: 'MEE' | 'EKMP';
  mo: string;
  moName?: string | null;
  smo: string | null;
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/** Builds the act from its conclusions (in the order given); `decode` names an F014 code. */
export function buildAct(h: ActHeader, rows: readonly ActSource[], decode: (code: number) => Omit<ActDefect, 'code'> | undefined): Act {
  const defectOf = (code: number): ActDefect => ({ code, item: decode(code)?.item ?? null, name: decode(code)?.name ?? null });
  const accounts = new Map<string, ActAccount>();
  const counts = new Map<number, Set<string>>(); // F014 code → the cases it was found in
  const lines: ActLine[] = rows.map((r) => {
    accounts.set(r.file, { file: r.file, nschet: r.nschet, dschet: r.dschet });
    for (const c of r.f014) counts.set(c, (counts.get(c) ?? new Set()).add(r.case_id));
    const { f014, smo: _smo, file: _file, nschet, dschet: _dschet, ...rest } = r;
    return { ...rest, account: nschet, defects: f014.map(defectOf) };
  });
  const actKeys = new Map<string, { num: string | null; date: string | null }>();
  for (const r of rows) actKeys.set(`${r.num_act ?? ''}|${r.date_act ?? ''}`, { num: r.num_act, date: r.date_act });
  const sum = (f: (r: ActSource) => number) => rows.reduce((s, r) => s + f(r), 0);
  const cases = new Map(rows.map((r) => [r.case_id, r.sum_kop]));
  return {
    period: h.period,
    control: h.control,
    mo: { code: h.mo, name: h.moName ?? null },
    smo: h.smo,
    accounts: [...accounts.values()].sort((a, b) => a.file.localeCompare(b.file)),
    acts: [...actKeys.values()].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || (a.num ?? '').localeCompare(b.num ?? '')),
    experts: uniq(rows.flatMap((r) => r.experts)).sort(),
    lines,
    defects: [...counts.entries()].sort(([a], [b]) => a - b).map(([code, cases]) => ({ ...defectOf(code), cases: cases.size })),
    // a case reviewed twice (two conclusions of the control: a re-review, another S_TIP) is one case of the act:
    // its sum counts once, the amounts and fines of each conclusion all count
    totals: {
      cases: cases.size,
      with_defects: uniq(rows.filter((r) => r.defect).map((r) => r.case_id)).length,
      sum_kop: [...cases.values()].reduce((s, k) => s + k, 0),
      amount_kop: sum((r) => r.amount_kop),
      fine_kop: sum((r) => r.fine_kop),
      fines_pending: rows.filter((r) => r.fine_pending).length,
    },
  };
}

/** Kopecks as roubles with two decimals and a thin-space thousands separator (`1 234,50`), as the act prints them. */
export function rubles(kop: number): string {
  const sign = kop < 0 ? '-' : '';
  const abs = Math.abs(kop);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')}`;
}

export const CONTROL_TITLE: Record<Act['control'], string> = {
  MEE: 'медико-экономической экспертизы',
  EKMP: 'экспертизы качества медицинской помощи',
};

/** The defects of a line as the act prints them: `252 (п. 2.16.1)`, one per line. */
export function defectsText(defects: readonly ActDefect[]): string {
  return defects.length ? defects.map((d) => (d.item ? `${d.code} (п. ${d.item.replace(/\.$/, '')})` : String(d.code))).join('\n') : 'нет';
}

/** The act's file name: `act-<MEE|EKMP>-<mo>-<period>[-<smo>].<ext>`. */
export function actFileName(a: Pick<Act, 'control' | 'mo' | 'period' | 'smo'>, ext: string): string {
  return `act-${a.control}-${a.mo.code}-${a.period}${a.smo ? `-${a.smo}` : ''}.${ext}`.replace(/[^\w.-]+/g, '_');
}
