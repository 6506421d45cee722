/**
 * The generator's files checked without our reader: ZIP entries read with yauzl, decoded from
 * windows-1251, parsed with saxes (well-formed, element order of the shared table per file kind),
 * file names by the convention, sanctions consistent with conclusions.csv, F014 coefficients.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import { parse } from 'csv-parse/sync';
import { tempDir } from '../helpers/registers.js';
import { synthesize } from '../../src/synth/synth.service.js';
import { documentOrder, type FileKind } from '../../src/registers/elements.js';
import { F014, K_NO, K_SH } from '../../src/synth/tables.js';
import { toKopecks } from '../../src/tariffs/money.js';

async function entries(zipPath: string): Promise<Array<{ name: string; bytes: Buffer }>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.open(zipPath, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z))));
  const out: Array<{ name: string; bytes: Buffer }> = [];
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (e, s) => {
        if (e) return rej(e);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
          out.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
          zip.readEntry();
        });
      }),
    );
    zip.on('end', res).on('error', rej);
    zip.readEntry();
  });
  return out;
}

interface El {
  name: string;
  path: string;
  children: El[];
  text: string;
}

/** Parses with saxes into a small tree; throws on any well-formedness error. */
function tree(xml: string): El {
  const p = new SaxesParser();
  const root: El = { name: '', path: '', children: [], text: '' };
  const stack: El[] = [root];
  p.on('error', (e) => {
    throw e;
  });
  p.on('opentag', (t) => {
    const parent = stack[stack.length - 1];
    const el: El = { name: t.name, path: parent.path ? `${parent.path}/${t.name}` : t.name, children: [], text: '' };
    parent.children.push(el);
    stack.push(el);
  });
  p.on('text', (t) => (stack[stack.length - 1].text += t));
  p.on('closetag', () => stack.pop());
  p.write(xml).close();
  return root.children[0];
}

/** Every complex element's children follow documentOrder(path, kind). */
function orderViolations(el: El, kind: FileKind, out: string[]): void {
  if (!el.children.length) return;
  const order = documentOrder(el.path, kind);
  let last = -1;
  for (const c of el.children) {
    const i = order.indexOf(c.name);
    if (i < 0) out.push(`${c.path}: not in the element table`);
    else if (i < last) out.push(`${c.path}: out of order after ${order[last]}`);
    else last = i;
    orderViolations(c, kind, out);
  }
}

const text = (el: El, name: string) => el.children.find((c) => c.name === name)?.text;
const all = (el: El, name: string): El[] => [...el.children.filter((c) => c.name === name), ...el.children.flatMap((c) => all(c, name))];

