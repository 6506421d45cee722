import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase, openTestPglite } from '../helpers/db.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { multiRecordH, tempDir, writeCp1251, writeZip } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';

// rejections on a PostgreSQL server and on the embedded PGlite (the CLI's default without DATABASE_URL)
const TARGETS = [
  ['PostgreSQL', await openTestDatabase('ingest_bad')],
  ['PGlite', await openTestPglite()],
] as const;

describe.each(TARGETS)('on %s', (_target, db) => {
  let deps: Deps;
  const dir = tempDir();

  async function counts() {
    const [r] = await db.sql.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM register_file)::text files, (SELECT count(*) FROM "case")::text cases,
            (SELECT count(*) FROM sub_case)::text subs, (SELECT count(*) FROM person)::text persons,
            (SELECT count(*) FROM finding)::text findings`,
    );
    return r;
  }

  beforeAll(async () => {
    deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
  });

  describe('ingesting bad input: the record or the file is rejected, the database stays as it was', () => {
    it('a record with a repeated single element (two SUMV, two DATE_Z_1) is rejected (XSD.REPEAT); the rest is stored', async () => {
      // in-process and in two worker threads (the reader notes the repeat in the thread that checks the record)
      for (const [name, opts] of [
        ['HM750096T75_21061', { workers: false }],
        ['HM750096T75_21062', { workers: true, workerMinBytes: 0, threads: 2 }],
      ] as const) {
        const xml = multiRecordH(4, {
          fileName: name,
          mutate: (z, i) =>
            i === 2
              ? z.replace(/<SUMV>([\d.]+)<\/SUMV>/, '<SUMV>$1</SUMV><SUMV>$1</SUMV>')
              : i === 3
                ? z.replace(/<DATE_Z_1>([^<]+)<\/DATE_Z_1>/, '<DATE_Z_1>$1</DATE_Z_1><DATE_Z_1>$1</DATE_Z_1>')
                : z,
        }).replace('<CODE>375</CODE>', `<CODE>${name.slice(-3)}</CODE>`);
        const r = await ingestPackage(deps, [writeCp1251(join(dir, `${name}.XML`), xml)], opts);
        const f = r.files[0];
        expect(f).toMatchObject({ status: 'accepted', cases: 4, accepted: 2, rejected: 2 });
        const repeats = f.findings.filter((x) => x.rule === 'XSD.REPEAT');
        expect(repeats.map((x) => [x.n_zap, x.element, x.basEl, x.severity])).toEqual([
          ['2', 'ZAP/Z_SL/SUMV', 'Z_SL', 'error'],
          ['3', 'ZAP/Z_SL/DATE_Z_1', 'Z_SL', 'error'],
        ]);
        const stored = await db.sql.query<{ n_zap: string }>(
          'SELECT c.n_zap FROM "case" c JOIN register_file f ON f.id = c.register_file_id WHERE f.file_name = $1 ORDER BY 1',
          [f.file],
        );
        expect(stored.map((x) => x.n_zap)).toEqual(['1', '4']);
      }
    });

    it('a repeated header element (two SCHET/NSCHET) rejects the file whole, naming the element', async () => {
      const xml = multiRecordH(2, { fileName: 'HM750096T75_21063' }).replace(
        /<NSCHET>([^<]+)<\/NSCHET>/,
        '<NSCHET>$1</NSCHET><NSCHET>$1</NSCHET>',
      );
      const before = await counts();
      const r = await ingestPackage(deps, [writeCp1251(join(dir, 'HM750096T75_21063.XML'), xml)], { workers: false });
      expect(r.status).toBe('rejected');
      expect(r.error).toMatch(/HM750096T75_21063\.XML.*ZL_LIST\/SCHET\/NSCHET.*more than once/);
      expect(await counts()).toEqual(before);
    });

    it('a header the FLK rejects (VERSION 9.9) rejects the file whole also when its records already went to two worker threads', async () => {
      const name = 'HM750096T75_21081';
      const xml = multiRecordH(300, { fileName: name }).replace('<VERSION>3.1</VERSION>', '<VERSION>9.9</VERSION>');
      expect(xml).toContain('<VERSION>9.9</VERSION>');
      const path = writeCp1251(join(dir, `${name}.XML`), xml.replace('<CODE>375</CODE>', '<CODE>811</CODE>'));
      const before = await counts();
      process.env.OMSX_INGEST_SEGMENT_BYTES = '4096';
      try {
        const r = await ingestPackage(deps, [path], { workers: true, workerMinBytes: 0, threads: 2 });
        expect(r.files[0]).toMatchObject({ status: 'rejected', cases: 0 });
        expect(r.files[0].error).toMatch(/HM750096T75_21081\.XML: header rejected: 002F\.00\.0010/);
        expect(await counts()).toEqual(before);
        // the workers dropped the job and take the next file
        const ok = await ingestPackage(
          deps,
          [
            writeCp1251(
              join(dir, 'HM750096T75_21082.XML'),
              multiRecordH(300, { fileName: 'HM750096T75_21082' }).replace('<CODE>375</CODE>', '<CODE>812</CODE>'),
            ),
          ],
          {
            workers: true,
            workerMinBytes: 0,
            threads: 2,
          },
        );
        expect(ok.files[0]).toMatchObject({ status: 'accepted', cases: 300 });
      } finally {
        delete process.env.OMSX_INGEST_SEGMENT_BYTES;
      }
    });

    it('a truncated file is rejected whole and leaves the database as it was', async () => {
      const before = await counts();
      const xml = multiRecordH(3, { fileName: 'HM750096T75_21061' });
      const path = writeCp1251(join(dir, 'HM750096T75_21061.XML'), xml.slice(0, Math.floor(xml.length * 0.7)));
      const r = await ingestPackage(deps, [path], { workers: false });
      expect(r.status).toBe('rejected');
      expect(r.files[0].status).toBe('rejected');
      expect(r.files[0].error).toContain('HM750096T75_21061');
      expect(await counts()).toEqual(before);
    });

    it('a ZIP entry whose local header is broken rejects its file (not the command), naming the package and the entry', async () => {
      const before = await counts();
      const zip = await writeZip(join(dir, 'HM750096T75_2107.zip'), [
        { name: 'HM750096T75_21071.XML', content: multiRecordH(2, { fileName: 'HM750096T75_21071' }) },
        { name: 'HM750096T75_21072.XML', content: multiRecordH(3, { fileName: 'HM750096T75_21072' }) },
      ]);
      const bytes = readFileSync(zip);
      bytes.writeUInt32LE(0x12345678, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4)); // the second entry's signature
      writeFileSync(zip, bytes);
      const r = await ingestPackage(deps, [zip]);
      expect(r.status).toBe('rejected');
      expect(r.files.map((f) => f.status)).toEqual(['accepted', 'rejected']);
      expect(r.files[1].error).toMatch(/HM750096T75_2107\.zip: entry "HM750096T75_21072\.XML": invalid local file header signature/);
      // the good file is stored (one transaction per file), nothing of the broken one
      const after = await counts();
      expect(Number(after.files) - Number(before.files)).toBe(1);
      expect(Number(after.cases) - Number(before.cases)).toBe(2);
    });

    it('a DOCTYPE (entity expansion / XXE) is refused and nothing is stored', async () => {
      const before = await counts();
      const evil = multiRecordH(1, { fileName: 'HM750096T75_21071' }).replace(
        '<ZL_LIST>',
        '<!DOCTYPE ZL_LIST [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">]>\n<ZL_LIST>',
      );
      const path = writeCp1251(join(dir, 'HM750096T75_21071.XML'), evil.replace('<COMENTS>Кедр</COMENTS>', '<COMENTS>&xxe;</COMENTS>'));
      const r = await ingestPackage(deps, [path], { workers: false });
      expect(r.status).toBe('rejected');
      expect(JSON.stringify(r)).not.toContain('root:');
      expect(await counts()).toEqual(before);
    });
  });
});
