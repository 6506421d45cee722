/**
 * Hostile input that used to get through (issue 18): a long text or tag read in quadratic time, a million
 * attributes, a NUL in the XML declaration, made-up element names growing the reader's memory, a megabyte value
 * copied whole into findings, packages left `running`, an encoding error reported at the wrong byte. Then a bounded,
 * seeded fuzz run of mutated registers through the whole pipeline into PostgreSQL. Time limits here are generous
 * (the quadratic versions took minutes); they catch a return to quadratic time, they do not measure speed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { openTestDatabase } from '../helpers/db.js';
import { lFileFor, multiRecordH, readSample, tempDir, writeCp1251, writeZip } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { packageRepo } from '../../src/registers/ingest/package.repo.js';
import { keptPaths, parseRegister } from '../../src/registers/reader/xml-records.js';
import { Rng } from '../../src/synth/rng.js';

async function* chunks(b: Uint8Array, size = 1 << 20) {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

/** Reads a register's bytes to the end; the error message when it is refused. */
async function read(b: Uint8Array, name = 'HM750096T75_21041.XML'): Promise<{ records: number; error?: string }> {
  let records = 0;
  try {
    for await (const ev of parseRegister(chunks(b), name)) if (ev.type === 'zaps') records += ev.zaps.length;
    return { records };
  } catch (e) {
    return { records, error: (e as Error).message };
  }
}

const DECL = '<?xml version="1.0" encoding="windows-1251"?>';
const H = readSample('nesterdgit_ServiceVersion/H_VALID.XML');

describe('the reader on hostile input', () => {
  it('refuses a text longer than 64 MiB when it reaches the cap, in time linear in it', async () => {
    const r = await read(Buffer.concat([Buffer.from(`${DECL}<ZL_LIST>`), Buffer.alloc((64 << 20) + 4096, 'A')]));
    expect(r.error).toMatch(/longer than 64 MiB/);
    // 32 MiB of text with no markup at all (the file): refused as text outside the root
    expect((await read(Buffer.alloc(32 << 20, 'A'))).error).toMatch(/text data outside of root node/);
  }, 60_000);

  it('reads a value of 8 MiB whole (a long text is held, not lost, while it waits for its end)', async () => {
    const long = 'Б'.repeat(8 << 20);
    const xml = H.replace(/<NHISTORY>[^<]*<\/NHISTORY>/, `<NHISTORY>${long}</NHISTORY>`);
    let got = '';
    for await (const ev of parseRegister(chunks(iconv.encode(xml, 'win1251')), 'HM750096T75_21041.XML'))
      if (ev.type === 'zaps') got = String((ev.zaps[0].Z_SL as unknown as { SL: { NHISTORY: string }[] }).SL[0].NHISTORY);
    expect(got.length).toBe(long.length);
    expect(got === long).toBe(true);
  }, 60_000);

  it('checks a million attributes in linear time, and still finds a duplicate one', async () => {
    const attrs = Array.from({ length: 1_000_000 }, (_, i) => ` a${i}="1"`).join('');
    const xml = H.replace('<ZL_LIST>', `<ZL_LIST${attrs}>`);
    expect(await read(iconv.encode(xml, 'win1251'))).toEqual({ records: 1 });
    const dup = H.replace('<ZL_LIST>', `<ZL_LIST${attrs.slice(0, 10_000)} a5="2">`);
    expect((await read(iconv.encode(dup, 'win1251'))).error).toMatch(/duplicate attribute: a5/);
  }, 60_000);

  it('keeps a bounded number of element paths however many made-up names the files bring', async () => {
    for (let f = 0; f < 3; f++) {
      const names = Array.from({ length: 30_000 }, (_, i) => `<X${f}_${i}>1</X${f}_${i}>`).join('');
      const xml = H.replace('<PR_NOV>', `${names}<PR_NOV>`);
      expect(await read(iconv.encode(xml, 'win1251'))).toEqual({ records: 1 });
    }
    expect(keptPaths()).toBeLessThanOrEqual(20_000);
  }, 60_000);

  it('names the first byte that is not valid in the declared encoding', async () => {
    const xml = Buffer.from(H.replace('windows-1251', 'UTF-8'), 'utf8');
    const at = xml.indexOf('<DATA>') + 6; // a windows-1251 letter where a UTF-8 text was declared
    const bad = Buffer.concat([xml.subarray(0, at), Buffer.from([0xc0, 0x41]), xml.subarray(at)]);
    expect(at).toBeGreaterThan(60);
    expect((await read(bad)).error).toMatch(new RegExp(`not valid utf-8 at byte ${at}:`));
    // a lead byte followed by a byte that cannot continue it: the sequence's first byte
    const lead = Buffer.concat([xml.subarray(0, at), Buffer.from([0xef, 0x41]), xml.subarray(at)]);
    expect((await read(lead)).error).toMatch(new RegExp(`at byte ${at}:`));
  });
});

