/**
 * Compiles the Q015 catalogue into executable checks per file kind and scope (header, record,
 * L-file person): presence (003F), format (004F: length and mask, and "an empty element is an
 * error"), code tables (001F) and value domains (002F). A rule whose condition or mask is outside
 * what is compiled is left out and listed by {@link notImplemented}.
 */
import type { XmlNode } from '../model.js';
import type { Nsi } from '../../nsi/nsi.js';
import { Q015_RULES } from './q015.loader.js';
import type { Q015Rule } from './q015.js';
import { compileCondition, type Predicate } from './condition.js';
import { compileMask } from './mask.js';
import { planParents, walkParents, type ParentPlan } from './paths.js';
import { specialise } from './rule-checks.js';

export type Scope = 'header' | 'zap' | 'pers';

/**
 * A rule specialised for one parent chain (context, record root, …, the element's parent): it
 * appends its violations to `out`. Built once per rule when the catalogue is compiled, so that
 * applying a rule does no per-record dispatch on its family, re-parsing of its values or
 * message building beyond the messages it reports.
 */
/**
 * A rule applied at one place: `value` is the rule's element in the chain's last node (read by the caller, see
 * groupCheck), `chain` the nodes from the root to it.
 */
export type RuleCheck = (value: XmlNode[string], chain: XmlNode[], out: Violation[], nsi: Nsi, caseDate: string | undefined) => void;

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

/** The rules of one parent path applied to its chains, rule by rule, then chain by chain. */
type GroupCheck = (chains: XmlNode[][], out: Violation[], nsi: Nsi, caseDate: string | undefined) => void;

/** Rules grouped by parent path (in the order of their first rule), with the traversal plan of the paths. */
interface RuleSetPlan {
  plan: ParentPlan;
  groups: Array<{ node: number; rules: CompiledRule[]; check: GroupCheck }>;
}

/**
 * One function for a group of rules that reads each rule's element itself, by name, and calls the rule with it:
 * every rule first returns when its element is there (a presence rule) or is not (all others), so the rules that
 * have nothing to look at are not called. Generated so that each element is read at a property access of its own:
 * through one shared access (`node[name]` in each rule) the lookups of ~280 rule calls per record went through
 * V8's generic path. Same rules, same order, same findings.
 */
function groupCheck(rules: readonly CompiledRule[]): GroupCheck {
  const test = (c: CompiledRule, v: string) => `${v} ${c.family === 'presence' ? '===' : '!=='} undefined`;
  // one chain (the record's Z_SL, PACIENT, a single SL…): each element read once, shared by the rules on it
  const names = [...new Set(rules.map((c) => c.name))];
  const slot = new Map(names.map((n, i) => [n, `v${i}`]));
  const one = [
    'const ch = chains[0];',
    'const node = ch[ch.length - 1];',
    ...names.map((n) => `const ${slot.get(n)} = node[${JSON.stringify(n)}];`),
    ...rules.map((c, i) => `if (${test(c, slot.get(c.name)!)}) r[${i}].apply(${slot.get(c.name)}, ch, out, nsi, caseDate);`),
  ];
  // several (SL, USL…): rule by rule, then chain by chain, as the rules were applied one by one
  const many = rules.map((c, i) => {
    const read = `const v = chains[k][chains[k].length - 1][${JSON.stringify(c.name)}];`;
    const call = `r[${i}].apply(v, chains[k], out, nsi, caseDate);`;
    return `for (let k = 0; k < chains.length; k++) { ${read} if (${test(c, 'v')}) ${call} }`;
  });
  const body = `if (chains.length === 1) {\n${one.join('\n')}\n} else {\n${many.join('\n')}\n}`;
  const make = new Function('r', `return (chains, out, nsi, caseDate) => {\n${body}\n};`) as (r: readonly CompiledRule[]) => GroupCheck;
  return make(rules);
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
    p = { plan, groups: groups.map((g, i) => ({ node: plan.nodeOf[i], rules: g.rules, check: groupCheck(g.rules) })) };
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
    groups[g].check(chains, out, nsi, caseDate);
  }
  return out;
}
