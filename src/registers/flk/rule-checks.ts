/**
 * Rule specialisation: each compiled Q015 rule (engine.ts) becomes one function of a parent chain,
 * a closure over what is fixed for the rule (its condition, element name, value set, comparison
 * operator, constant messages).
 */
import type { XmlNode } from '../model.js';
import type { Nsi, NsiTable } from '../../nsi/nsi.js';
import type { CompiledRule, RuleCheck } from './engine.js';
import { isDecimalText } from './condition.js';
import { isDigits, isIsoDate } from './mask.js';
import { quote } from '../quote.js';

/** The 006F operators. */
type Order = <T extends number | string>(x: T, y: T) => boolean;
const ORDER: Record<string, Order> = {
  '<=': (x, y) => x <= y,
  '>=': (x, y) => x >= y,
  '<': (x, y) => x < y,
  '>': (x, y) => x > y,
};

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

export function specialise(c: CompiledRule): RuleCheck {
  const { when, name } = c;
  switch (c.family) {
    case 'presence': {
      const message = `обязательный элемент ${name} отсутствует${c.rule.cond ? ` (условие: ${c.rule.cond})` : ''}`;
      return (raw, chain, out) => {
        if (raw !== undefined) return;
        if (when && !when(chain)) return;
        out.push({ rule: c, chain, message });
      };
    }
    case 'absence': {
      const message = `элемент ${name} должен отсутствовать (условие: ${c.rule.cond ?? '—'})`;
      return (raw, chain, out) => {
        if (raw === undefined) return;
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
      // the table of the code tables asked last (one set per run): found once, not by name on every value
      let from: Nsi | undefined;
      let t: NsiTable | undefined;
      return perValue(c, (v, _chain, nsi, caseDate) => {
        if (v === '') return undefined; // reported by the format rule
        if (nsi !== from) [from, t] = [nsi, nsi.table(table)];
        // a table that is not loaded: the check is skipped, never guessed
        return t && t.row(v, caseDate) === undefined
          ? `${name}="${quote(v)}": нет в справочнике ${table}${caseDate ? ` на ${caseDate}` : ''}`
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
          return other !== undefined && v !== '' && v !== other ? `${name}="${quote(v)}" должно совпадать с ${field}=${other}` : undefined;
        });
      }
      const allowed = new Set(values);
      return perValue(c, (v) => {
        if (v === '') return undefined; // reported by the format rule
        if (allowed.has(v)) return undefined;
        // "04" is the month 4
        return isDigits(v) && allowed.has(String(Number(v))) ? undefined : `${name}="${quote(v)}": допустимы ${c.rule.val}`;
      });
    }
  }
}

/** Applies a value check to each string value of the element (a repeated element has several). */
function perValue(c: CompiledRule, check: ValueCheck): RuleCheck {
  const { when } = c;
  return (raw, chain, out, nsi, caseDate) => {
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
    if (minLength !== undefined && v.length < minLength) return `${name}="${quote(v)}": длина ${v.length} меньше ${min}`;
    if (max !== undefined && v.length > max) return `${name}="${quote(v)}": длина ${v.length} больше ${max}`;
    if (isDate && !isIsoDate(v)) return `${name}="${quote(v)}": не дата в формате ГГГГ-ММ-ДД`;
    if (mask && !mask.test(v)) return `${name}="${quote(v)}": не соответствует маске ${c.rule.mask}`;
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
  return (raw, chain, out) => {
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
