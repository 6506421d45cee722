/**
 * Compiles the Q015 catalogue into executable checks per file kind and scope (header, record,
 * L-file person): presence (003F), format (004F: length and mask, and "an empty element is an
 * error"), code tables (001F) and value domains (002F). A rule whose condition or mask is outside
 * what is compiled is left out and listed by {@link notImplemented}.
 */
import type { XmlNode } from '../model.js';
import type { Nsi, NsiTable } from '../../nsi/nsi.js';
import { Q015_RULES } from './q015.generated.js';
import type { Q015Rule } from './q015.js';
import { compileCondition, isDecimalText, type Predicate } from './condition.js';
import { compileMask, isIsoDate } from './mask.js';

export type Scope = 'header' | 'zap' | 'pers';

/**
 * A rule specialised for one parent chain (context, record root, …, the element's parent): it
 * appends its violations to `out`. Built once per rule when the catalogue is compiled, so that
 * applying a rule does no per-record dispatch on its family, re-parsing of its values or
 * message building beyond the messages it reports.
 */
export type RuleCheck = (chain: XmlNode[], out: Violation[], nsi: Nsi, caseDate: string | undefined) => void;

export interface CompiledRule {
  rule: Q015Rule;
  scope: Scope;
  /** Path from the scope's root to the element's parent. */
  segments: string[];
  /** `segments` joined: rules with the same key share one traversal. */
  key: string;
  name: string;
  family: 'presence' | 'absence' | 'format' | 'nsi' | 'domain' | 'compare';
  when?: Predicate;
  mask?: RegExp;
  isDate?: boolean;
  values?: string[];
  /** For `compare`: left field, operator, right field (006F, e.g. DATE_1<=DATE_2). */
  compare?: [string, string, string];
  /** A decimal mask (…9.99): the minimum length is not applied to whole numbers like "0". */
  decimal?: boolean;
  /** The rule as one function of a parent chain (see {@link RuleCheck}). */
  apply: RuleCheck;
}

export interface EngineContext {
  nsi: Nsi;
}

function scopeOf(el: string): { scope: Scope; segments: string[]; name: string } | undefined {
  const parts = el.split('/');
  const name = parts[parts.length - 1];
  if (parts[0] === 'PERS_LIST' && parts[1] === 'PERS')
    return parts.length > 2 ? { scope: 'pers', segments: parts.slice(2, -1), name } : undefined;
  if (parts[0] !== 'ZL_LIST') return undefined;
  if (parts[1] === 'ZAP') return parts.length > 2 ? { scope: 'zap', segments: parts.slice(2, -1), name } : undefined;
  return { scope: 'header', segments: parts.slice(1, -1), name };
}

type Described = Omit<CompiledRule, 'apply'>;

function describe(r: Q015Rule): Described | undefined {
  const at = scopeOf(r.el);
  if (!at) return undefined;
  const when = r.cond ? compileCondition(r.cond) : undefined;
  if (r.cond && !when) return undefined;
  const base = { rule: r, ...at, key: at.segments.join('/'), when };
  if (r.id.startsWith('003F')) {
    const absent = /должен отсутствовать|не заполняется|не должен присутствовать/i.test(r.comment ?? '');
    return { ...base, family: absent ? 'absence' : 'presence' };
  }
  if (r.id.startsWith('004F')) {
    if (r.mask === 'ГГГГ-ММ-ДД') return { ...base, family: 'format', isDate: true };
    const mask = r.mask ? compileMask(r.mask) : undefined;
    if (r.mask && !mask) return undefined;
    return {
      ...base,
      family: 'format',
      mask,
      decimal: /9\.9+$/.test(r.mask ?? ''),
    };
  }
  if (r.id.startsWith('001F')) return r.nsi ? { ...base, family: 'nsi' } : undefined;
  if (r.id.startsWith('002F') && r.val && /^(\{[^}]*\}|[\w.]+)$/.test(r.val) && !r.el.endsWith('/VERSION')) {
    return {
      ...base,
      family: 'domain',
      values: r.val
        .replace(/[{}]/g, '')
        .split(',')
        .map((v) => v.trim()),
    };
  }
  const cmp = r.id.startsWith('006F') && r.val ? /^([A-Z][A-Z0-9_]*)\s*(<=|>=|<|>)\s*([A-Z][A-Z0-9_]*)$/.exec(r.val) : null;
  if (cmp) {
    const other = cmp[1] === at.name ? cmp[3] : cmp[1];
    // the other field must be readable in this scope (DR lives in the L-file, DATA_Z_1 in the main file)
    if (at.scope === 'zap' && /^(DR|DR_P|W)$/.test(other)) return undefined;
    if (at.scope === 'pers' && !/^(DR|DR_P|DOCDATE)$/.test(other)) return undefined;
    // a rule on an element that compares two other fields means the element itself (Q015 006F.00.0340 on DATE_Z_2: DATE_Z_1<=DSCHET)
    const left = cmp[1] !== at.name && cmp[3] !== at.name ? at.name : cmp[1];
    return { ...base, family: 'compare', compare: [left, cmp[2], cmp[3]] };
  }
  return undefined;
}

