/**
 * The register fuzzer's parts: seeds (real registers cut into small ones), mutations (the damage broken and hostile
 * files show), and one run of the reader and the per-record checks on a mutated register, classified as stored,
 * refused (an AppError PACKAGE_REJECTED naming the file) or crashed (anything else). Used by bench/fuzz.bench.ts and
 * test/registers/fuzz-reader.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import yauzl from 'yauzl';
import iconv from 'iconv-lite';
import { AppError } from '../../src/errors.js';
import { parseRegister } from '../../src/registers/reader/xml-records.js';
import { checkSuite, type CheckSuite, type Summary } from '../../src/registers/ingest/checks.js';
import { FilePipeline } from '../../src/registers/ingest/file-pipeline.js';
import { Rng } from '../../src/synth/rng.js';

/** A seed register: its file name and bytes (latin1 string: one char per byte, so cp1251 and UTF-8 both survive edits). */
export interface Seed {
  name: string;
  text: string;
}

const REGISTER = /^[HTCDL][A-Z]?[A-Z]*\d.*\.xml$|^(HM|LM|H_|C_|D_|T_).*\.xml$/i;

async function zipEntries(path: string): Promise<Seed[]> {
  const zip = await new Promise<yauzl.ZipFile>((ok, no) => yauzl.open(path, { lazyEntries: true }, (e, z) => (e ? no(e) : ok(z!))));
  const out: Seed[] = [];
  await new Promise<void>((ok, no) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!/\.xml$/i.test(entry.fileName)) return zip.readEntry();
      zip.openReadStream(entry, (e, s) => {
        if (e) return no(e);
        const parts: Buffer[] = [];
        s.on('data', (b: Buffer) => parts.push(b));
        s.on('end', () => {
          out.push({ name: entry.fileName, text: Buffer.concat(parts).toString('latin1') });
          zip.readEntry();
        });
        s.on('error', no);
      });
    });
    zip.on('end', ok);
    zip.on('error', no);
    zip.readEntry();
  });
  return out;
}

/**
 * Cuts a register into registers of at most `keep` records (header + records + the root's end), so one mutated
 * register is small and a million of them take minutes, not hours.
 */
export function cut(seed: Seed, keep: number): Seed[] {
  const t = seed.text;
  const tag = /<ZAP>/.test(t) ? 'ZAP' : /<PERS>/.test(t) ? 'PERS' : null;
  if (!tag) return [seed];
  const first = t.indexOf(`<${tag}>`);
  const rootEnd = t.lastIndexOf('</');
  const head = t.slice(0, first);
  const tail = t.slice(rootEnd);
  const records: string[] = [];
  for (let at = first; at >= 0 && at < rootEnd;) {
    const end = t.indexOf(`</${tag}>`, at);
    if (end < 0) break;
    records.push(t.slice(at, end + tag.length + 3));
    at = t.indexOf(`<${tag}>`, end);
  }
  const out: Seed[] = [];
  for (let i = 0; i < records.length && out.length < 8; i += keep)
    out.push({ name: seed.name, text: head + records.slice(i, i + keep).join('\n') + tail });
  return out.length ? out : [seed];
}

/** The seed registers: every XML in the sample packages (data/sample/registers) and in ../shared/samples, cut small. */
export async function loadSeeds(opts: { sampleDir?: string; sharedDir?: string; keep?: number } = {}): Promise<Seed[]> {
  const sampleDir = opts.sampleDir ?? 'data/sample/registers';
  const sharedDir = opts.sharedDir ?? '../shared/samples';
  const whole: Seed[] = [];
  for (const f of readdirSync(sampleDir).sort()) if (f.endsWith('.zip')) whole.push(...(await zipEntries(join(sampleDir, f))));
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.xml$/i.test(f) && REGISTER.test(f)) whole.push({ name: f, text: readFileSync(p).toString('latin1') });
    }
  };
  try {
    walk(sharedDir);
  } catch {
    // the shared samples are optional: the committed sample region is enough
  }
  return whole.flatMap((s) => cut(s, opts.keep ?? 3));
}

/** The kinds of damage, each a pure function of the text and the random stream. */
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)];
const at = (r: Rng, s: string) => Math.floor(r.next() * (s.length + 1));
/** A large size: mostly a kilobyte, sometimes 64 KiB, rarely a megabyte (they cost the most to read). */
const big = (r: Rng) => {
  const x = r.next();
  return x < 0.7 ? 1 << 10 : x < 0.97 ? 1 << 16 : 1 << 20;
};
const ELEMENT = /<([A-Z_0-9]+)>[^<]*<\/\1>/g;
function elements(s: string): RegExpExecArray[] {
  return [...s.matchAll(ELEMENT)] as RegExpExecArray[];
}

