/**
 * Format-logical control (FLK) with the official Q015 rule ids. Pure: records in, findings out.
 * The rules come from the Q015 catalogue (engine.ts) plus the file-level checks here.
 */
import type { FileContext, Finding } from '../contracts.js';
import type { Pers, RegisterHeader, XmlNode, Zap } from '../model.js';
import type { Nsi } from '../../nsi/nsi.js';
import { applyRules, implementedRuleIds, rulesFor, type CompiledRule, type Violation } from './engine.js';
import { Q015, describeRule, typeLetter } from './q015.js';
import { EMPTY_RULE, REPEAT_RULE, emptiesOf, repeatsOf } from '../repeats.js';
import { IdSet } from '../keys.js';
import { cut } from '../quote.js';

export interface FlkContext extends FileContext {
  nsi: Nsi;
  /** Processing date (YYYY-MM-DD) for "not in the future" rules; default today. */
  today?: string;
  /** Header fields record rules compare with (ZGLV/DATA, SCHET/DSCHET…): see {@link headerFields}. */
  headerFields?: XmlNode;
}

/** The header fields a record's rules may refer to (DATA, DSCHET, YEAR, MONTH, CODE_MO…). */
export function headerFields(header: RegisterHeader): XmlNode {
  return {
    DATA: header.ZGLV?.DATA,
    DSCHET: header.SCHET?.DSCHET,
    YEAR: header.SCHET?.YEAR,
    MONTH: header.SCHET?.MONTH,
    CODE_MO: header.SCHET?.CODE_MO,
  } as XmlNode;
}

/** Versions this reader knows; others are refused by the header check. */
export const SUPPORTED_VERSIONS = /^(2\.1|3\.[012]|4\.\d{1,2}|5\.[01])$/;

type Scope = 'header' | 'zap' | 'pers';
const cache = new Map<string, CompiledRule[]>();
/** The rules asked for last, per scope: a file's records all ask the same (no key to build per record). */
const last: Partial<Record<Scope, { kind: string; year?: number; month?: number; rules: CompiledRule[] }>> = {};
function rulesOf(kind: string, year: number | undefined, month: number | undefined, scope: Scope): CompiledRule[] {
  const l = last[scope];
  if (l && l.kind === kind && l.year === year && l.month === month) return l.rules;
  const key = `${kind}|${scope}|${year}|${month}`;
  let r = cache.get(key);
  if (!r) {
    const period = year && month ? `${year}-${String(month).padStart(2, '0')}-01` : undefined;
    cache.set(key, (r = rulesFor(typeLetter(kind), scope, period)));
  }
  last[scope] = { kind, year, month, rules: r };
  return r;
}
const rules = (ctx: FlkContext, scope: Scope) => rulesOf(ctx.kind, ctx.year, ctx.month, scope);

function str(chain: readonly XmlNode[], field: string): string | undefined {
  // the first node of a chain may be the header context: ids come from the record itself
  for (let i = chain.length - 1; i >= 0; i--) if (typeof chain[i][field] === 'string') return chain[i][field] as string;
  return undefined;
}

/** What a finding of a rule says about where it is: the same for every violation of the rule. */
interface Place {
  element: string;
  basEl: string | undefined;
  inSl: boolean;
  inUsl: boolean;
}
const PLACES = new WeakMap<CompiledRule, Place>();
function placeOf(c: CompiledRule): Place {
  let p = PLACES.get(c);
  if (!p) {
    const path = [...c.segments, c.name].join('/');
    p = {
      element: c.scope === 'zap' ? `ZAP/${path}` : c.scope === 'pers' ? `PERS/${path}` : path,
      basEl: c.segments[c.segments.length - 1] ?? (c.scope === 'zap' ? 'ZAP' : c.scope === 'pers' ? 'PERS' : undefined),
      inSl: c.segments.includes('SL'),
      inUsl: c.segments.includes('USL'),
    };
    PLACES.set(c, p);
  }
  return p;
}

function toFinding(v: Violation, base: Partial<Finding>): Finding {
  const c = v.rule;
  const at = placeOf(c);
  return {
    control: 'FLK',
    rule: c.rule.id,
    severity: 'error',
    element: at.element,
    basEl: at.basEl,
    value: v.value === undefined ? undefined : cut(v.value),
    ...base,
    sl_id: at.inSl ? str(v.chain, 'SL_ID') : undefined,
    idserv: at.inUsl ? str(v.chain, 'IDSERV') : undefined,
    message: v.message,
  };
}

