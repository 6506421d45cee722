/**
 * Per-record CPU of the register checks, stage by stage, on records held in memory:
 *   (a) FLK checkZap, (b) MEK checkCaseMek (includes c), (c) MEK data checks alone,
 *   (d) the COPY bytes of the accepted records (CaseCopyBuilder), (e) FLK checkPers on the L-files.
 * Also prints a hash of every finding and COPY line — of the records as read and of a mutated copy
 * (fields deleted, emptied or garbled, so that the failing paths of the rules run too) — to show that
 * an optimisation leaves the output byte-identical.
 *
 *   node bin/omsx.js synth --out /tmp/chk --seed 7 --months 1 --cases-per-month 20000 --mos 2 --profile region
 *   npx tsx bench/checks.bench.ts [dir-of-packages=/tmp/chk/registers] [rounds=5]
 *   BENCH_ONLY=a npx tsx bench/checks.bench.ts     # one stage, no hashes (for a CPU profile)
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadNsi } from '../src/nsi/nsi.loader.js';
import { openPackageSource } from '../src/registers/ingest/source.js';
import { parseRegister } from '../src/registers/reader/xml-records.js';
import type { FileKind } from '../src/registers/elements.js';
import type { Pers, RegisterHeader, XmlNode, Zap } from '../src/registers/model.js';
import * as flk from '../src/registers/flk/index.js';
import * as mek from '../src/registers/mek/index.js';
import { applyDataChecks } from '../src/registers/mek/rules.js';
import { caseValues, type SankDecoder } from '../src/registers/store/case-rows.js';
import { CaseCopyBuilder, copySizes } from '../src/registers/store/case-copy.js';
import { personKey } from '../src/registers/person-key.js';
import { copyArray, copyLine, copyText } from '../src/db/sql.port.js';

const dir = process.argv[2] ?? '/tmp/chk/registers';
const rounds = Number(process.argv[3] ?? 5);
const only = process.env.BENCH_ONLY;

interface FileData {
  name: string;
  kind: FileKind;
  version: string;
  header: RegisterHeader;
  zaps: Zap[];
  pers: Pers[];
  lName: string;
  lVersion: string;
}

const nsi = await loadNsi();
const caps = { maxPackageBytes: 1 << 30, maxUnzippedBytes: 2 ** 32, maxZipRatio: 1000 };
const files: FileData[] = [];
for (const p of readdirSync(dir)
  .filter((f) => /\.(zip|xml)$/i.test(f))
  .sort()) {
  const pkg = await openPackageSource([join(dir, p)], caps);
  for (const pair of pkg.pairs) {
    const f: Partial<FileData> & { zaps: Zap[]; pers: Pers[] } = { name: pair.main.name, zaps: [], pers: [], lName: '', lVersion: '' };
    for await (const ev of parseRegister(await pair.main.open(), pair.main.name)) {
      if (ev.type === 'header') Object.assign(f, { kind: ev.kind, version: ev.version, header: ev.header });
      else if (ev.type === 'zaps') f.zaps.push(...ev.zaps);
    }
    if (pair.l) {
      f.lName = pair.l.name;
      for await (const ev of parseRegister(await pair.l.open(), pair.l.name)) {
        if (ev.type === 'pers-header') f.lVersion = ev.version;
        else if (ev.type === 'pers') f.pers.push(...ev.pers);
      }
    }
    files.push(f as FileData);
  }
}
const nZap = files.reduce((s, f) => s + f.zaps.length, 0);
const nPers = files.reduce((s, f) => s + f.pers.length, 0);
console.log(`${files.length} files, ${nZap} records, ${nPers} PERS`);

const sank: SankDecoder = {
  sTip: (code) => nsi.name('F006', code),
  sOsn: (code, onDate) => {
    const r = nsi.decodeSOsn(code, onDate);
    return r ? { name: r.name, item: r.item } : undefined;
  },
};

function contexts(f: FileData) {
  const year = Number(f.header.SCHET?.YEAR) || undefined;
  const month = Number(f.header.SCHET?.MONTH) || undefined;
  const ctx: flk.FlkContext = {
    fileName: f.name,
    kind: f.kind,
    version: f.version,
    year,
    month,
    nsi,
    headerFields: flk.headerFields(f.header),
  };
  const mctx: mek.MekContext = { fileName: f.name, kind: f.kind, version: f.version, year, month, nsi };
  const period = year && month ? `${year}-${String(month).padStart(2, '0')}-01` : undefined;
  const lctx = { fileName: f.lName, kind: 'L' as const, version: f.lVersion, year, month, nsi };
  return { ctx, mctx, period, lctx, letter: f.kind === 'D' ? 'X' : f.kind };
}

/** The result, or the error a garbled record provokes (a repeated single element is an array where a string was expected). */
function attempt(fn: () => string): string {
  try {
    return fn();
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** Every output of the stages, hashed: findings (JSON) and COPY lines. */
function digest(fs: FileData[]): string {
  const h = createHash('sha256');
  for (const f of fs) {
    const { ctx, mctx, lctx } = contexts(f);
    for (const zap of f.zaps) {
      h.update(JSON.stringify(flk.checkZap(zap, ctx)));
      h.update(attempt(() => JSON.stringify(mek.checkCaseMek(zap, f.header, mctx))));
      h.update(
        attempt(() => {
          const v = caseValues(zap, { header: f.header, kind: f.kind, personKey: personKey(zap.PACIENT, f.header.SCHET.CODE_MO), sank });
          return [v.caseValues, ...v.subValues, ...v.sankValues].map(copyLine).join('');
        }),
      );
    }
    for (const p of f.pers) h.update(JSON.stringify(flk.checkPers(p, lctx)));
  }
  // COPY escaping of what the synthetic records do not contain: backslashes, tabs, newlines, quotes
  const tricky = ['a\\b', 'a\tb\nc\rd', '\\t', '"q"', '', 'x\\"y\\', 'обычный текст', '\r\n\r\n'];
  h.update(copyLine([...tricky, null, undefined, 12, 1.5, true, { a: tricky }, tricky]));
  h.update(copyArray(tricky) + copyText(copyArray(tricky)) + copyArray([]) + copyArray(undefined));
  return h.digest('hex');
}

/** A deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of the records with some leaves deleted, emptied or garbled (a repeated field sometimes doubled). */
function mutate(fs: FileData[]): FileData[] {
  const rnd = rng(42);
  const garble = (v: string): string | undefined => {
    const k = Math.floor(rnd() * 12);
    if (k === 0) return undefined;
    if (k === 1) return '';
    if (k === 2) return v + '1';
    if (k === 3) return v.slice(1);
    if (k === 4) return '0';
    if (k === 5) return '99999999';
    if (k === 6) return 'ZZ';
    if (k === 7) return '2099-13-40';
    if (k === 8) return '-1.5';
    if (k === 9) return '04';
    if (k === 10) return 'A01.1';
    return v.replace(/\d/, (d) => String((Number(d) + 1) % 10));
  };
  const walk = (n: XmlNode) => {
    for (const key of Object.keys(n)) {
      const v = n[key];
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (typeof x === 'string') {
            if (rnd() < 0.04) {
              const g = garble(x);
              v[i] = g ?? '';
            }
          } else walk(x as XmlNode);
        }
        if (rnd() < 0.01) v.push(v[0]);
      } else if (typeof v === 'string') {
        if (rnd() < 0.04) {
          const g = garble(v);
          if (g === undefined) delete n[key];
          else n[key] = g;
        } else if (rnd() < 0.003) n[key] = [v, v] as unknown as string; // a repeated single element
      } else if (v && typeof v === 'object') {
        if (rnd() < 0.01) delete n[key];
        else walk(v as XmlNode);
      }
    }
  };
  return fs.map((f) => {
    const c = structuredClone(f);
    // keep the fields caseValues needs to not throw: the garbling is for the checks
    for (const z of c.zaps) {
      const zsl = z.Z_SL;
      const pac = z.PACIENT;
      walk(z as unknown as XmlNode);
      z.Z_SL ??= zsl;
      z.PACIENT ??= pac;
    }
    for (const p of c.pers) walk(p as unknown as XmlNode);
    return c;
  });
}

