/**
 * Values a column cannot hold: a PERS with an impossible DR or W is stored with them NULL, and a date the FLK must
 * refuse rejects its record, not the file (before, both made PostgreSQL refuse the COPY and the file failed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openTestDatabase } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';

const db = await openTestDatabase('ingest_values');
let deps: Deps;
const dir = tempDir();

beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
});

describe('ingesting values their columns cannot hold', () => {
  it('a PERS with an impossible DR or W is stored with them NULL and reported: the file is accepted', async () => {
    const name = 'HM750096T75_21072';
    const l = lFileFor(3, name)
      .replace(/<DR>[^<]*<\/DR>/, '<DR>1990-02-30</DR>')
      .replace(/(<ID_PAC>P2<\/ID_PAC>[\s\S]*?)<W>[^<]*<\/W>/, '$1<W>99999999999</W>');
    expect(l).toContain('1990-02-30');
    expect(l).toContain('99999999999');
    const zip = await writeZip(join(dir, `${name}.zip`), [
      { name: `${name}.XML`, content: multiRecordH(3, { fileName: name }).replace('<CODE>375</CODE>', '<CODE>712</CODE>') },
      { name: `L${name.slice(1)}.XML`, content: l },
    ]);
    const r = await ingestPackage(deps, [zip], { workers: false });
    const f = r.files[0];
    expect(f).toMatchObject({ status: 'accepted', cases: 3 });
    expect(f.findings.filter((x) => x.id_pac === 'P1' || x.id_pac === 'P2').map((x) => x.element)).toEqual(
      expect.arrayContaining([expect.stringMatching(/DR$/), expect.stringMatching(/W$/)]),
    );
    const rows = await db.sql.query<{ id_pac: string; w: number | null; dr: string | null; data: { DR?: string; W?: string } }>(
      `SELECT id_pac, w, dr, data FROM person WHERE register_file_id = $1 ORDER BY id_pac`,
      [f.fileId],
    );
    expect(rows.map((x) => [x.id_pac, x.w, x.dr, x.data.DR, x.data.W])).toEqual([
      ['P1', 1, null, '1990-02-30', '1'],
      ['P2', null, expect.any(String), expect.any(String), '99999999999'],
      ['P3', 1, expect.any(String), expect.any(String), '1'],
    ]);
  });

  it('a date the FLK must refuse (year 0000, a sign in the year) rejects its record, not the file: the rest is stored', async () => {
    const name = 'HM750096T75_21073';
    const main = multiRecordH(4, {
      fileName: name,
      mutate: (z, i) =>
        i === 2
          ? z.replace(/<DATE_Z_1>[^<]*<\/DATE_Z_1>/, '<DATE_Z_1>0000-01-01</DATE_Z_1>')
          : i === 3
            ? z.replace(/<DATE_1>[^<]*<\/DATE_1>/, '<DATE_1>+202-04-05</DATE_1>')
            : z,
    });
    const zip = await writeZip(join(dir, `${name}.zip`), [
      { name: `${name}.XML`, content: main.replace('<CODE>375</CODE>', '<CODE>713</CODE>') },
    ]);
    const r = await ingestPackage(deps, [zip], { workers: false });
    const f = r.files[0];
    expect(f).toMatchObject({ status: 'accepted', cases: 4, accepted: 2, rejected: 2 });
    const dates = f.findings.filter((x) => x.rule.startsWith('004F') && /DATE_Z_1|DATE_1/.test(x.element ?? ''));
    expect(dates.map((x) => [x.n_zap, x.value])).toEqual(
      expect.arrayContaining([
        ['2', '0000-01-01'],
        ['3', '+202-04-05'],
      ]),
    );
  });

  it('an amount of 14 integer digits (the format allows 15) is stored exactly: the file is accepted', async () => {
    const name = 'HM750096T75_21074';
    const big = '12345678901234.56';
    const main = multiRecordH(3, {
      fileName: name,
      mutate: (z, i) =>
        i === 2 ? z.replace('<SUMV>115.09</SUMV>', `<SUMV>${big}</SUMV>`).replace('<SUM_M>115.09</SUM_M>', `<SUM_M>${big}</SUM_M>`) : z,
    });
    expect(main).toContain(`<SUMV>${big}</SUMV>`);
    const zip = await writeZip(join(dir, `${name}.zip`), [
      { name: `${name}.XML`, content: main.replace('<CODE>375</CODE>', '<CODE>714</CODE>') },
    ]);
    const r = await ingestPackage(deps, [zip], { workers: false });
    const f = r.files[0];
    expect(f).toMatchObject({ status: 'accepted', cases: 3, accepted: 3, rejected: 0 });
    const [row] = await db.sql.query<{ sumv: string; sum_m: string }>(
      `SELECT c.sumv::text, s.sum_m::text FROM "case" c JOIN sub_case s ON s.case_id = c.id WHERE c.register_file_id = $1 AND c.n_zap = '2'`,
      [f.fileId],
    );
    expect(row).toEqual({ sumv: big, sum_m: big });
  });

  it("a value no FLK rule stopped but its column cannot hold (PROFIL past int4, V002 not loaded) rejects its record under the element's rule, not the file", async () => {
    const name = 'HM750096T75_21075';
    const main = multiRecordH(4, {
      fileName: name,
      mutate: (z, i) => (i === 3 ? z.replace('<PROFIL>16</PROFIL>', '<PROFIL>99999999999</PROFIL>') : z),
    });
    const zip = await writeZip(join(dir, `${name}.zip`), [
      { name: `${name}.XML`, content: main.replace('<CODE>375</CODE>', '<CODE>715</CODE>') },
    ]);
    const r = await ingestPackage(deps, [zip], { workers: false });
    const f = r.files[0];
    expect(f).toMatchObject({ status: 'accepted', cases: 4, accepted: 3, rejected: 1 });
    const bad = f.findings.filter((x) => x.n_zap === '3' && x.severity === 'error');
    expect(bad).toEqual([
      expect.objectContaining({
        control: 'FLK',
        rule: '001F.00.0270', // SL/PROFIL in V002: Q015 has no format rule for it
        element: 'ZAP/Z_SL/SL/PROFIL',
        basEl: 'SL',
        value: '99999999999',
        idcase: String(263695 + 3),
        message: expect.stringContaining('PROFIL="99999999999"'),
      }),
    ]);
    const stored = await db.sql.query<{ n_zap: string }>(`SELECT n_zap FROM "case" WHERE register_file_id = $1 ORDER BY n_zap`, [f.fileId]);
    expect(stored.map((x) => x.n_zap)).toEqual(['1', '2', '4']);
    const subs = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sub_case s JOIN "case" c ON c.id = s.case_id WHERE c.register_file_id = $1`,
      [f.fileId],
    );
    expect(subs[0].n).toBe(3);
  });
});
