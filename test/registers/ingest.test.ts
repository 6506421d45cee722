import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase, openTestPglite } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeCp1251, writeZip } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { registerRepo } from '../../src/registers/store/register.repo.js';

// the same tests on a PostgreSQL server and on the embedded PGlite (the CLI's default without DATABASE_URL)
const TARGETS = [
  ['PostgreSQL', await openTestDatabase('ingest')],
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

  describe('ingesting register packages', () => {
    it('stores a ZIP of H + L files: cases, sub-cases with services, persons', async () => {
      const zip = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
        { name: 'HM750096T75_21041.XML', content: multiRecordH(5) },
        { name: 'LM750096T75_21041.XML', content: lFileFor(5) },
      ]);
      const r = await ingestPackage(deps, [zip], { workers: false });
      expect(r.status).toBe('done');
      expect(r.files).toHaveLength(1);
      expect(r.files[0]).toMatchObject({
        file: 'HM750096T75_21041.XML',
        kind: 'H',
        status: 'accepted',
        cases: 5,
        accepted: 5,
        rejected: 0,
      });
      const rows = await db.sql.query<{
        n_zap: string;
        usl_ok: number;
        ds1: string;
        sumv: string;
        person_key: string;
        date_z_1: string;
      }>('SELECT n_zap, usl_ok, ds1, sumv::text, person_key, date_z_1::text FROM "case" ORDER BY n_zap::int');
      expect(rows).toHaveLength(5);
      expect(rows[0]).toEqual({
        n_zap: '1',
        usl_ok: 3,
        ds1: 'L42',
        sumv: '115.09',
        person_key: 'E7500000000000001',
        date_z_1: '2021-04-05',
      });
      const [sub] = await db.sql.query<{ usl: Array<{ CODE_USL: string }> }>("SELECT sl->'USL' AS usl FROM sub_case LIMIT 1");
      expect(sub.usl[0].CODE_USL).toBe('601029');
      const persons = await db.sql.query<{ fam: string; dr: string }>("SELECT fam, dr::text FROM person WHERE id_pac = 'P2'");
      expect(persons).toEqual([{ fam: 'Иванов', dr: '1980-01-03' }]);
    });

    it('a record whose patient has no PERS in the L-file is reported (003F.00.3070) with its ID_PAC', async () => {
      const zip = await writeZip(join(dir, 'HM750096T75_21111.zip'), [
        {
          name: 'HM750096T75_21111.XML',
          content: multiRecordH(3, { fileName: 'HM750096T75_21111' }).replace('<CODE>375</CODE>', '<CODE>411</CODE>'),
        },
        { name: 'LM750096T75_21111.XML', content: lFileFor(2, 'HM750096T75_21111') },
      ]);
      const r = await ingestPackage(deps, [zip], { workers: false });
      const links = r.files[0].findings.filter((f) => f.rule === '003F.00.3070');
      expect(links.map((f) => f.id_pac)).toEqual(['P3']);
      const stored = await db.sql.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM finding WHERE rule = '003F.00.3070' AND id_pac = 'P3'",
      );
      expect(stored[0].n).toBe('1');
    });

    it('streams a large L-file: one person row per ID_PAC, a repeat in a later batch reported, a missing PERS found', async () => {
      // 1 200 PERS are read in three batches of 500; P7 comes again in the third; the main file's P1300 has no PERS
      const name = 'HM750096T75_21071';
      const l = lFileFor(1200, name).replace(
        '</PERS_LIST>',
        '<PERS><ID_PAC>P7</ID_PAC><FAM>Петров</FAM><W>1</W><DR>1990-01-01</DR></PERS></PERS_LIST>',
      );
      const main = multiRecordH(3, {
        fileName: name,
        mutate: (z, i) => (i === 3 ? z.replace('<ID_PAC>P3</ID_PAC>', '<ID_PAC>P1300</ID_PAC>') : z),
      });
      const zip = await writeZip(join(dir, `${name}.zip`), [
        { name: `${name}.XML`, content: main.replace('<CODE>375</CODE>', '<CODE>711</CODE>') },
        { name: `L${name.slice(1)}.XML`, content: l },
      ]);
      const r = await ingestPackage(deps, [zip], { workers: false });
      const f = r.files[0];
      expect(f).toMatchObject({ status: 'accepted', cases: 3 });
      const links = f.findings.filter((x) => x.rule === '003F.00.3070');
      expect(links.map((x) => [x.severity, x.id_pac])).toEqual([
        ['warning', 'P7'],
        ['error', 'P1300'],
      ]);
      const [p] = await db.sql.query<{ n: string; fam: string }>(
        `SELECT count(*)::text n, max(fam) FILTER (WHERE id_pac = 'P7') fam FROM person WHERE register_file_id = $1`,
        [f.fileId],
      );
      expect(p).toEqual({ n: '1200', fam: 'Иванов' });
    });

    it('ids are drawn from the sequence as runs: n distinct ascending ids per call, also with calls in parallel', async () => {
      const repo = registerRepo(db.sql);
      const draws = await Promise.all([5000, 3000, 1, 4000].map((n) => repo.allocIds('case_id_seq', n)));
      expect(draws.map((d) => d.length)).toEqual([5000, 3000, 1, 4000]);
      for (const d of draws) for (let i = 1; i < d.length; i++) expect(BigInt(d[i]) > BigInt(d[i - 1])).toBe(true);
      expect(new Set(draws.flat()).size).toBe(12001);
      expect(await repo.allocIds('sub_case_id_seq', 0)).toEqual([]);
    });

    it('the same package again changes nothing', async () => {
      const before = await counts();
      const zip = join(dir, 'HM750096T75_21041.zip');
      const r = await ingestPackage(deps, [zip], { workers: false });
      expect(r.files[0].status).toBe('duplicate');
      expect(await counts()).toEqual({ ...before });
    });

    it('a record with an FLK error is rejected and the rest of the file accepted', async () => {
      const xml = multiRecordH(4, {
        fileName: 'HM750096T75_21051',
        mutate: (z, i) => (i === 3 ? z.replace('<DS1>L42</DS1>', '<DS1></DS1>') : z),
      });
      const path = writeCp1251(join(dir, 'HM750096T75_21051.XML'), xml.replace(/<CODE>375<\/CODE>/, '<CODE>376</CODE>'));
      const r = await ingestPackage(deps, [path], { workers: false });
      const f = r.files[0];
      expect(f).toMatchObject({
        status: 'accepted',
        cases: 4,
        accepted: 3,
        rejected: 1,
      });
      const bad = f.findings.filter((x) => x.severity === 'error' && x.control === 'FLK');
      expect(bad.length).toBeGreaterThan(0);
      expect(bad.every((x) => x.n_zap === '3')).toBe(true);
      expect(bad[0].rule).toMatch(/^\d{3}F\.\d{2}\.\d{4}$/);
      const stored = await db.sql.query<{ n_zap: string }>(
        'SELECT c.n_zap FROM "case" c JOIN register_file f ON f.id = c.register_file_id WHERE f.file_name = $1 ORDER BY 1',
        [f.file],
      );
      expect(stored.map((x) => x.n_zap)).toEqual(['1', '2', '4']);
      expect(r.warnings.join(' ')).toMatch(/L-file|L-файл|без L|without/i);
    });

    it('a corrected register (SCHET/REF, PR_NOV=1) supersedes the record it corrects and keeps history', async () => {
      const fix = multiRecordH(3, { fileName: 'HM750096T75_21042' })
        .replace('<CODE>375</CODE>', '<CODE>377</CODE>')
        .replace(
          '<COMENTS>Кедр</COMENTS>',
          '<COMENTS>Кедр</COMENTS><REF><FIRST_CODE>375</FIRST_CODE><FIRST_YEAR>2021</FIRST_YEAR><FIRST_MONTH>4</FIRST_MONTH></REF>',
        );
      // only record 2 is a correction of the original record 2 (same IDCASE), re-billed with PR_NOV=1
      const only2 = fix
        .replace(/<ZAP>[\s\S]*?<\/ZAP>/g, (z) =>
          z.includes('<N_ZAP>2</N_ZAP>') ? z.replace('<PR_NOV>0</PR_NOV>', '<PR_NOV>1</PR_NOV>') : '',
        )
        .replace(/<SD_Z>\d+<\/SD_Z>/, '<SD_Z>1</SD_Z>')
        .replace(/<SUMMAV>[\d.]+<\/SUMMAV>/, '<SUMMAV>115.09</SUMMAV>');
      const path = writeCp1251(join(dir, 'HM750096T75_21042.XML'), only2);
      const r = await ingestPackage(deps, [path], { workers: false });
      expect(r.files[0]).toMatchObject({ accepted: 1, superseded: 1 });
      const rows = await db.sql.query<{
        status: string;
        file_name: string;
        superseded: boolean;
      }>(
        `SELECT c.status, f.file_name, c.superseded_by IS NOT NULL AS superseded FROM "case" c JOIN register_file f ON f.id = c.register_file_id
       WHERE c.idcase = '263697' AND f.file_name IN ('HM750096T75_21041.XML', 'HM750096T75_21042.XML') ORDER BY c.id`,
      );
      expect(rows).toEqual([
        {
          status: 'superseded',
          file_name: 'HM750096T75_21041.XML',
          superseded: true,
        },
        {
          status: 'accepted',
          file_name: 'HM750096T75_21042.XML',
          superseded: false,
        },
      ]);
    });

    it('parses in worker threads with the same result as in-process', async () => {
      const xml = multiRecordH(50, { fileName: 'HM750096T75_21081' }).replace('<CODE>375</CODE>', '<CODE>381</CODE>');
      const a = writeCp1251(join(dir, 'HM750096T75_21081.XML'), xml);
      const r = await ingestPackage(deps, [a], {
        workers: true,
        workerMinBytes: 0,
      });
      expect(r.files[0]).toMatchObject({ cases: 50, accepted: 50, rejected: 0 });
    });

    it('splits a file between worker threads with the same findings as in-process (repeated N_ZAP across segments, SD_Z)', async () => {
      const make = (code: string, name: string) =>
        writeCp1251(
          join(dir, `${name}.XML`),
          multiRecordH(300, {
            fileName: name,
            mutate: (z, i) =>
              i === 250 ? z.replace(/<N_ZAP>\d+<\/N_ZAP>/, '<N_ZAP>3</N_ZAP>') : i === 120 ? z.replace('<DS1>L42</DS1>', '<DS1></DS1>') : z,
          }).replace('<CODE>375</CODE>', `<CODE>${code}</CODE>`),
        );
      const a = make('401', 'HM750096T75_21101');
      const b = make('402', 'HM750096T75_21102');
      process.env.OMSX_INGEST_SEGMENT_BYTES = '4096';
      try {
        const split = await ingestPackage(deps, [a], { workers: true, workerMinBytes: 0, threads: 2 });
        const seq = await ingestPackage(deps, [b], { workers: false });
        // the second file repeats the first one's cases: compare what is not cross-register MEK
        const key = (f: { rule: string; n_zap?: string; element?: string }) => `${f.rule} ${f.n_zap} ${f.element}`;
        const own = (fs: Array<{ rule: string; n_zap?: string; element?: string }>) =>
          fs
            .filter((f) => !f.rule.startsWith('002K'))
            .map(key)
            .sort();
        expect(split.files[0]).toMatchObject({ cases: 300, accepted: 298, rejected: 2 });
        expect(own(split.files[0].findings)).toEqual(own(seq.files[0].findings));
        expect(own(split.files[0].findings).length).toBeGreaterThanOrEqual(2);
        expect(split.files[0].findings.some((f) => f.rule === '003F.00.2110' && f.n_zap === '3')).toBe(true);
        const n = await deps.db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "case" WHERE register_file_id = $1`, [
          split.files[0].fileId,
        ]);
        expect(n[0].n).toBe('298');
        // ids filled in on the main thread: every sub-case hangs on its own case (SL_ID = IDCASE in this file),
        // and of the repeated N_ZAP 3 the first record stays (its COPY bytes cut out of a worker's batch)
        const links = await deps.db.sql.query<{ subs: string; own: string; idcase: string }>(
          `SELECT count(*)::text AS subs, count(*) FILTER (WHERE s.sl_id = c.idcase)::text AS own,
                max(c.idcase) FILTER (WHERE c.n_zap = '3') AS idcase
           FROM sub_case s JOIN "case" c ON c.id = s.case_id WHERE c.register_file_id = $1`,
          [split.files[0].fileId],
        );
        expect(links[0]).toEqual({ subs: '298', own: '298', idcase: '263698' });

        // the same file again: its reading started beside the hash is closed unread, nothing changes, the
        // workers drop the segments queued for it and take the next file
        const before = await counts();
        const again = await ingestPackage(deps, [a], { workers: true, workerMinBytes: 0, threads: 2 });
        expect(again.files[0]).toMatchObject({ status: 'duplicate', fileId: split.files[0].fileId });
        expect(await counts()).toEqual(before);
        const c = make('403', 'HM750096T75_21103');
        const next = await ingestPackage(deps, [c], { workers: true, workerMinBytes: 0, threads: 2 });
        expect(next.files[0]).toMatchObject({ status: 'accepted', cases: 300, accepted: 298 });
      } finally {
        delete process.env.OMSX_INGEST_SEGMENT_BYTES;
      }
    });
  });
});
