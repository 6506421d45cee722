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
const cmp = (a: string, b: string) =>
  /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;
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
    return (c) => lookup(c, f) !== undefined && lookup(c, f) !== '';
  }
  m = new RegExp(`^${FIELD}\\s+отсутствует$`, 'i').exec(s);
  if (m) {
    const f = m[1];
    return (c) => lookup(c, f) === undefined;
  }
  m = new RegExp(`^${FIELD}\\s*(<>|=)\\s*(\\{[^}]*\\}|[\\w.]+)$`).exec(s);
  if (m) {
    const [, f, op, v] = m;
    const vals = list(v);
    return (c) => {
      const x = str(lookup(c, f));
      if (x === undefined) return false; // a condition on an absent field does not hold
      const hit = vals.some((y) => cmp(x, y) === 0);
      return op === '=' ? hit : !hit;
    };
  }
  m = new RegExp(`^([\\w.]+)\\s*(<=|<)\\s*${FIELD}\\s*(<=|<)\\s*([\\w.]+)$`).exec(s);
  if (m) {
    const [, lo, op1, f, op2, hi] = m;
    return (c) => {
      const x = str(lookup(c, f));
      if (x === undefined) return false;
      const a = cmp(lo, x);
      const b = cmp(x, hi);
      return (op1 === '<' ? a < 0 : a <= 0) && (op2 === '<' ? b < 0 : b <= 0);
    };
  }
  m = new RegExp(`^${FIELD}\\s*(<=|>=|<|>)\\s*([\\w.]+)$`).exec(s);
  if (m) {
    const [, f, op, v] = m;
    return (c) => {
      const x = str(lookup(c, f));
      if (x === undefined) return false;
      const d = cmp(x, v);
      return op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0;
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
  const preds = compiled as Predicate[][];
  return (chain) => preds.some((and) => and.every((p) => p(chain)));
}