/** The 006F operators (defined before the catalogue is compiled below). */
type Order = <T extends number | string>(x: T, y: T) => boolean;
const ORDER: Record<string, Order> = {
  '<=': (x, y) => x <= y,
  '>=': (x, y) => x >= y,
  '<': (x, y) => x < y,
  '>': (x, y) => x > y,
};

function compile(r: Q015Rule): CompiledRule | undefined {
  const d = describe(r);
  if (!d) return undefined;
  const c = d as CompiledRule;
  c.apply = specialise(c);
  return c;
}

const COMPILED: CompiledRule[] = Q015_RULES.map(compile).filter((c): c is CompiledRule => Boolean(c));

/** Rules applied to a file kind (Q015 TYPE_D letter) and scope, valid on the reporting date. */
export function rulesFor(typeLetter: string, scope: Scope, onDate?: string): CompiledRule[] {
  return COMPILED.filter(
    (c) =>
      c.scope === scope &&
      c.rule.types.includes(typeLetter) &&
      (!onDate || ((!c.rule.from || c.rule.from <= onDate) && (!c.rule.to || onDate <= c.rule.to))),
  );
}

/** Every rule id the engine applies (some kind, some date). */
export function implementedRuleIds(): string[] {
  return [...new Set(COMPILED.map((c) => c.rule.id))].sort();
}

/** Q015 ids not compiled: conditions in prose, cross-file logic, regional (005F) rules. */
export function notImplemented(): string[] {
  const done = new Set(COMPILED.map((c) => c.rule.id));
  return Q015_RULES.map((r) => r.id).filter((id) => !done.has(id));
}

/** A violation found by a compiled rule at one place. */
export interface Violation {
  rule: CompiledRule;
  chain: XmlNode[];
  value?: string;
  message: string;
}

function lookup(chain: readonly XmlNode[], field: string): string | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const v = chain[i][field];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/* ---------------------------------------------------------------------------------------------
 * Rule specialisation. Each family becomes one closure over what is fixed for the rule (its
 * condition, element name, value set, comparison operator, constant messages). The per-value
 * checks (format, code table, domain) share `perValue`, which visits the element's values —
 * one string, or each string of a repeated element — without building a list.
 * Conditions are pure, so each closure looks at its element first and evaluates the condition
 * only when the element could be reported (a present element for a presence rule never needs
 * its condition): the findings are the same, most conditions are never evaluated.
 * ------------------------------------------------------------------------------------------- */

/** A check of one value of the element: the message when it is wrong. */
type ValueCheck = (v: string, chain: readonly XmlNode[], nsi: Nsi, caseDate: string | undefined) => string | undefined;

function specialise(c: CompiledRule): RuleCheck {
  const { when, name } = c;
  switch (c.family) {
    case 'presence': {
      const message = `обязательный элемент ${name} отсутствует${c.rule.cond ? ` (условие: ${c.rule.cond})` : ''}`;
      return (chain, out) => {
        if (chain[chain.length - 1][name] !== undefined) return;
        if (when && !when(chain)) return;
        out.push({ rule: c, chain, message });
      };
    }
    case 'absence': {
      const message = `элемент ${name} должен отсутствовать (условие: ${c.rule.cond ?? '—'})`;
      return (chain, out) => {
        if (chain[chain.length - 1][name] === undefined) return;
        if (when && !when(chain)) return;
        out.push({ rule: c, chain, message });
      };
    }
    case 'compare':
      return compareCheck(c);
    case 'format':
      return perValue(c, formatCheck(c));
    case 'nsi': {
      const table = c.rule.nsi!;
      return perValue(c, (v, _chain, nsi, caseDate) => {
        if (v === '') return undefined; // reported by the format rule
        return inTable(nsi, table, v, caseDate) === false
          ? `${name}="${v}": нет в справочнике ${table}${caseDate ? ` на ${caseDate}` : ''}`
          : undefined;
      });
    }
    case 'domain': {
      const values = c.values!;
      if (values.length === 1 && /^[A-Z][A-Z_]+$/.test(values[0])) {
        // the domain is another field's value (VER_KSG = YEAR)
        const field = values[0];
        return perValue(c, (v, chain) => {
          const other = lookup(chain, field);
          return other !== undefined && v !== '' && v !== other ? `${name}="${v}" должно совпадать с ${field}=${other}` : undefined;
        });
      }
      const allowed = new Set(values);
      return perValue(c, (v) => {
        if (v === '') return undefined; // reported by the format rule
        if (allowed.has(v)) return undefined;
        // "04" is the month 4
        return isDigits(v) && allowed.has(String(Number(v))) ? undefined : `${name}="${v}": допустимы ${c.rule.val}`;
      });
    }
  }
}

