/**
 * The CSV format of conclusions (README "Expert conclusions"): columns by header name in any order; the case by
 * `file` + `idcase` or `file` + `n_zap`; `s_tip` (F006) or `control` (MEE → 50, EKMP → 70); `result`
 * (`defect`/`no_defect`); `f014` (`;`-separated); optional `sl_id`, `s_sum`, `expert` (`;`-separated), `date_act`,
 * `num_act`, `comment`, `reason`, `propensity`. Other columns are ignored. Pure: parses text into inputs, each with
 * its line number, or the line's error.
 */
import { toKopecks } from '../tariffs/money.js';
import { CONTROL_S_TIP, controlOf, type ConclusionInput } from './conclusion.js';

/** A parsed line: the case reference and the conclusion without its case id (looked up later). */
export interface CsvConclusion {
  line: number;
  ref: { file: string; by: 'idcase' | 'n_zap'; value: string };
  input: Omit<ConclusionInput, 'caseId'>;
}

export interface CsvParse {
  rows: CsvConclusion[];
  /** Data lines read (without the header and blank lines). */
  count: number;
  errors: { line: number; message: string }[];
}

/** Splits CSV text (RFC 4180: quotes, doubled quotes, CRLF) into records with the line each starts on. */
export function csvRecords(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    // a line without quotes (nearly all) is split at once; one with a quote is read character by character
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    const plain = text.slice(i, end);
    if (plain.indexOf('"') < 0) {
      const cells = (plain.endsWith('\r') ? plain.slice(0, -1) : plain).split(',');
      if (cells.length > 1 || cells[0].trim() !== '') out.push({ line: start, cells });
      i = end + 1;
      line++;
      continue;
    }
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i++;
          } else quoted = false;
        } else {
          if (ch === '\n') line++;
          cell += ch;
        }
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        cells.push(cell);
        cell = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        break;
      } else cell += ch;
    }
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== '') out.push({ line: start, cells });
  }
  return out;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses the CSV text; `sourceRef` names the file in each conclusion's provenance. */
export function parseConclusionsCsv(text: string, sourceRef: string): CsvParse {
  const records = csvRecords(text);
  const res: CsvParse = { rows: [], count: 0, errors: [] };
  if (!records.length) {
    res.errors.push({ line: 1, message: 'empty file: expected a header line' });
    return res;
  }
  const header = records[0].cells.map((h) => h.trim().toLowerCase());
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = ['file', 'result'].filter((h) => !col.has(h));
  if (!col.has('idcase') && !col.has('n_zap')) missing.push('idcase or n_zap');
  if (!col.has('s_tip') && !col.has('control')) missing.push('s_tip or control');
  if (missing.length) {
    res.errors.push({ line: records[0].line, message: `header: missing column(s) ${missing.join(', ')}` });
    return res;
  }
  for (const rec of records.slice(1)) {
    res.count++;
    const get = (h: string) => {
      const i = col.get(h);
      const v = i === undefined ? undefined : rec.cells[i]?.trim();
      return v === '' ? undefined : v;
    };
    const r = parseLine(get);
    if (typeof r === 'string') res.errors.push({ line: rec.line, message: r });
    else res.rows.push({ line: rec.line, ref: r.ref, input: { ...r.input, sourceRef: `${sourceRef}:${rec.line}` } });
  }
  return res;
}

function parseLine(get: (h: string) => string | undefined): string | Omit<CsvConclusion, 'line'> {
  const file = get('file');
  if (!file) return 'file is empty';
  const idcase = get('idcase');
  const nZap = get('n_zap');
  if (!idcase && !nZap) return 'the case needs idcase or n_zap';
  let sTip: number;
  const sTipText = get('s_tip');
  const control = get('control')?.toUpperCase();
  if (control !== undefined && control !== 'MEE' && control !== 'EKMP')
    return `control ${JSON.stringify(get('control'))}: expected MEE or EKMP`;
  if (sTipText !== undefined) {
    if (!/^\d+$/.test(sTipText)) return `s_tip ${JSON.stringify(sTipText)} is not an F006 code`;
    sTip = Number(sTipText);
    if (control && controlOf(sTip) && controlOf(sTip) !== control) return `s_tip ${sTip} is ${controlOf(sTip)}, not ${control}`;
  } else if (control) sTip = CONTROL_S_TIP[control];
  else return 'the control type needs s_tip or control';
  const result = get('result');
  if (result !== 'defect' && result !== 'no_defect') return `result ${JSON.stringify(result ?? '')}: expected defect or no_defect`;
  const f014: number[] = [];
  for (const c of list(get('f014'))) {
    if (!/^\d+$/.test(c)) return `F014 code ${JSON.stringify(c)} is not a number`;
    f014.push(Number(c));
  }
  let amountKop: number | null = null;
  const sSum = get('s_sum');
  if (sSum !== undefined) {
    const k = toKopecks(sSum);
    if (k === undefined || k < 0) return `s_sum ${JSON.stringify(sSum)} is not an amount (e.g. 1234.50)`;
    amountKop = k;
  }
  const dateAct = get('date_act') ?? null;
  if (dateAct !== null && !/^\d{4}-\d{2}-\d{2}$/.test(dateAct)) return `date_act ${JSON.stringify(dateAct)} is not a date (YYYY-MM-DD)`;
  let propensity: number | null = null;
  const p = get('propensity');
  if (p !== undefined) {
    propensity = Number(p);
    if (!Number.isFinite(propensity)) return `propensity ${JSON.stringify(p)} is not a number`;
  }
  return {
    ref: idcase ? { file, by: 'idcase', value: idcase } : { file, by: 'n_zap', value: nZap! },
    input: {
      slId: get('sl_id') ?? null,
      sTip,
      defect: result === 'defect',
      f014,
      amountKop,
      experts: list(get('expert')),
      dateAct,
      numAct: get('num_act') ?? null,
      comment: get('comment') ?? null,
      reason: get('reason') ?? null,
      propensity,
      source: 'csv',
      sourceRef: null,
    },
  };
}