const db = await openTestDatabase('hostile');
let deps: Deps;
const dir = tempDir();
beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
});

describe('ingesting hostile input', () => {
  it('a NUL in the XML declaration: the package is rejected with a readable reason, stored', async () => {
    const path = join(dir, 'HM750096T75_21041.XML');
    writeFileSync(path, iconv.encode(H.replace('windows-1251', 'win\0dows-1251'), 'win1251'));
    const r = await ingestPackage(deps, [path], { workers: false });
    expect(r.status).toBe('rejected');
    expect(r.error).toMatch(/unsupported encoding "win\\u0000dows-1251"/);
    const row = await packageRepo(db.sql).get(r.packageId);
    expect(row).toMatchObject({ status: 'rejected' });
    expect(row!.error).toMatch(/win\\u0000dows/);
  });

  it('a megabyte value is quoted cut in its finding and in what is stored', async () => {
    const xml = multiRecordH(1, { fileName: 'HM750096T75_21042' }).replace(
      /<NHISTORY>[^<]*<\/NHISTORY>/,
      `<NHISTORY>${'7'.repeat(1 << 20)}</NHISTORY>`,
    );
    const r = await ingestPackage(deps, [writeCp1251(join(dir, 'HM750096T75_21042.XML'), xml)], { workers: false });
    const f = r.files[0].findings.find((x) => x.element === 'ZAP/Z_SL/SL/NHISTORY');
    expect(f?.message).toMatch(/длина 1048576 больше/);
    expect(f!.message.length).toBeLessThan(300);
    expect(f!.value!.length).toBeLessThan(150);
    const [{ longest }] = await db.sql.query<{ longest: number }>('SELECT max(length(message))::int AS longest FROM finding');
    expect(longest).toBeLessThan(300);
  });

  it('a package that cannot be read to the end is failed with the reason; a resumed one counts its stored files as its own', async () => {
    const zip = await writeZip(join(dir, 'HM750096T75_2105.zip'), [
      { name: 'HM750096T75_21051.XML', content: multiRecordH(3, { fileName: 'HM750096T75_21051' }) },
      { name: 'LM750096T75_21051.XML', content: lFileFor(3, 'HM750096T75_21051') },
      {
        name: 'HM750096T75_21052.XML',
        content: multiRecordH(2, { fileName: 'HM750096T75_21052' }).replace('<CODE>375</CODE>', '<CODE>376</CODE>'),
      },
    ]);
    const packages = packageRepo(db.sql);
    const id = await packages.create('HM750096T75_2105.zip', zip);
    // the database goes away during the second file (as when a worker is killed between two files)
    let n = 0;
    const broken = await createDeps(deps.config, {
      db: {
        ...db,
        sql: { ...db.sql, transaction: (fn) => (++n === 2 ? Promise.reject(new Error('connection terminated')) : db.sql.transaction(fn)) },
      },
    });
    await expect(ingestPackage(broken, [zip], { packageId: id, workers: false })).rejects.toThrow('connection terminated');
    expect(await packages.get(id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/connection terminated/) });
    // the job runs again: the first file is its own (stored by it), the second is read now
    const r = await ingestPackage(deps, [zip], { packageId: id, workers: false });
    expect(r.files.map((f) => [f.file, f.status, f.cases, f.accepted])).toEqual([
      ['HM750096T75_21051.XML', 'accepted', 3, 3],
      ['HM750096T75_21052.XML', 'accepted', 2, 2],
    ]);
    expect(await packages.get(id)).toMatchObject({ status: 'done', error: null });
    // another package with the same file: that one is a duplicate
    const again = await ingestPackage(deps, [zip], { workers: false });
    expect(again.files.map((f) => f.status)).toEqual(['duplicate', 'duplicate']);
  });
});