function time(label: string, per: number, fn: () => void) {
  if (only && !label.startsWith(`(${only})`)) return;
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${label.padEnd(28)} ${((best * 1000) / per).toFixed(2).padStart(8)} µs/record  (best of ${rounds}: ${best.toFixed(0)} ms)`);
}

let sink = 0;
time('(a) flk.checkZap', nZap, () => {
  for (const f of files) {
    const { ctx } = contexts(f);
    for (const zap of f.zaps) sink += flk.checkZap(zap, ctx).length;
  }
});
time('(b) mek.checkCaseMek', nZap, () => {
  for (const f of files) {
    const { mctx } = contexts(f);
    for (const zap of f.zaps) sink += mek.checkCaseMek(zap, f.header, mctx).length;
  }
});
time('(c) mek data checks', nZap, () => {
  for (const f of files) {
    const { period, letter } = contexts(f);
    for (const zap of f.zaps) sink += applyDataChecks(zap as unknown as XmlNode, letter, period).length;
  }
});
time('(d) COPY bytes', nZap, () => {
  for (const f of files) {
    const b = new CaseCopyBuilder();
    for (const zap of f.zaps) b.add(zap, { header: f.header, kind: f.kind, personKey: 'k', sank });
    sink += copySizes(b.finish()).cases;
  }
});
if (nPers)
  time('(e) flk.checkPers', nPers, () => {
    for (const f of files) {
      const { lctx } = contexts(f);
      for (const p of f.pers) sink += flk.checkPers(p, lctx).length;
    }
  });

if (only) process.exit(0);
const mutated = mutate(files);
let findings = 0;
let errors = 0;
for (const f of mutated) {
  const { ctx, mctx } = contexts(f);
  for (const zap of f.zaps) {
    findings += flk.checkZap(zap, ctx).length;
    try {
      findings += mek.checkCaseMek(zap, f.header, mctx).length;
    } catch {
      errors++;
    }
  }
}
console.log(`hash (records as read)  ${digest(files)}`);
console.log(`hash (mutated records)  ${digest(mutated)}  (${findings} findings, ${errors} MEK errors)`);
if (sink < 0) console.log(sink);
