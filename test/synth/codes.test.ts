import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDatabase, runCliCaptured, TEST_DATABASE_URL } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { buildRegion, person, SAMPLE_FIRST_MO, SYNTH_FIRST_MO } from '../../src/synth/region.js';

const db = await openTestDatabase('synthcodes');
const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema };
const sample = JSON.parse(readFileSync('data/sample/region.json', 'utf8')) as { mos: Array<{ code: string }> };

describe('a synthetic region beside the sample', () => {
  it('has MO codes and patients of its own; the sample is built with its own codes as committed', () => {
    expect(buildRegion(42, 20, 3, SAMPLE_FIRST_MO).mos.map((m) => m.code)).toEqual(sample.mos.map((m) => m.code));
    const synth = buildRegion(42, 60, 3).mos.map((m) => m.code);
    expect(synth[0]).toBe(String(SYNTH_FIRST_MO));
    expect(synth.filter((c) => sample.mos.some((m) => m.code === c))).toEqual([]);
    expect(person(42, 5, ['75001']).enp).toBe('7550000000000005'); // the sample's, as before
    expect(person(42, 5, ['75001'], SYNTH_FIRST_MO).enp).toBe('7550100000000005');
  });

  it('loading the sample and `omsx synth` (its defaults) supersedes none of the sample cases', { timeout: 240_000 }, async () => {
    const out = tempDir();
    const s = await runCliCaptured(['synth', '--out', out, '--months', '2', '--cases-per-month', '150'], env);
    expect(s.code).toBe(0);
    const names = readdirSync(join(out, 'registers'));
    expect(names.filter((n) => readdirSync('data/sample/registers').includes(n))).toEqual([]);
    const superseded = async () =>
      Number(
        (
          await db.sql.query<{ n: string }>(
            `SELECT count(*)::text n FROM "case" WHERE status = 'superseded' AND code_mo BETWEEN '750001' AND '750020'`,
          )
        )[0].n,
      );
    expect((await runCliCaptured(['ingest', 'data/sample/registers', '--json'], env)).code).toBe(0);
    const before = await superseded();
    expect((await runCliCaptured(['ingest', join(out, 'registers'), '--json'], env)).code).toBe(0);
    expect(await superseded()).toBe(before);
    // and no finding of the synthetic region's files names a sample patient
    const [shared] = await db.sql.query<{ n: string }>(
      `SELECT count(*)::text n FROM "case" a JOIN "case" b ON a.person_key = b.person_key
        WHERE a.code_mo BETWEEN '750001' AND '750020' AND b.code_mo >= '760001'`,
    );
    expect(Number(shared.n)).toBe(0);
  });
});
