/**
 * The simple condition language of Q015 USL_TEST, enough for the rules whose condition is a
 * conjunction/disjunction of field comparisons: `VPOLIS=1`, `USL_OK<>{1, 2}`, `C00.0<=DS1<D10`,
 * `Тег KSG_KPG присутствует`, `ENP отсутствует`, `BSA заполнен`, joined by `и` / `или` without
 * parentheses. Anything else is not compiled (the rule is then not applied, and says so).
 */
import type { XmlNode } from '../model.js';

export type Predicate = (chain: readonly XmlNode[]) => boolean;

function lookup(chain: readonly XmlNode[], field: string): string | XmlNode | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const v = chain[i][field];
    if (v === undefined) continue;
    if (Array.isArray(v)) return v[0];
    return v;
  }
  return undefined;
}

const str = (v: string | XmlNode | undefined) => (typeof v === 'string' ? v : undefined);
const list = (s: string) =>
  s
    .replace(/[{}]/g, '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const isDigit = (c: number) => c >= 48 && c <= 57;

/** `/^-?\d+(\.\d+)?$/` without a regular expression: a decimal text ("12", "-0.5"), compared as a number. */
export function isDecimalText(s: string): boolean {
  const n = s.length;
  let i = n > 0 && s.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === intStart) return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46) return false; // '.'
  const fracStart = ++i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  return i > fracStart && i === n;
}

/**
 * One side of a comparison with its numeric reading done once: `num` is set when the text is a
 * decimal. The constant sides of a condition are parsed when it is compiled, the record's value
 * once per evaluation (not once per constant it is compared with).
 */
interface Operand {
  text: string;
  num: number | undefined;
}
const num = (text: string) => (isDecimalText(text) ? Number(text) : undefined);
const operand = (text: string): Operand => ({ text, num: num(text) });

/** Numerically when both sides are decimals, otherwise by code units (as the catalogue's codes compare). */
const cmp = (a: string, an: number | undefined, b: string, bn: number | undefined) =>
  an !== undefined && bn !== undefined ? an - bn : a < b ? -1 : a > b ? 1 : 0;
const FIELD = '([A-Z][A-Z0-9_]*)';

function atom(raw: string): Predicate | undefined {
  const s = raw
    .replace(/\u00a0/g, ' ')
    .trim()
    .replace(/^тег\s+/i, '')
    .replace(/^[A-Z_]+\.(?=[A-Z])/, '');
  let m = new RegExp(`^${FIELD}\\s+(присутствует|заполнен)$`, 'i').exec(s);
  if (m) {
    const f = m[1];
    return (c) => {
      const v = lookup(c, f);
      return v !== undefined && v !== '';
    };
  }
  m = new RegExp(`^${FIELD}\\s+отсутствует$`, 'i').exec(s);
  if (m) {
    const f = m[1];
    return (c) => lookup(c, f) === undefined;
  }
  m = new RegExp(`^${FIELD}\\s*(<>|=)\\s*(\\{[^}]*\\}|[\\w.]+)$`).exec(s);
  if (m) {
    const [, f, op, v] = m;
    const vals = list(v).map(operand);
    const eq = op === '=';
    return (c) => {
      const x = str(lookup(c, f));
      if (x === undefined) return false; // a condition on an absent field does not hold
      const xn = num(x);
      let hit = false;
      for (let i = 0; i < vals.length && !hit; i++) hit = cmp(x, xn, vals[i].text, vals[i].num) === 0;
      return eq ? hit : !hit;
    };
  }
  m = new RegExp(`^([\\w.]+)\\s*(<=|<)\\s*${FIELD}\\s*(<=|<)\\s*([\\w.]+)$`).exec(s);
  if (m) {
    const [, loText, op1, f, op2, hiText] = m;
    const lo = operand(loText);
    const hi = operand(hiText);
    const strict1 = op1 === '<';
    const strict2 = op2 === '<';
    return (c) => {
      const x = str(lookup(c, f));
      if (x === undefined) return false;
      const xn = num(x);
      const a = cmp(lo.text, lo.num, x, xn);
      const b = cmp(x, xn, hi.text, hi.num);
      return (strict1 ? a < 0 : a <= 0) && (strict2 ? b < 0 : b <= 0);
    };
  }
  m = new RegExp(`^${FIELD}\\s*(<=|>=|<|>)\\s*([\\w.]+)$`).exec(s);
  if (m) {
    const [, f, op, v] = m;
    const y = operand(v);
    const holds: (d: number) => boolean =
      op === '<' ? (d) => d < 0 : op === '<=' ? (d) => d <= 0 : op === '>' ? (d) => d > 0 : (d) => d >= 0;
    return (c) => {
      const x = str(lookup(c, f));
      if (x === undefined) return false;
      return holds(cmp(x, num(x), y.text, y.num));
    };
  }
  return undefined;
}

/** Compiles a USL_TEST text; undefined when it is outside the supported language. */
export function compileCondition(text: string): Predicate | undefined {
  if (/[()]/.test(text)) return undefined;
  const ors = text.split(/\s+или\s+/);
  const compiled = ors.map((o) => o.split(/\s+и\s+/).map(atom));
  if (compiled.some((and) => and.some((p) => !p))) return undefined;
  // the common shapes (one atom, one conjunction) become the atom or one loop: no nested closures per call
  const ands = (compiled as Predicate[][]).map((and): Predicate => (and.length === 1 ? and[0] : (chain) => all(and, chain)));
  return ands.length === 1 ? ands[0] : (chain) => any(ands, chain);
}

function all(preds: readonly Predicate[], chain: readonly XmlNode[]): boolean {
  for (let i = 0; i < preds.length; i++) if (!preds[i](chain)) return false;
  return true;
}

function any(preds: readonly Predicate[], chain: readonly XmlNode[]): boolean {
  for (let i = 0; i < preds.length; i++) if (preds[i](chain)) return true;
  return false;
}