/** Header (ZGLV, SCHET) rules; an error here rejects the whole file. */
export function checkHeader(header: RegisterHeader, ctx: FlkContext): Finding[] {
  const out: Finding[] = [];
  const version = header.ZGLV?.VERSION ?? '';
  if (!SUPPORTED_VERSIONS.test(version)) {
    out.push({
      control: 'FLK',
      rule: '002F.00.0010',
      severity: 'error',
      element: 'ZGLV/VERSION',
      basEl: 'ZGLV',
      value: version,
      message: `версия формата "${version}" не поддерживается (2.1, 3.x, 4.x, 5.0, 5.1)`,
    });
  }
  const today = ctx.today ?? new Date().toISOString().slice(0, 10);
  if (header.ZGLV?.DATA && header.ZGLV.DATA > today) {
    out.push({
      control: 'FLK',
      rule: '006F.00.0010',
      severity: 'error',
      element: 'ZGLV/DATA',
      basEl: 'ZGLV',
      value: header.ZGLV.DATA,
      message: `дата файла ${header.ZGLV.DATA} позже даты обработки ${today}`,
    });
  }
  const flat = {
    ...(header.ZGLV as unknown as XmlNode),
    ...(header.SCHET as unknown as XmlNode),
  } as XmlNode;
  for (const v of applyRules(header as unknown as XmlNode, rules(ctx, 'header'), ctx, undefined, flat)) out.push(toFinding(v, {}));
  return out;
}

/**
 * Rules of the 2021 catalogue whose element moved in later formats: not reported when the element
 * that replaced it is there (ENP instead of NPOLIS for VPOLIS=3 from 3.2; MR_USL_N instead of
 * USL/PRVS and USL/CODE_MD in H 3.2+).
 */
const REPLACED: Record<string, (v: Violation) => boolean> = {
  '003F.00.2170': (v) => typeof v.chain[v.chain.length - 1].ENP === 'string',
  '003F.00.2961': (v) => v.chain[v.chain.length - 1].MR_USL_N !== undefined,
  '003F.00.2971': (v) => v.chain[v.chain.length - 1].MR_USL_N !== undefined,
};

/** Every record-level rule for one ZAP. */
export function checkZap(zap: Zap, ctx: FlkContext): Finding[] {
  const z = zap.Z_SL;
  const caseDate = typeof z?.DATE_Z_2 === 'string' ? z.DATE_Z_2 : undefined;
  const found = applyRules(zap as unknown as XmlNode, rules(ctx, 'zap'), ctx, caseDate, ctx.headerFields);
  const repeated = repeatsOf(zap);
  const empty = emptiesOf(zap);
  if (!found.length && !repeated.length && !empty.length) return [];
  const vs = found.filter((v) => !REPLACED[v.rule.rule.id]?.(v));
  const base = {
    n_zap: text(zap.N_ZAP),
    id_pac: text(zap.PACIENT?.ID_PAC),
    idcase: text(z?.IDCASE),
  };
  const out = repeated.map((path) => repeatFinding(path, base));
  for (const v of vs) out.push(toFinding(v, base));
  if (empty.length) out.push(...emptyFindings(empty, rules(ctx, 'zap'), out, base));
  return out;
}

/**
 * Elements present without a value that no rule has reported yet (a format rule reports its own element empty):
 * an error like a missing element, under the element's Q015 format or presence id where the catalogue has one
 * (whatever its condition: a value is required once the element is there), else {@link EMPTY_RULE}.
 */
function emptyFindings(
  paths: readonly string[],
  scopeRules: readonly CompiledRule[],
  reported: readonly Finding[],
  base: Partial<Finding>,
): Finding[] {
  const out: Finding[] = [];
  for (const path of paths) {
    const parts = path.split('/').slice(1); // below the root: ZAP/PACIENT/SMO
    const element = parts.join('/');
    if (reported.some((f) => f.element === element && f.value === '')) continue;
    const name = parts[parts.length - 1];
    const key = parts.slice(1, -1).join('/');
    const on = scopeRules.filter((c) => c.name === name && c.key === key);
    const rule = on.find((c) => c.family === 'format') ?? on.find((c) => c.family === 'presence');
    out.push({
      control: 'FLK',
      rule: rule?.rule.id ?? EMPTY_RULE,
      severity: 'error',
      element,
      basEl: parts[parts.length - 2] ?? name,
      value: '',
      ...base,
      message: `пустой элемент ${name}: элемент указан без значения, как отсутствующий`,
    });
  }
  return out;
}

function text(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
  return s === undefined ? s : cut(s);
}

/** A single element that occurs more than once (the schema's maxOccurs=1): the record is rejected. */
function repeatFinding(path: string, base: Partial<Finding>): Finding {
  const parts = path.split('/').slice(1); // below the root
  const name = parts[parts.length - 1];
  return {
    control: 'FLK',
    rule: REPEAT_RULE,
    severity: 'error',
    element: parts.join('/'),
    basEl: parts[parts.length - 2] ?? name,
    ...base,
    message: `элемент ${name} повторяется: по схеме формата он может быть указан только один раз`,
  };
}