describe('synthetic registers, read without our reader', () => {
  let dir: string;
  const files: Array<{ zip: string; name: string; xml: string; root: El }> = [];
  beforeAll(async () => {
    dir = tempDir();
    await synthesize({ out: dir, seed: 21, months: 3, casesPerMonth: 2500, defectRate: 0.12 });
    for (const zip of readdirSync(join(dir, 'registers')).sort()) {
      for (const e of await entries(join(dir, 'registers', zip))) {
        const xml = iconv.decode(e.bytes, 'win1251');
        files.push({ zip, name: e.name, xml, root: tree(xml) });
      }
    }
  }, 120_000);

  it('every file is well-formed windows-1251 XML with its elements in the document order of its kind', () => {
    expect(files.length).toBeGreaterThan(100);
    const bad: string[] = [];
    for (const f of files) {
      expect(f.xml.startsWith('<?xml version="1.0" encoding="windows-1251"?>')).toBe(true);
      const kind = (f.name[0] === 'L' ? 'L' : f.name[0]) as FileKind;
      orderViolations(f.root, kind, bad);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    // the C-file oncology block sits before KSG_KPG, as in the ЗНО XSD
    const c = files.find((f) => f.name.startsWith('C') && f.xml.includes('<ONK_SL>'))!;
    expect(c.xml.indexOf('<ONK_SL>')).toBeLessThan(c.xml.indexOf('<KSG_KPG>'));
  });

  it('names files by the convention; FILENAME, FILENAME1, SD_Z and SUMMAV agree with the contents', () => {
    for (const f of files) {
      const base = f.name.replace(/\.XML$/, '');
      expect(f.name).toMatch(/^([CH]M|LM)[0-9]{6}T76_[0-9]{5}\.XML$/);
      expect(text(f.root.children[0], 'FILENAME')).toBe(base);
      if (f.root.name === 'PERS_LIST') {
        const main = files.find((m) => m.zip === f.zip && m.name.slice(1) === f.name.slice(1) && m.name !== f.name)!;
        expect(text(f.root.children[0], 'FILENAME1')).toBe(main.name.replace(/\.XML$/, ''));
        const ids = new Set(all(f.root, 'PERS').map((p) => text(p, 'ID_PAC')));
        for (const pac of all(main.root, 'PACIENT')) expect(ids.has(text(pac, 'ID_PAC'))).toBe(true);
        continue;
      }
      const zaps = f.root.children.filter((c) => c.name === 'ZAP');
      expect(text(f.root.children[0], 'SD_Z')).toBe(String(zaps.length));
      const sumv = zaps.reduce((s, z) => s + toKopecks(text(all(z, 'Z_SL')[0], 'SUMV'))!, 0);
      expect(toKopecks(text(f.root.children[1], 'SUMMAV'))).toBe(sumv);
      // oncology only in C-files; every C record is a malignancy or a suspicion
      for (const sl of zaps.flatMap((z) => all(z, 'SL'))) {
        const ds = text(sl, 'DS1')!;
        const onco = ds >= 'C00' && ds < 'D10';
        if (f.name.startsWith('H')) expect(onco, `${f.name} ${ds}`).toBe(false);
        else expect(onco || text(sl, 'DS_ONK') === '1', `${f.name} ${ds}`).toBe(true);
      }
    }
  });

  it('sanctions in later registers are the first-review defect conclusions, with S_SUM = K_NO × SUMV', () => {
    const concl: Array<Record<string, string>> = parse(readFileSync(join(dir, 'conclusions.csv')), { columns: true });
    const expected = concl.filter((c) => c.result === 'defect' && c.review === '1' && c.month !== '2025-09');
    const sanks = new Map<string, { sOsn: string; sSum: string; sumv: string; sTip: string }>();
    for (const f of files.filter((x) => x.root.name === 'ZL_LIST')) {
      for (const z of f.root.children.filter((c) => c.name === 'ZAP')) {
        const zsl = all(z, 'Z_SL')[0];
        for (const s of all(zsl, 'SANK')) {
          expect(text(z, 'PR_NOV')).toBe('1');
          sanks.set(text(zsl, 'FIRST_IDCASE')! + '@' + text(zsl, 'LPU'), {
            sOsn: text(s, 'S_OSN')!,
            sSum: text(s, 'S_SUM')!,
            sumv: text(zsl, 'SUMV')!,
            sTip: text(s, 'S_TIP')!,
          });
        }
      }
    }
    expect(expected.length).toBeGreaterThan(20);
    expect(sanks.size).toBe(expected.length);
    for (const c of expected) {
      const s = sanks.get(`${c.idcase}@${c.mo}`);
      expect(s, `SANK for ${c.idcase}`).toBeTruthy();
      expect(s!.sOsn).toBe(c.f014);
      expect(s!.sTip).toBe(c.s_tip);
      expect(s!.sSum).toBe(c.s_sum);
      expect(toKopecks(s!.sSum)).toBe(Math.round(toKopecks(s!.sumv)! * K_NO[Number(c.f014)]));
    }
  });

  it('truth and conclusions agree: every conclusion has its case in truth.csv, findings only name planted or false-positive codes', () => {
    const truth: Array<Record<string, string>> = parse(readFileSync(join(dir, 'truth.csv')), { columns: true });
    const byKey = new Map(truth.map((t) => [`${t.file}#${t.n_zap}`, t]));
    const concl: Array<Record<string, string>> = parse(readFileSync(join(dir, 'conclusions.csv')), { columns: true });
    let truePos = 0;
    for (const c of concl) {
      const t = byKey.get(`${c.file}#${c.n_zap}`)!;
      expect(t.idcase).toBe(c.idcase);
      if (c.result !== 'defect') continue;
      if (t.f014.split(';').includes(c.f014)) truePos++;
      else expect([String(F014.wrongTreatment), String(F014.padding)]).toContain(c.f014); // the experts' false positives
    }
    expect(truePos).toBeGreaterThan(0);
  });
});

describe('F014 coefficients of the planted codes', () => {
  it('K_NO and K_SH match data/nsi/F014.tsv', () => {
    const tsv = readFileSync(fileURLToPath(new URL('../../data/nsi/F014.tsv', import.meta.url)), 'utf8').split('\n');
    const head = tsv[0].split('\t').map((h) => h.trim());
    const rows = new Map(
      tsv
        .slice(1)
        .map((l) => l.split('\t'))
        .map((c) => [c[0], c]),
    );
    for (const code of Object.values(F014)) {
      const r = rows.get(String(code))!;
      expect(r, String(code)).toBeTruthy();
      expect(Number(r[head.indexOf('K_NO')])).toBe(K_NO[code]);
      expect(Number(r[head.indexOf('K_SH')])).toBe(K_SH[code]);
    }
  });
});

describe('format version', () => {
  it('writes 3.2 headers and no 5.x-only elements when asked', async () => {
    const dir = tempDir();
    await synthesize({ out: dir, seed: 5, months: 1, casesPerMonth: 800, version: '3.2' });
    const zip = readdirSync(join(dir, 'registers')).find((z) => z.startsWith('HM760004'))!;
    for (const e of await entries(join(dir, 'registers', zip))) {
      const xml = iconv.decode(e.bytes, 'win1251');
      expect(xml).toContain('<VERSION>3.2</VERSION>');
      expect(xml).not.toMatch(/<(PR_PR|KOEF_PR|K_ZP|NAPR_NUM|SOC)>/);
    }
  });
});
