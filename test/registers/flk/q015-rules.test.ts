/**
 * Every Q015 rule the FLK applies gets a test here, built from real valid records (the anonymised
 * TFOMS samples, read from ../shared/samples) and our own L-file: the untouched record must not
 * trigger the rule, and the record broken in exactly what the rule checks must trigger exactly it.
 */
import { describe, expect, it } from 'vitest';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { SAMPLES, lFileFor } from '../../helpers/registers.js';
import { oncologyInpatientZap } from './fixtures.js';
import { parseRegister } from '../../../src/registers/reader/xml-records.js';
import { checkHeader, checkPers, checkZap, FLK_RULES, headerFields, type FlkContext } from '../../../src/registers/flk/index.js';
import { rulesFor, type CompiledRule } from '../../../src/registers/flk/engine.js';
import { typeLetter } from '../../../src/registers/flk/q015.js';
import { loadNsi } from '../../../src/nsi/nsi.loader.js';
import type { Pers, RegisterHeader, XmlNode, Zap } from '../../../src/registers/model.js';

const nsi = await loadNsi();

async function readBase(file: string) {
  let header!: RegisterHeader;
  let kind = 'H';
  const zaps: Zap[] = [];
  for await (const ev of parseRegister(createReadStream(join(SAMPLES, 'nesterdgit_ServiceVersion', file)), file)) {
    if (ev.type === 'header') {
      header = ev.header;
      kind = ev.kind;
    }
    if (ev.type === 'zaps') zaps.push(...ev.zaps);
  }
  return { header, kind, zap: zaps[0] };
}

async function readPers(): Promise<Pers> {
  for await (const ev of parseRegister(Readable.from([iconv.encode(lFileFor(1), 'win1251')]), 'LM750096T75_21041.XML')) {
    if (ev.type === 'pers') return ev.pers[0];
  }
  throw new Error('no PERS');
}

interface Case {
  id: string;
  what: string;
  base: XmlNode;
  run: (root: XmlNode) => string[];
  mutate: (root: XmlNode) => boolean;
}

const clone = <T>(x: T): T => structuredClone(x);
const asList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The first parent node of the rule's element in a record, with the element's key. */
function parentOf(root: XmlNode, c: CompiledRule): XmlNode | undefined {
  let node: XmlNode | undefined = root;
  for (const seg of c.segments) {
    const next: unknown = asList(node?.[seg])[0];
    node = next && typeof next === 'object' ? (next as XmlNode) : undefined;
  }
  return node;
}

function mutationsFor(c: CompiledRule, base: XmlNode): Array<[string, (root: XmlNode) => boolean]> {
  const p = parentOf(base, c);
  if (!p) return [];
  if (c.when && !c.when([base, p])) return [];
  const present = p[c.name] !== undefined;
  const set = (v: string) => (root: XmlNode) => {
    const q = parentOf(root, c)!;
    q[c.name] = v;
    return true;
  };
  switch (c.family) {
    case 'presence':
      return present ? [['element removed', (root) => delete parentOf(root, c)![c.name]]] : [];
    case 'format':
      return typeof p[c.name] === 'string'
        ? [
            ['empty element', set('')],
            ...(c.rule.max ? ([['too long', set('9'.repeat(c.rule.max + 1))]] as Array<[string, (r: XmlNode) => boolean]>) : []),
          ]
        : [];
    case 'nsi':
      return typeof p[c.name] === 'string' && nsi.loaded(c.rule.nsi!) ? [['code not in ' + c.rule.nsi, set('999')]] : [];
    case 'domain':
      return typeof p[c.name] === 'string' && !c.values!.includes('97') ? [['value outside the domain', set('97')]] : [];
    case 'compare': {
      if (typeof p[c.name] !== 'string') return [];
      const [l, op] = c.compare!;
      const later = (op === '<=' || op === '<') === (l === c.name);
      const numeric = /^\d+(\.\d+)?$/.test(p[c.name] as string);
      return [[`order broken (${c.rule.val})`, set(numeric ? (later ? '99999999.99' : '0') : later ? '2099-12-31' : '1900-01-01')]];
    }
    default:
      return [];
  }
}

