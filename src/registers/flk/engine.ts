/**
 * Compiles the Q015 catalogue into executable checks per file kind and scope (header, record,
 * L-file person): presence (003F), format (004F: length and mask, and "an empty element is an
 * error"), code tables (001F) and value domains (002F). A rule whose condition or mask is outside
 * what is compiled is left out and listed by {@link notImplemented}.
 */
import type { XmlNode } from '../model.js';
import type { Nsi } from '../../nsi/nsi.js';
import { Q015_RULES } from './q015.generated.js';
import type { Q015Rule } from './q015.js';
import { compileCondition, type Predicate } from './condition.js';
import { compileMask, isIsoDate } from './mask.js';

export type Scope = 'header' | 'zap' | 'pers';

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

function compile(r: Q015Rule): CompiledRule | undefined {
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

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function parents(root: XmlNode, segments: readonly string[]): XmlNode[][] {
  let level: XmlNode[][] = [[root]];
  for (const seg of segments) {
    const next: XmlNode[][] = [];
    for (const chain of level)
      for (const v of asList(chain[chain.length - 1][seg])) if (v && typeof v === 'object') next.push([...chain, v as XmlNode]);
    level = next;
  }
  return level;
}

/**
 * Applies compiled rules to one root (header, ZAP or PERS). `caseDate` dates code-table lookups;
 * `context` holds fields from outside the record that rules compare with (header DATA, DSCHET…).
 */
export function applyRules(
  root: XmlNode,
  rules: readonly CompiledRule[],
  ctx: EngineContext,
  caseDate?: string,
  context?: XmlNode,
): Violation[] {
  const out: Violation[] = [];
  // rules sharing a parent path share one traversal; a subtree absent from the record skips all its rules
  for (const group of groupsOf(rules)) {
    const found = parents(root, group.segments);
    if (!found.length) continue;
    const chains = context ? found.map((f) => [context, ...f]) : found;
    for (const c of group.rules) applyOne(c, chains, ctx, out, caseDate);
  }
  return out;
}

const GROUPS = new WeakMap<readonly CompiledRule[], Array<{ segments: string[]; rules: CompiledRule[] }>>();
function groupsOf(rules: readonly CompiledRule[]) {
  let g = GROUPS.get(rules);
  if (!g) {
    const m = new Map<string, { segments: string[]; rules: CompiledRule[] }>();
    for (const c of rules) {
      const e = m.get(c.key) ?? { segments: c.segments, rules: [] };
      e.rules.push(c);
      m.set(c.key, e);
    }
    GROUPS.set(rules, (g = [...m.values()]));
  }
  return g;
}

function applyOne(c: CompiledRule, chains: XmlNode[][], ctx: EngineContext, out: Violation[], caseDate?: string): void {
  {
    for (const chain of chains) {
      if (c.when && !c.when(chain)) continue;
      const raw = chain[chain.length - 1][c.name];
      if (c.family === 'presence') {
        if (raw === undefined)
          out.push({
            rule: c,
            chain,
            message: `обязательный элемент ${c.name} отсутствует${c.rule.cond ? ` (условие: ${c.rule.cond})` : ''}`,
          });
        continue;
      }
      if (c.family === 'absence') {
        if (raw !== undefined)
          out.push({
            rule: c,
            chain,
            message: `элемент ${c.name} должен отсутствовать (условие: ${c.rule.cond ?? '—'})`,
          });
        continue;
      }
      if (c.family === 'compare') {
        const [l, op, r] = c.compare!;
        const a = l === c.name ? (typeof raw === 'string' ? raw : undefined) : lookup(chain, l);
        const b = r === c.name ? (typeof raw === 'string' ? raw : undefined) : lookup(chain, r);
        if (!a || !b) continue;
        const numeric = /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b);
        if (!numeric && (!isIsoDate(a) || !isIsoDate(b))) continue; // formats are reported by 004F
        const [x, y] = numeric ? [Number(a), Number(b)] : [a, b];
        const ok = op === '<=' ? x <= y : op === '>=' ? x >= y : op === '<' ? x < y : x > y;
        if (!ok)
          out.push({
            rule: c,
            chain,
            value: typeof raw === 'string' ? raw : undefined,
            message: `нарушено ${l}${op}${r}: ${l}=${a}, ${r}=${b}`,
          });
        continue;
      }
      for (const v of asList(raw)) {
        if (typeof v !== 'string') continue;
        if (c.family === 'domain' && c.values!.length === 1 && /^[A-Z][A-Z_]+$/.test(c.values![0])) {
          // the domain is another field's value (VER_KSG = YEAR)
          const other = lookup(chain, c.values![0]);
          if (other !== undefined && v !== '' && v !== other)
            out.push({
              rule: c,
              chain,
              value: v,
              message: `${c.name}="${v}" должно совпадать с ${c.values![0]}=${other}`,
            });
          continue;
        }
        const msg = check(c, v, ctx, caseDate);
        if (msg) out.push({ rule: c, chain, value: v, message: msg });
      }
    }
  }
}

function check(c: CompiledRule, v: string, ctx: EngineContext, caseDate?: string): string | undefined {
  if (c.family === 'format') {
    if (v === '') return `пустой элемент ${c.name}: пустые элементы не допускаются`;
    if (c.rule.min !== undefined && v.length < c.rule.min && !c.decimal) return `${c.name}="${v}": длина ${v.length} меньше ${c.rule.min}`;
    if (c.rule.max !== undefined && v.length > c.rule.max) return `${c.name}="${v}": длина ${v.length} больше ${c.rule.max}`;
    if (c.isDate && !isIsoDate(v)) return `${c.name}="${v}": не дата в формате ГГГГ-ММ-ДД`;
    if (c.mask && !c.mask.test(v)) return `${c.name}="${v}": не соответствует маске ${c.rule.mask}`;
    return undefined;
  }
  if (v === '') return undefined; // reported by the format rule
  if (c.family === 'nsi') {
    const ok = ctx.nsi.has(c.rule.nsi!, v, caseDate);
    return ok === false ? `${c.name}="${v}": нет в справочнике ${c.rule.nsi}${caseDate ? ` на ${caseDate}` : ''}` : undefined;
  }
  if (c.family === 'domain') {
    const num = /^\d+$/.test(v) ? String(Number(v)) : v; // "04" is the month 4
    return c.values!.includes(num) || c.values!.includes(v) ? undefined : `${c.name}="${v}": допустимы ${c.rule.val}`;
  }
  return undefined;
}