/** L-file (PERS) rules. */
export function checkPers(pers: Pers, ctx: FileContext & { nsi: Nsi }): Finding[] {
  const vs = applyRules(pers as unknown as XmlNode, rulesOf('L', ctx.year, ctx.month, 'pers'), ctx);
  const repeated = repeatsOf(pers);
  const empty = emptiesOf(pers);
  if (!vs.length && !repeated.length && !empty.length) return [];
  const base = { id_pac: text(pers.ID_PAC) };
  const out = repeated.map((path) => repeatFinding(path, base));
  for (const v of vs) out.push(toFinding(v, base));
  if (empty.length) out.push(...emptyFindings(empty, rulesOf('L', ctx.year, ctx.month, 'pers'), out, base));
  return out;
}

/**
 * The ID_PACs of an L-file, fed batch by batch (an L-file of a 2 GB register has over a million PERS:
 * only the ids are kept). ID_PAC must be unique in the L-file, and every PACIENT/ID_PAC of the main
 * file must have its PERS (003F.00.3070).
 */
export class PersIndex {
  private readonly ids = new IdSet();

  /** Adds the PERS ids of a batch; a repeated one is reported (warning: the first PERS is kept). */
  add(idPacs: readonly string[]): Finding[] {
    const out: Finding[] = [];
    for (const id of idPacs) {
      if (!this.ids.add(id))
        out.push({
          control: 'FLK',
          rule: '003F.00.3070',
          severity: 'warning',
          element: 'PERS/ID_PAC',
          basEl: 'PERS',
          id_pac: id,
          value: id,
          message: `ID_PAC ${id} повторяется в L-файле`,
        });
    }
    return out;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** The main file's ID_PACs without a PERS, one error each. */
  missing(zapIdPacs: Iterable<string>, ctx: FileContext): Finding[] {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const id of zapIdPacs) {
      if (this.ids.has(id) || seen.has(id)) continue;
      seen.add(id);
      out.push({
        control: 'FLK',
        rule: '003F.00.3070',
        severity: 'error',
        element: 'ZAP/PACIENT/ID_PAC',
        basEl: 'PACIENT',
        id_pac: id,
        value: id,
        message: `для ID_PAC ${id} нет записи PERS в L-файле (${ctx.fileName})`,
      });
    }
    return out;
  }
}

/** Every PACIENT/ID_PAC of the main file must have its PERS in the L-file (003F.00.3070); ID_PAC unique in the L-file. */
export function checkPersLinks(zapIdPacs: readonly string[], persIdPacs: readonly string[], ctx: FileContext): Finding[] {
  const index = new PersIndex();
  return [...index.add(persIdPacs), ...index.missing(zapIdPacs, ctx)];
}

/** File-level accumulator: record count for SD_Z (006F.00.0110). */
export interface FileTotals {
  zslCount: number;
}
export function createFileTotals(): FileTotals {
  return { zslCount: 0 };
}
export function addToTotals(t: FileTotals, zap: Zap): void {
  if (zap.Z_SL) t.zslCount++;
}
export function mergeTotals(t: FileTotals, other: FileTotals): void {
  t.zslCount += other.zslCount;
}
export function checkTotals(header: RegisterHeader, t: FileTotals, _ctx: FlkContext): Finding[] {
  const sdz = header.ZGLV?.SD_Z;
  if (sdz !== undefined && /^\d+$/.test(sdz) && Number(sdz) !== t.zslCount) {
    return [
      {
        control: 'FLK',
        rule: '006F.00.0110',
        severity: 'error',
        element: 'ZGLV/SD_Z',
        basEl: 'ZGLV',
        value: sdz,
        message: `SD_Z=${sdz}, а законченных случаев (Z_SL) в файле ${t.zslCount}`,
      },
    ];
  }
  return [];
}

/** Rule id → description, for every id the FLK can report. */
export const FLK_RULES: ReadonlyMap<string, string> = new Map(
  [...implementedRuleIds(), '002F.00.0010', '006F.00.0010', '006F.00.0110', '003F.00.3070', '003F.00.2110', REPEAT_RULE, EMPTY_RULE].map(
    (id) => [
      id,
      Q015.get(id)
        ? describeRule(Q015.get(id)!)
        : id === REPEAT_RULE
          ? 'элемент с maxOccurs=1 повторяется (проверка по схеме XSD, до Q015)'
          : id === EMPTY_RULE
            ? 'элемент указан без значения (проверка по схеме XSD, до Q015)'
            : id,
    ],
  ),
);