export const MUTATIONS: Record<string, (s: string, r: Rng, other: string) => string> = {
  flipByte(s, r) {
    const i = Math.floor(r.next() * s.length);
    return s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) ^ (1 << Math.floor(r.next() * 8))) & 0xff) + s.slice(i + 1);
  },
  randomBytes(s, r) {
    const i = at(r, s);
    let b = '';
    for (let k = 1 + Math.floor(r.next() * 16); k > 0; k--) b += String.fromCharCode(Math.floor(r.next() * 256));
    return s.slice(0, i) + b + s.slice(i);
  },
  truncate: (s, r) => s.slice(0, at(r, s)),
  deleteRange(s, r) {
    const i = at(r, s);
    return s.slice(0, i) + s.slice(i + 1 + Math.floor(r.next() * 200));
  },
  duplicateElement(s, r) {
    const m = elements(s);
    if (!m.length) return s + s;
    const e = pick(r, m);
    const times = r.next() < 0.95 ? 2 : 1000;
    return s.slice(0, e.index) + e[0].repeat(times) + s.slice(e.index);
  },
  removeElement(s, r) {
    const m = elements(s);
    if (!m.length) return s.slice(1);
    const e = pick(r, m);
    return s.slice(0, e.index) + (r.next() < 0.5 ? `<${e[1]}/>` : '') + s.slice(e.index + e[0].length);
  },
  removeTag(s, r) {
    const tags = [...s.matchAll(/<\/?[A-Z_0-9]+>/g)];
    if (!tags.length) return s;
    const e = pick(r, tags);
    return s.slice(0, e.index) + s.slice(e.index! + e[0].length);
  },
  swapElements(s, r) {
    const m = elements(s);
    if (m.length < 2) return s;
    const [a, b] = [pick(r, m), pick(r, m)].sort((x, y) => x.index - y.index);
    if (a.index + a[0].length > b.index) return s;
    return s.slice(0, a.index) + b[0] + s.slice(a.index + a[0].length, b.index) + a[0] + s.slice(b.index + b[0].length);
  },
  changeValue(s, r) {
    const m = elements(s);
    if (!m.length) return s;
    const e = pick(r, m);
    const v = pick(r, [
      '',
      ' ',
      '-1',
      '0',
      '99999999999999999999',
      '1e308',
      'NaN',
      '2025-02-30',
      '0000-00-00',
      '12.345',
      'Ё'.repeat(3),
      '&amp;',
      '&lt;',
      '\t',
    ]);
    return s.slice(0, e.index) + `<${e[1]}>${v}</${e[1]}>` + s.slice(e.index + e[0].length);
  },
  encodingDeclaration: (s, r) =>
    s.replace(
      /encoding="[^"]*"/i,
      `encoding="${pick(r, ['utf-8', 'UTF-16', 'koi8-r', 'ascii', 'win\0dows-1251', '', 'windows-1252', 'x'.repeat(300)])}"`,
    ),
  encodingDamage(s, r) {
    const i = at(r, s);
    const bad = pick(r, ['\xc0', '\xc0\x41', '\xef\xbf', '\xed\xa0\x80', '\xf8\x88\x80\x80\x80', '\xff\xfe', '\x98', '\x00']);
    return s.slice(0, i) + bad + s.slice(i);
  },
  asUtf8(s) {
    // the same text re-encoded as UTF-8 under its windows-1251 declaration
    return Buffer.from(iconv.decode(Buffer.from(s, 'latin1'), 'win1251'), 'utf8').toString('latin1');
  },
  byteOrderMark: (s, r) => pick(r, ['\xef\xbb\xbf', '\xff\xfe', '\xfe\xff', '\x00\x00\xfe\xff']) + s,
  deepNesting(s, r) {
    const m = elements(s);
    const depth = pick(r, [100, 1000, 10_000, 100_000]);
    const i = m.length ? pick(r, m).index : at(r, s);
    const name = pick(r, ['X', 'SL', 'ZAP', 'A'.repeat(50)]);
    return s.slice(0, i) + `<${name}>`.repeat(depth) + (r.next() < 0.5 ? `</${name}>`.repeat(depth) : '') + s.slice(i);
  },
  hugeAttribute(s, r) {
    const tags = [...s.matchAll(/<([A-Z_0-9]+)>/g)];
    if (!tags.length) return s;
    const e = pick(r, tags);
    const size = big(r);
    const attr = r.next() < 0.5 ? ` a="${'x'.repeat(size)}"` : Array.from({ length: size >> 6 }, (_, k) => ` a${k}="1"`).join('');
    return s.slice(0, e.index! + e[1].length + 1) + attr + s.slice(e.index! + e[1].length + 1);
  },
  hugeText(s, r) {
    const m = elements(s);
    if (!m.length) return s;
    const e = pick(r, m);
    return s.slice(0, e.index) + `<${e[1]}>${'7'.repeat(big(r))}</${e[1]}>` + s.slice(e.index + e[0].length);
  },
  markup(s, r) {
    const i = at(r, s);
    const m = pick(r, [
      '<',
      '>',
      '&',
      '&#0;',
      '&#x110000;',
      '&unknown;',
      '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
      '<!ENTITY x SYSTEM "file:///etc/passwd">',
      ']]>',
      '<![CDATA[',
      '<![CDATA[x]]>',
      '<!-- x -->',
      '<!--',
      '<?pi x?>',
      '<?xml version="1.0"?>',
      '</ZL_LIST>',
      '<ZL_LIST>',
      '<a b="1" b="2"/>',
      '<a b=1/>',
      '<1a/>',
      '\uFFFF',
      '\r',
    ]);
    return s.slice(0, i) + m + s.slice(i);
  },
  splice(s, r, other) {
    // the start of one register and the end of another
    return s.slice(0, at(r, s)) + other.slice(at(r, other));
  },
  empty: () => '',
};
export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** A mutated register: 1–3 mutations of a seed; the names of the mutations applied. */
export function mutated(seeds: readonly Seed[], r: Rng): { name: string; bytes: Buffer; applied: string[] } {
  const seed = pick(r, seeds);
  let s = seed.text;
  const applied: string[] = [];
  for (let k = r.next() < 0.6 ? 1 : r.next() < 0.7 ? 2 : 3; k > 0; k--) {
    const m = pick(r, MUTATION_NAMES);
    applied.push(m);
    s = MUTATIONS[m](s, r, pick(r, seeds).text);
  }
  return { name: basename(seed.name), bytes: Buffer.from(s, 'latin1'), applied };
}