/**
 * `nsi.has`, memoised per table object and date: the same codes recur record after record (a
 * table is immutable once built; loading a table again makes a new object, with its own memo).
 */
const NSI_MEMO = new WeakMap<NsiTable, Map<string, Map<string, boolean>>>();
const NSI_MEMO_MAX = 50_000;
function inTable(nsi: Nsi, table: string, code: string, onDate: string | undefined): boolean | undefined {
  const t = nsi.table(table);
  if (!t) return undefined;
  let byDate = NSI_MEMO.get(t);
  if (!byDate) NSI_MEMO.set(t, (byDate = new Map()));
  const date = onDate || ''; // no date and an empty date read a table alike
  let byCode = byDate.get(date);
  if (!byCode) {
    if (byDate.size >= 1000) byDate.clear();
    byDate.set(date, (byCode = new Map()));
  }
  let ok = byCode.get(code);
  if (ok === undefined) {
    ok = t.row(code, date || undefined) !== undefined;
    if (byCode.size >= NSI_MEMO_MAX) byCode.clear();
    byCode.set(code, ok);
  }
  return ok;
}

/** Applies a value check to each string value of the element (a repeated element has several). */
function perValue(c: CompiledRule, check: ValueCheck): RuleCheck {
  const { when, name } = c;
  return (chain, out, nsi, caseDate) => {
    const raw = chain[chain.length - 1][name];
    if (raw === undefined || (when && !when(chain))) return;
    if (typeof raw === 'string') {
      const message = check(raw, chain, nsi, caseDate);
      if (message) out.push({ rule: c, chain, value: raw, message });
    } else if (Array.isArray(raw)) {
      for (let i = 0; i < raw.length; i++) {
        const v = raw[i];
        if (typeof v !== 'string') continue;
        const message = check(v, chain, nsi, caseDate);
        if (message) out.push({ rule: c, chain, value: v, message });
      }
    }
  };
}

/** 004F: an empty element is an error, then length, date and mask. */
function formatCheck(c: CompiledRule): ValueCheck {
  const { name, mask, isDate, decimal } = c;
  const { min, max } = c.rule;
  const empty = `пустой элемент ${name}: пустые элементы не допускаются`;
  const minLength = decimal ? undefined : min;
  return (v) => {
    if (v === '') return empty;
    if (minLength !== undefined && v.length < minLength) return `${name}="${v}": длина ${v.length} меньше ${min}`;
    if (max !== undefined && v.length > max) return `${name}="${v}": длина ${v.length} больше ${max}`;
    if (isDate && !isIsoDate(v)) return `${name}="${v}": не дата в формате ГГГГ-ММ-ДД`;
    if (mask && !mask.test(v)) return `${name}="${v}": не соответствует маске ${c.rule.mask}`;
    return undefined;
  };
}

/** 006F field order: both sides numbers, or both real dates (other formats are reported by 004F). */
function compareCheck(c: CompiledRule): RuleCheck {
  const { when, name } = c;
  const [l, op, r] = c.compare!;
  const leftIsSelf = l === name;
  const rightIsSelf = r === name;
  const holds = ORDER[op];
  return (chain, out) => {
    const raw = chain[chain.length - 1][name];
    // the element is always one side of the comparison: without its text there is nothing to compare
    if (typeof raw !== 'string' || raw === '') return;
    if (when && !when(chain)) return;
    const a = leftIsSelf ? raw : lookup(chain, l);
    const b = rightIsSelf ? raw : lookup(chain, r);
    if (!a || !b) return;
    let ok: boolean;
    if (isDecimalText(a) && isDecimalText(b)) ok = holds(Number(a), Number(b));
    else if (isIsoDate(a) && isIsoDate(b)) ok = holds(a, b);
    else return; // formats are reported by 004F
    if (!ok) out.push({ rule: c, chain, value: raw, message: `нарушено ${l}${op}${r}: ${l}=${a}, ${r}=${b}` });
  };
}

/** `/^\d+$/` without a regular expression. */
function isDigits(v: string): boolean {
  if (!v.length) return false;
  for (let i = 0; i < v.length; i++) {
    const ch = v.charCodeAt(i);
    if (ch < 48 || ch > 57) return false;
  }
  return true;
}