const cases: Case[] = [];
for (const file of ['H_VALID.XML', 'H_VALID_3.2.XML', 'C_VALID.XML', 'T_VALID.XML', 'D_VALID.XML', 'D_VALID_08_2021.XML']) {
  const { header, kind, zap } = await readBase(file);
  const ctx: FlkContext = {
    fileName: file,
    kind: kind as FlkContext['kind'],
    version: header.ZGLV.VERSION ?? '',
    year: 2021,
    month: 4,
    nsi,
    today: '2026-01-01',
    headerFields: headerFields(header),
  };
  const period = '2021-04-01';
  for (const c of rulesFor(typeLetter(kind), 'zap', period)) {
    for (const [what, mutate] of mutationsFor(c, zap as unknown as XmlNode)) {
      cases.push({
        id: c.rule.id,
        what: `${file}: ${c.segments.join('/')}/${c.name} ${what}`,
        base: zap as unknown as XmlNode,
        mutate,
        run: (r) => checkZap(r as unknown as Zap, ctx).map((f) => f.rule),
      });
    }
  }
  for (const c of rulesFor(typeLetter(kind), 'header', period)) {
    for (const [what, mutate] of mutationsFor(c, header as unknown as XmlNode)) {
      cases.push({
        id: c.rule.id,
        what: `${file} header: ${c.segments.join('/')}/${c.name} ${what}`,
        base: header as unknown as XmlNode,
        mutate,
        run: (r) => checkHeader(r as unknown as RegisterHeader, ctx).map((f) => f.rule),
      });
    }
  }
}
{
  // the rich oncology inpatient record in a C-file of the H_VALID header
  const { header } = await readBase('C_VALID.XML');
  const zap = oncologyInpatientZap();
  const ctx: FlkContext = {
    fileName: 'CM750096T75_21041.XML',
    kind: 'C',
    version: '3.1',
    year: 2021,
    month: 4,
    nsi,
    today: '2026-01-01',
    headerFields: headerFields(header),
  };
  for (const c of rulesFor('C', 'zap', '2021-04-01')) {
    for (const [what, mutate] of mutationsFor(c, zap as unknown as XmlNode)) {
      cases.push({
        id: c.rule.id,
        what: `oncology inpatient C-file: ${c.segments.join('/')}/${c.name} ${what}`,
        base: zap as unknown as XmlNode,
        mutate,
        run: (r) => checkZap(r as unknown as Zap, ctx).map((f) => f.rule),
      });
    }
  }
}
const pers = await readPers();
const lctx = {
  fileName: 'LM750096T75_21041.XML',
  kind: 'L' as const,
  version: '3.2',
  year: 2021,
  month: 4,
  nsi,
};
for (const c of rulesFor('L', 'pers', '2021-04-01')) {
  for (const [what, mutate] of mutationsFor(c, pers as unknown as XmlNode)) {
    cases.push({
      id: c.rule.id,
      what: `L-file PERS/${c.name} ${what}`,
      base: pers as unknown as XmlNode,
      mutate,
      run: (r) => checkPers(r as unknown as Pers, lctx).map((f) => f.rule),
    });
  }
}

describe('Q015 rules, one test per rule and mutation', () => {
  it('covers at least 150 distinct Q015 rule ids', () => {
    const ids = new Set(cases.map((c) => c.id));
    console.log(
      `Q015 rule ids with a test: ${ids.size} (${[...ids].filter((i) => i.startsWith('001F')).length} 001F, ${[...ids].filter((i) => i.startsWith('002F')).length} 002F, ${[...ids].filter((i) => i.startsWith('003F')).length} 003F, ${[...ids].filter((i) => i.startsWith('004F')).length} 004F, ${[...ids].filter((i) => i.startsWith('006F')).length} 006F)`,
    );
    expect(ids.size).toBeGreaterThanOrEqual(150);
    for (const c of cases) expect(FLK_RULES.has(c.id)).toBe(true);
  });
  it.each(cases.map((c) => [c.id, c.what, c] as const))('%s — %s', (_id, _what, c) => {
    expect(c.run(clone(c.base))).not.toContain(c.id);
    const broken = clone(c.base);
    c.mutate(broken);
    expect(c.run(broken)).toContain(c.id);
  });
});