/** A deterministic mutation of a register's text: the kinds of damage hostile and broken files show. */
function mutate(xml: string, r: Rng): string {
  const at = () => Math.floor(r.next() * (xml.length + 1));
  const k = r.next();
  const i = at();
  if (k < 0.15) return xml.slice(0, i) + '\0' + xml.slice(i);
  if (k < 0.3) return xml.slice(0, i) + xml.slice(i + 1 + Math.floor(r.next() * 40));
  if (k < 0.4) return xml.slice(0, i);
  if (k < 0.55) {
    const m = [...xml.matchAll(/<([A-Z_0-9]+)>[^<]+<\/\1>/g)];
    const e = m[Math.floor(r.next() * m.length)];
    return xml.slice(0, e.index) + (r.next() < 0.5 ? `<${e[1]}/>` : `<${e[1]}>${e[0]}</${e[1]}>${e[0]}`) + xml.slice(e.index + e[0].length);
  }
  if (k < 0.65) return xml.replace('windows-1251', ['utf-8', 'koi8-r', 'win\0dows-1251', ''][Math.floor(r.next() * 4)]);
  if (k < 0.8)
    return xml.slice(0, i) + ['<', '&', '<!DOCTYPE x>', ']]>', '<![CDATA[', '&#0;', '\uFFFF', 'Ё'][Math.floor(r.next() * 8)] + xml.slice(i);
  const j = at();
  return xml.slice(0, Math.min(i, j)) + xml.slice(Math.max(i, j)) + xml.slice(Math.min(i, j), Math.max(i, j));
}

describe('whole-pipeline fuzz (seeded, bounded)', () => {
  it('60 mutated packages: each stored or refused with a reason, none left running, nothing stored without its file', async () => {
    const seed = Number(process.env.INGEST_FUZZ_SEED ?? 18);
    const count = Number(process.env.INGEST_FUZZ ?? 60);
    const r = new Rng(seed);
    const fuzz = join(dir, 'fuzz');
    mkdirSync(fuzz);
    const outcomes = new Map<string, number>();
    for (let n = 0; n < count; n++) {
      const name = `HM7500${String(n).padStart(2, '0')}T75_2104${n % 9}`;
      let main = multiRecordH(3, { fileName: name });
      let l = lFileFor(3, name);
      const times = 1 + Math.floor(r.next() * 3);
      for (let t = 0; t < times; t++)
        if (r.next() < 0.8) main = mutate(main, r);
        else l = mutate(l, r);
      const zip = await writeZip(join(fuzz, `${name}.zip`), [
        { name: `${name}.XML`, content: main },
        { name: `L${name.slice(1)}.XML`, content: l },
      ]);
      const res = await ingestPackage(deps, [zip], { workers: n % 3 === 0, workerMinBytes: 0 });
      const key = `${res.status}:${res.files.map((f) => f.status).join(',')}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (res.status === 'rejected') expect(res.error, `${name} (seed ${seed})`).toBeTruthy();
    }
    const [{ running, orphans, nul }] = await db.sql.query<{ running: number; orphans: number; nul: number }>(
      `SELECT (SELECT count(*)::int FROM package WHERE status NOT IN ('done', 'rejected')) AS running,
              (SELECT count(*)::int FROM "case" c WHERE NOT EXISTS (SELECT 1 FROM register_file f WHERE f.id = c.register_file_id)) AS orphans,
              (SELECT count(*)::int FROM package WHERE error LIKE '%' || chr(65533) || '%') AS nul`,
    );
    expect({ running, orphans }).toEqual({ running: 0, orphans: 0 });
    void nul;
    // the run means something: some packages were stored, some refused
    const keys = [...outcomes.keys()].join(' ');
    expect(keys).toMatch(/done:accepted/);
    expect(keys).toMatch(/rejected/);
  }, 240_000);
});
