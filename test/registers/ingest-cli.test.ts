import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { openTestDatabase, TEST_DATABASE_URL, runCliCaptured } from '../helpers/db.js';
import { multiRecordH, tempDir, writeCp1251, writeZip } from '../helpers/registers.js';
import { writeJsonSummary } from '../../src/cli/commands/ingest.command.js';
import { PassThrough } from 'node:stream';

const db = await openTestDatabase('ingest_cli');
const dir = tempDir();

describe('omsx ingest (CLI)', () => {
  const env = () => ({
    DATABASE_URL: TEST_DATABASE_URL,
    OMSX_DB_SCHEMA: db.schema,
    OMSX_HOME: dir,
  });

  it('--json prints the summary with FLK findings and exits 0 when every package was read', async () => {
    const xml = multiRecordH(3, {
      fileName: 'HM750096T75_21091',
      mutate: (z, i) => (i === 2 ? z.replace('<DS1>L42</DS1>', '<DS1></DS1>') : z),
    });
    const p = writeCp1251(join(dir, 'cli-ok.xml'), xml.replace('<CODE>375</CODE>', '<CODE>391</CODE>'));
    const { code, out } = await runCliCaptured(['ingest', p, '--json'], env());
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j).toMatchObject({
      packages: 1,
      files: 1,
      cases: 3,
      accepted: 2,
      rejected: 1,
    });
    expect(j.flk.some((f: { n_zap: string; rule: string; file: string }) => f.n_zap === '2' && f.file === 'cli-ok.xml')).toBe(true);
    expect(j.findings).toBe(j.flk.length);
  });

  it('--json is written entry by entry and parses as one object: counts, every kept finding, the total, stats', () => {
    const finding = (i: number) => ({
      control: 'FLK' as const,
      rule: '004F.00.0360',
      severity: 'error' as const,
      element: 'ZAP/Z_SL/SL/DS1',
      n_zap: String(i),
      message: `пустой элемент DS1 "кавычки" \\ ${i}`,
    });
    const file = (name: string, n: number, total: number) => ({
      file: name,
      kind: 'H',
      status: 'accepted' as const,
      cases: n,
      accepted: n - 1,
      rejected: 1,
      superseded: 0,
      findingCount: total,
      findings: Array.from({ length: n }, (_, i) => finding(i + 1)),
    });
    const results = [
      {
        packageId: '1',
        source: 'a.zip',
        status: 'done' as const,
        warnings: [],
        files: [file('HM1.XML', 1500, 1500), file('HM2.XML', 700, 9000)],
      },
      { packageId: '2', source: 'b.zip', status: 'rejected' as const, error: 'broken', warnings: [], files: [] },
    ];
    const chunks: string[] = [];
    const out = new PassThrough().on('data', (d) => chunks.push(String(d)));
    writeJsonSummary(out, results, { stats: { elapsedMs: 5 } });
    expect(chunks.length).toBeGreaterThan(2); // written in pieces, not as one string
    const j = JSON.parse(chunks.join(''));
    expect(j).toMatchObject({
      packages: 2,
      files: 2,
      cases: 2200,
      accepted: 2198,
      rejected: 2,
      rejectedPackages: [{ package: 'b.zip', error: 'broken' }],
      findings: 10500,
      stats: { elapsedMs: 5 },
    });
    expect(j.flk).toHaveLength(2200);
    expect(j.flk[1500]).toMatchObject({ file: 'HM2.XML', rule: '004F.00.0360', n_zap: '1', message: 'пустой элемент DS1 "кавычки" \\ 1' });
  });

  it('--concurrency 2 ingests several packages at a time with the same totals, in input order', async () => {
    const sub = join(dir, 'many');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    for (const [i, code] of [
      [1, 501],
      [2, 502],
      [3, 503],
    ] as const) {
      await writeZip(join(sub, `HM75009${i}T75_2104${i}.zip`), [
        {
          name: `HM75009${i}T75_2104${i}.XML`,
          content: multiRecordH(4, { fileName: `HM75009${i}T75_2104${i}` })
            .replace('<CODE>375</CODE>', `<CODE>${code}</CODE>`)
            .replace(/<ID_PAC>P/g, `<ID_PAC>X${i}-`)
            .replace(/7500000000000/g, `75${i}0000000000`),
        },
      ]);
    }
    const { code, out } = await runCliCaptured(['ingest', sub, '--json', '--concurrency', '2'], env());
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ packages: 3, files: 3, cases: 12, accepted: 12, rejected: 0 });
  });

  it('exits 2 when a package is rejected whole, naming the file and the cause', async () => {
    const p = join(dir, 'broken.xml');
    writeFileSync(p, '<?xml version="1.0" encoding="windows-1251"?><ZL_LIST><ZGLV><VERSION>3.1</VERSION>');
    const { code, out } = await runCliCaptured(['ingest', p, '--json'], env());
    expect(code).toBe(2);
    const j = JSON.parse(out);
    expect(j.rejectedPackages[0].error).toContain('broken.xml');
  });
});
