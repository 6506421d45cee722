/**
 * Reads a rule table from data/rules (written by scripts/gen-q015.mjs from the FFOMS catalogues in data/nsi) and
 * checks its shape: a JSON file can be edited by hand, and a wrong field would otherwise surface as a check that
 * quietly never fires. Whether the rules are the catalogue's is test/registers/rule-catalogues.test.ts's business.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The rule tables' directory; dist/ keeps src/'s layout, so the path resolves the same from both. */
export const RULES_DIR = fileURLToPath(new URL('../../data/rules/', import.meta.url));

type Kind<V> = [V] extends [number] ? 'number' : string extends V ? 'string' : readonly V[];
/**
 * Every field a rule may have and what it holds: `'string'`, `'number'` or the allowed values. Typed off the rule
 * interface, so a field added to it without being listed here (or listed and not in it) does not compile.
 */
export type RuleShape<T> = { readonly [K in keyof T]-?: Kind<NonNullable<T[K]>> };

/** The fields of a catalogue row that Q015, Q016 and Q023 share, by what they hold. */
export const ROW_SHAPE = {
  id: 'string',
  el: 'string',
  types: 'string',
  nsi: 'string',
  nsiEl: 'string',
  cond: 'string',
  val: 'string',
  comment: 'string',
  from: 'string',
  to: 'string',
} as const;
/** The fields every row has (the rest may be absent: the catalogue leaves them empty). */
const REQUIRED = ['id', 'el', 'types'] as const;

type Kinds = Record<string, 'string' | 'number' | readonly unknown[] | undefined>;

/**
 * The problem with one rule, or undefined: a field not in `kinds`, a wrong type, a required field missing. A plain
 * for-in loop: it runs once per rule at every start, before any of it is compiled (Object.entries took 5-15 ms).
 */
function ruleError(rule: unknown, kinds: Kinds): string | undefined {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return 'is not an object';
  const r = rule as Record<string, unknown>;
  for (const key of REQUIRED) if (!(key in r)) return `has no "${key}"`;
  for (const key in r) {
    const kind = kinds[key];
    const value = r[key];
    if (kind === undefined) return `has an unknown field "${key}"`;
    if (typeof kind === 'string' ? typeof value !== kind : !kind.includes(value))
      return `"${key}" must be ${typeof kind === 'string' ? `a ${kind}` : `one of ${kind.join(', ')}`}`;
  }
  return undefined;
}

/**
 * The `rules` of a rule table (`file`, a path), each checked against `shape`; throws naming the file and the first
 * bad rule.
 */
export function loadRuleTable<T extends { id: string; el: string; types: string }>(file: string, shape: RuleShape<T>): readonly T[] {
  let rules: unknown;
  try {
    rules = (JSON.parse(readFileSync(file, 'utf8')) as { rules?: unknown }).rules;
  } catch (e) {
    throw new Error(`rule table ${file}: ${(e as Error).message} (regenerate it: npm run gen:rules)`, { cause: e });
  }
  if (!Array.isArray(rules)) throw new Error(`rule table ${file}: no "rules" array (regenerate it: npm run gen:rules)`);
  // no prototype: a field named "constructor" or "__proto__" is unknown, not Object's
  const kinds: Kinds = Object.assign(Object.create(null), shape);
  for (let i = 0; i < rules.length; i++) {
    const problem = ruleError(rules[i], kinds);
    const id = (rules[i] as { id?: unknown } | null)?.id;
    if (problem) throw new Error(`rule table ${file}: rule ${i + 1}${typeof id === 'string' ? ` (${id})` : ''} ${problem}`);
  }
  return rules as T[];
}
