/**
 * MEK checks that are data in the catalogue: a condition (USL_TEST) and a required value (VAL_EL)
 * in the condition language, e.g. 003K.00.0331 "RSLT={105,106} → ISHOD=104", 003K.00.0290
 * "USL_OK=4 → VIDPOM ∈ {2,21,22,23}", 003K.00.0451 "USL_OK=1 → 100<RSLT<200".
 */
import type { XmlNode } from '../model.js';
import { compileCondition, type Predicate } from '../flk/condition.js';
import { planParents, walkParents, type ParentPlan } from '../flk/paths.js';
import { Q016_RULES } from './q016.loader.js';
import type { MekRule } from './q016.js';
import { ELEMENTS } from '../elements.js';

/** Checks whose stricter version is in case.checks.ts. */
const HAND_CODED_HERE = new Set(['003K.00.0270', '003K.00.0280']);
const ELEMENT_NAMES = new Set(ELEMENTS.map((e) => e.path.split('/').pop()!));

export interface CompiledMek {
  rule: MekRule;
  segments: string[];
  name: string;
  when?: Predicate;
  expect: Predicate;
  /** Fields the check reads: when one is not in the record (e.g. DR lives in the L-file) the check is not applied. */
  fields: string[];
  /** Where its findings are (FLK_P IM_POL, BAS_EL, whether SL_ID applies) and the requirement they quote. */
  place: { element: string; basEl: string; inSl: boolean; requirement: string };
}

function compile(r: MekRule): CompiledMek | undefined {
  if (r.source !== 'Q016' || !r.val || !r.el.startsWith('ZL_LIST/ZAP/') || HAND_CODED_HERE.has(r.id)) return undefined;
  const when = r.cond ? compileCondition(r.cond) : undefined;
  const expect = compileCondition(r.val);
  if ((r.cond && !when) || !expect) return undefined;
  // field-to-field comparisons (SUMP=SUMV) are arithmetic checks, hand-coded in case.checks.ts
  const pairs = [...r.val.matchAll(/([A-Z][A-Z0-9_]*)\s*(?:=|<>|<=|>=|<|>)\s*([A-Z][A-Z0-9_]*)/g)];
  if (pairs.some((m) => ELEMENT_NAMES.has(m[1]) && ELEMENT_NAMES.has(m[2]))) return undefined;
  const parts = r.el.split('/').slice(2);
  const fields = [...new Set(`${r.cond ?? ''} ${r.val}`.match(/\b[A-Z][A-Z0-9_]*[A-Z_][A-Z0-9_]*\b/g) ?? [])].filter(
    (f) => !/^[A-Z]\d/.test(f),
  );
  const segments = parts.slice(0, -1);
  const name = parts[parts.length - 1];
  return {
    rule: r,
    segments,
    name,
    when,
    expect,
    fields,
    place: {
      element: ['ZAP', ...segments, name].join('/'),
      basEl: segments[segments.length - 1] ?? 'ZAP',
      inSl: segments.includes('SL'),
      requirement: `; требуется ${r.val}${r.cond ? ` при ${r.cond}` : ''}`,
    },
  };
}

export const DATA_CHECKS: readonly CompiledMek[] = Q016_RULES.map(compile).filter((c): c is CompiledMek => Boolean(c));

/**
 * The checks applicable to a file kind on a date, with one traversal plan for their parent paths
 * (Z_SL, Z_SL/SL…: each walked once per record, shared by every check on that path). Built once
 * per (kind, date) — a handful per run — instead of filtering the catalogue for every record.
 */
interface DataPlan {
  checks: CompiledMek[];
  /** Plan node of each check's parent path. */
  nodes: number[];
  plan: ParentPlan;
}
const PLANS = new Map<string, DataPlan>();
function planFor(typeLetter: string, onDate: string | undefined): DataPlan {
  const key = `${typeLetter}|${onDate ?? ''}`;
  let p = PLANS.get(key);
  if (!p) {
    const checks = DATA_CHECKS.filter(
      (c) => c.rule.types.includes(typeLetter) && !(onDate && ((c.rule.from && c.rule.from > onDate) || (c.rule.to && onDate > c.rule.to))),
    );
    const plan = planParents(checks.map((c) => c.segments));
    if (PLANS.size >= 256) PLANS.clear(); // kinds × reporting months: never near this in one run
    PLANS.set(key, (p = { checks, nodes: plan.nodeOf, plan }));
  }
  return p;
}

/** Every field is in some node of the chain (searched from the element's parent up: fields are mostly there). */
function hasFields(chain: readonly XmlNode[], fields: readonly string[]): boolean {
  for (let f = 0; f < fields.length; f++) {
    let found = false;
    for (let i = chain.length - 1; i >= 0 && !found; i--) found = chain[i][fields[f]] !== undefined;
    if (!found) return false;
  }
  return true;
}

/** Violations of the data-driven checks in one record: [check, chain] pairs, check by check in catalogue order. */
export function applyDataChecks(zap: XmlNode, typeLetter: string, onDate?: string): Array<[CompiledMek, XmlNode[]]> {
  const out: Array<[CompiledMek, XmlNode[]]> = [];
  const { checks, nodes, plan } = planFor(typeLetter, onDate);
  const level = walkParents(plan, zap);
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i];
    const chains = level[nodes[i]];
    for (let k = 0; k < chains.length; k++) {
      const chain = chains[k];
      if (chain[chain.length - 1][c.name] === undefined) continue;
      if (!hasFields(chain, c.fields)) continue;
      if (c.when && !c.when(chain)) continue;
      if (!c.expect(chain)) out.push([c, chain]);
    }
  }
  return out;
}