/* ---------------------------------------------------------------------------------------------
 * Shared traversal. The parent paths of a rule set form a tree (Z_SL → Z_SL/SL → Z_SL/SL/USL…);
 * each path is walked once per record from the chains of its parent path, and every rule group
 * (and every other path that extends it) reuses those chains.
 * ------------------------------------------------------------------------------------------- */

/** A compiled set of parent paths: node 0 is the root; node i > 0 is reached from node `from[i]` by the element `seg[i]`. */
export interface ParentPlan {
  from: number[];
  seg: string[];
  /** The node of each input path, in the order the paths were given. */
  nodeOf: number[];
}

/** Compiles parent paths into a {@link ParentPlan}; a parent node always comes before its children. */
export function planParents(paths: ReadonlyArray<readonly string[]>): ParentPlan {
  const plan: ParentPlan = { from: [-1], seg: [''], nodeOf: [] };
  const ids = new Map<string, number>([['', 0]]);
  for (const segments of paths) {
    let node = 0;
    let key = '';
    for (const seg of segments) {
      key += '/' + seg;
      let id = ids.get(key);
      if (id === undefined) {
        id = plan.from.length;
        plan.from.push(node);
        plan.seg.push(seg);
        ids.set(key, id);
      }
      node = id;
    }
    plan.nodeOf.push(node);
  }
  return plan;
}

const NONE: XmlNode[][] = [];

/**
 * Walks a plan over one record: for each node, every chain from the root to a node at that path
 * (repeated elements fan out; text where a node is expected is skipped). With a context, each
 * chain starts with it (the fields rules compare with that are not in the record).
 */
export function walkParents(plan: ParentPlan, root: XmlNode, context?: XmlNode): XmlNode[][][] {
  const n = plan.from.length;
  const level: XmlNode[][][] = new Array(n);
  level[0] = [context ? [context, root] : [root]];
  for (let i = 1; i < n; i++) {
    const up = level[plan.from[i]];
    if (!up.length) {
      level[i] = NONE;
      continue;
    }
    const seg = plan.seg[i];
    let next: XmlNode[][] | undefined;
    for (let j = 0; j < up.length; j++) {
      const chain = up[j];
      const v = chain[chain.length - 1][seg];
      if (v === undefined) continue;
      if (Array.isArray(v)) {
        for (let k = 0; k < v.length; k++) {
          const x = v[k];
          if (x && typeof x === 'object') (next ??= []).push(extend(chain, x as XmlNode));
        }
      } else if (v && typeof v === 'object') (next ??= []).push(extend(chain, v));
    }
    level[i] = next ?? NONE;
  }
  return level;
}

function extend(chain: readonly XmlNode[], node: XmlNode): XmlNode[] {
  const c = chain.slice();
  c.push(node);
  return c;
}

/** Rules grouped by parent path (in the order of their first rule), with the traversal plan of the paths. */
interface RuleSetPlan {
  plan: ParentPlan;
  groups: Array<{ node: number; rules: CompiledRule[] }>;
}
const PLANS = new WeakMap<readonly CompiledRule[], RuleSetPlan>();
function planOf(rules: readonly CompiledRule[]): RuleSetPlan {
  let p = PLANS.get(rules);
  if (!p) {
    const m = new Map<string, { segments: string[]; rules: CompiledRule[] }>();
    for (const c of rules) {
      const e = m.get(c.key) ?? { segments: c.segments, rules: [] };
      e.rules.push(c);
      m.set(c.key, e);
    }
    const groups = [...m.values()];
    const plan = planParents(groups.map((g) => g.segments));
    p = { plan, groups: groups.map((g, i) => ({ node: plan.nodeOf[i], rules: g.rules })) };
    PLANS.set(rules, p);
  }
  return p;
}

/**
 * Applies compiled rules to one root (header, ZAP or PERS). `caseDate` dates code-table lookups;
 * `context` holds fields from outside the record that rules compare with (header DATA, DSCHET…).
 * Violations come group by group (parent path), rule by rule, then chain by chain.
 */
export function applyRules(
  root: XmlNode,
  rules: readonly CompiledRule[],
  ctx: EngineContext,
  caseDate?: string,
  context?: XmlNode,
): Violation[] {
  const out: Violation[] = [];
  const { plan, groups } = planOf(rules);
  const level = walkParents(plan, root, context);
  const nsi = ctx.nsi;
  for (let g = 0; g < groups.length; g++) {
    const chains = level[groups[g].node];
    if (!chains.length) continue; // a subtree absent from the record skips all its rules
    const group = groups[g].rules;
    for (let r = 0; r < group.length; r++) {
      const apply = group[r].apply;
      for (let k = 0; k < chains.length; k++) apply(chains[k], out, nsi, caseDate);
    }
  }
  return out;
}