/** The outcome of reading a register. */
export type Outcome =
  { kind: 'stored'; records: number } | { kind: 'refused'; reason: string; message: string } | { kind: 'crash'; error: unknown };

let suite: Promise<CheckSuite<Summary>> | undefined;

async function* chunks(b: Uint8Array, size: number) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
  if (b.length === 0) yield b;
}

/** The refusal's kind: its message without the file name, numbers and quoted values ("not well-formed XML: …"). */
export function reasonOf(message: string, fileName: string): string {
  const parts = message
    .slice(fileName.length + 2)
    .replace(/\b\d+:\d+: /g, '')
    .split(': ');
  const first = parts[0].replace(/"[^"]*"|<[^>]*>|\d+/g, '…').split(',')[0];
  const second = parts[1]
    ?.replace(/"[^"]*"|<[^>]*>|\d+/g, '…')
    .replace(/^(.*?\b(tag|element|attribute|entity|reference|string|name))\b.*$/, '$1');
  return (second && first.length < 40 ? `${first}: ${second}` : first).slice(0, 90).trim();
}

/**
 * Reads a register as ingestion does in a worker thread (the reader, then FLK and single-record MEK and the COPY rows
 * of each batch of records), in chunks of `chunk` bytes. A refusal is an AppError PACKAGE_REJECTED whose message
 * starts with the file's name; anything else thrown is a crash.
 */
export async function readRegister(bytes: Uint8Array, fileName: string, chunk = 1 << 16): Promise<Outcome> {
  const s = await (suite ??= checkSuite({ nsiDir: undefined }));
  let pipeline: FilePipeline<Summary> | undefined;
  let records = 0;
  try {
    for await (const ev of parseRegister(chunks(bytes, chunk), fileName, { batchSize: 50 })) {
      if (ev.type === 'header') {
        pipeline = new FilePipeline({
          fileName,
          kind: ev.kind,
          header: ev.header,
          checks: s.checks(fileName, ev.kind, ev.version, ev.header),
          sank: s.sank,
        });
      } else if (ev.type === 'zaps') {
        if (!pipeline) throw new Error('records before the header');
        records += pipeline.batch(ev.zaps).records.length;
      } else if (ev.type === 'pers') records += ev.pers.length;
    }
    return { kind: 'stored', records };
  } catch (e) {
    if (
      e instanceof AppError &&
      e.code === 'PACKAGE_REJECTED' &&
      e.message.startsWith(`${fileName}: `) &&
      e.message.length > fileName.length + 8
    )
      return { kind: 'refused', reason: reasonOf(e.message, fileName), message: e.message };
    return { kind: 'crash', error: e };
  }
}
