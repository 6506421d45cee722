/**
 * An expert conclusion as every source (a register's SANK, a CSV file, the API) gives it, and the row it becomes.
 * Pure: the case is looked up and the coefficients read by the service.
 */

/** Control type of an expertise: MEE (medico-economic) or EKMP (quality of care). */
export type Control = 'MEE' | 'EKMP';
/** How the case came to be reviewed (docs/selection-loop-contracts.md). */
export type Arm = 'trigger' | 'model' | 'random' | 'legacy' | 'manual' | 'unknown';
export type Source = 'register' | 'csv' | 'api';

/**
 * The control type of an F006 code, undefined for MEK (1, 10–12) and codes that are no expertise. 50–59 MEE and
 * 70–86 EKMP are today's codes; 2, 20–29 (MEE) and 3, 30–49 (EKMP) the ones they replaced in 2018–2021.
 */
export function controlOf(sTip: number): Control | undefined {
  if (sTip === 2 || (sTip >= 20 && sTip <= 29) || (sTip >= 50 && sTip <= 59)) return 'MEE';
  if (sTip === 3 || (sTip >= 30 && sTip <= 49) || (sTip >= 70 && sTip <= 86)) return 'EKMP';
  return undefined;
}

/** The F006 code a CSV `control` column stands for (planned MEE 50, planned targeted EKMP 70). */
export const CONTROL_S_TIP: Record<Control, number> = { MEE: 50, EKMP: 70 };

const REASON = /^(random|model(:.+)?|manual(:.+)?|trigger:.+|legacy:.+)$/;

/** The arm a selection reason names (`random`, `trigger:72`, `legacy:sum`, `model`, `manual`); undefined when malformed. */
export function armOf(reason: string | null | undefined): Arm | undefined {
  if (reason === null || reason === undefined || reason === '') return 'unknown';
  if (!REASON.test(reason)) return undefined;
  return reason.split(':')[0] as Arm;
}

/** What a source says of one conclusion. Unknown parts are null (a register's SANK knows no arm nor comment). */
export interface ConclusionInput {
  caseId: string;
  slId: string | null;
  sTip: number;
  defect: boolean;
  f014: number[];
  /** S_SUM in kopecks; null = compute it from the case sum and K_NO. */
  amountKop: number | null;
  experts: string[];
  dateAct: string | null;
  numAct: string | null;
  comment: string | null;
  reason: string | null;
  propensity: number | null;
  source: Source;
  sourceRef: string | null;
}

/** The stored content of a conclusion (what a version records and what re-import compares). */
export interface ConclusionContent {
  sl_id: string | null;
  s_tip: number;
  control: Control;
  defect: boolean;
  f014: number[];
  amount_kop: number;
  fine_kop: number;
  fine_pending: boolean;
  experts: string[];
  date_act: string | null;
  num_act: string | null;
  comment: string | null;
  arm: Arm;
  reason: string | null;
  propensity: number | null;
}

/** A conclusion ready to be written: content, identity, provenance and the query columns copied from its case. */
export interface ConclusionRow extends ConclusionContent {
  case_id: string;
  nat_key: string;
  source: Source;
  source_ref: string | null;
  year: number;
  month: number;
  smo: string | null;
  code_mo: string;
  usl_ok: number | null;
}

/**
 * The identity of a conclusion, the same whichever source brings it: the case, the F006 code and the act number
 * (or, without one, the act date and the experts). A SANK returned in a register and the CSV line of the same act
 * are one conclusion.
 */
export function naturalKey(
  caseId: string,
  sTip: number,
  numAct: string | null,
  dateAct: string | null,
  experts: readonly string[],
): string {
  if (numAct) return `${caseId}|${sTip}|act:${numAct}`;
  return `${caseId}|${sTip}|${dateAct ?? ''}|${[...experts].sort().join(',')}`;
}

/**
 * The content a re-import leaves: what the source says, and for what it does not know (null, an `unknown` arm, a
 * fine it could not compute) what is stored. Null when nothing changes.
 */
export function mergeContent(stored: ConclusionContent, incoming: ConclusionContent): ConclusionContent | null {
  const m: ConclusionContent = { ...incoming };
  if (m.sl_id === null) m.sl_id = stored.sl_id;
  if (m.comment === null) m.comment = stored.comment;
  if (m.date_act === null) m.date_act = stored.date_act;
  if (m.num_act === null) m.num_act = stored.num_act;
  if (!m.experts.length) m.experts = stored.experts;
  if (m.arm === 'unknown' && m.reason === null) {
    m.arm = stored.arm;
    m.reason = stored.reason;
  }
  if (m.propensity === null) m.propensity = stored.propensity;
  if (m.fine_pending && !stored.fine_pending) {
    m.fine_kop = stored.fine_kop;
    m.fine_pending = false;
  }
  return sameContent(stored, m) ? null : m;
}

export function sameContent(a: ConclusionContent, b: ConclusionContent): boolean {
  return JSON.stringify(contentOf(a)) === JSON.stringify(contentOf(b));
}

/** The fields of a conclusion's content (what a correction may change), in the table's column order. */
export const CONTENT_KEYS = [
  'sl_id',
  's_tip',
  'control',
  'defect',
  'f014',
  'amount_kop',
  'fine_kop',
  'fine_pending',
  'experts',
  'date_act',
  'num_act',
  'comment',
  'arm',
  'reason',
  'propensity',
] as const satisfies readonly (keyof ConclusionContent)[];

/** The content fields of a row, in a fixed order. */
export function contentOf(r: ConclusionContent): ConclusionContent {
  const o = {} as Record<string, unknown>;
  for (const k of CONTENT_KEYS) o[k] = r[k];
  return o as unknown as ConclusionContent;
}
