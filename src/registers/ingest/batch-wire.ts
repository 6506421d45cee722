/**
 * A worker's batch result in the form it crosses to the main thread. Posted as objects, the record
 * references, ID_PACs and case summaries (a few per record, ~15 named fields each) were serialised
 * field name by field name and rebuilt on the other side: ~0.34 s of the worker's time per 100k
 * cases, the thread everything else waits for. Here their strings are one text with a length each
 * (-1 for none) and their numbers one Float64Array (NaN for none); the findings (a few per hundred
 * records) and the COPY bytes (transferred) go as they are.
 */
import type { CaseSummary } from '../mek/summary.js';
import type { BatchResult, RecordRef } from './file-pipeline.js';

export interface WireBatch {
  /** Every string of the batch, one after another; `lens[i]` is the length of the i-th, -1 when it is absent. */
  text: string;
  lens: Int32Array;
  /** Per record: its index among the accepted (-1 when rejected); per accepted record NUMS numbers. */
  nums: Float64Array;
  records: number;
  idPacs: number;
  /** The file named by every summary of the batch. */
  file: string;
  rest: Pick<BatchResult<CaseSummary>, 'copy' | 'rejected' | 'findings'>;
}

/** The summary's string fields, in wire order (`file` is the batch's). */
const STRINGS = ['personKey', 'n_zap', 'idcase', 'lpu', 'd1', 'd2', 'ds1', 'prvs', 'novor'] as const;
/** Numbers per summary: uslOk, profil, rslt, sumvKop, prNov (1/0, NaN when absent), stored (likewise). */
const NUMS = 6;

const num = (v: number | undefined) => (v === undefined ? NaN : v);
const flag = (v: boolean | undefined) => (v === undefined ? NaN : v ? 1 : 0);

/** The wire form of a batch result. */
export function toWire(r: BatchResult<CaseSummary>): WireBatch {
  // the strings joined as they come (V8 keeps them as a rope until the message is serialised)
  let text = '';
  const lens = new Int32Array(r.records.length * 2 + r.idPacs.length + r.accepted.length * STRINGS.length);
  let k = 0;
  const put = (s: string | undefined) => {
    if (s === undefined) lens[k++] = -1;
    else {
      text += s;
      lens[k++] = s.length;
    }
  };
  const nums = new Float64Array(r.records.length + r.accepted.length * NUMS);
  let n = 0;
  for (const [nZap, idcase, index] of r.records) {
    put(nZap);
    put(idcase);
    nums[n++] = index;
  }
  for (const id of r.idPacs) put(id);
  const file = r.accepted[0]?.file ?? '';
  for (const s of r.accepted) {
    if (s.file !== file) throw new Error(`a batch's summaries name two files: ${file}, ${s.file}`);
    for (const k of STRINGS) put(s[k]);
    nums[n++] = num(s.uslOk);
    nums[n++] = num(s.profil);
    nums[n++] = num(s.rslt);
    nums[n++] = num(s.sumvKop);
    nums[n++] = flag(s.prNov);
    nums[n++] = flag(s.stored);
  }
  return {
    text,
    lens,
    nums,
    records: r.records.length,
    idPacs: r.idPacs.length,
    file,
    rest: { copy: r.copy, rejected: r.rejected, findings: r.findings },
  };
}

/** The batch result of a wire form. Absent values come back as properties set to undefined, as summarize() sets them. */
export function fromWire(w: WireBatch): BatchResult<CaseSummary> {
  const { text, lens, nums } = w;
  let at = 0;
  let k = 0;
  const str = (): string | undefined => {
    const len = lens[k++];
    if (len < 0) return undefined;
    const s = text.slice(at, at + len);
    at += len;
    return s;
  };
  const numAt = (i: number): number | undefined => {
    const v = nums[i];
    return v !== v ? undefined : v;
  };
  const flagAt = (i: number): boolean | undefined => {
    const v = nums[i];
    return v !== v ? undefined : v === 1;
  };
  const records: RecordRef[] = new Array<RecordRef>(w.records);
  for (let i = 0; i < w.records; i++) records[i] = [str()!, str(), nums[i]];
  const idPacs: string[] = new Array<string>(w.idPacs);
  for (let i = 0; i < w.idPacs; i++) idPacs[i] = str()!;
  const accepted: CaseSummary[] = [];
  for (let n = w.records; n < nums.length; n += NUMS) {
    // the str() calls run in the order of STRINGS (the object's properties are evaluated in order)
    const s: CaseSummary = {
      personKey: str()!,
      file: w.file,
      n_zap: str(),
      idcase: str(),
      lpu: str(),
      uslOk: numAt(n),
      d1: str()!,
      d2: str()!,
      ds1: str(),
      profil: numAt(n + 1),
      prvs: str(),
      novor: str(),
      rslt: numAt(n + 2),
      sumvKop: numAt(n + 3),
      prNov: flagAt(n + 4),
    };
    const stored = flagAt(n + 5);
    if (stored !== undefined) s.stored = stored;
    accepted.push(s);
  }
  return { ...w.rest, records, idPacs, accepted };
}
