/**
 * Reading ahead (file-turns.ts): the next file is read while the one before it commits, and yet every file's
 * database work sees the files before it. Unit tests of the order, then the sample region (three months with
 * corrections, repeat stays and cross-register MEK) ingested one file at a time and with three files in flight
 * through the worker threads: the same stored result, finding for finding.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FileTurns, inLanes } from '../../src/registers/ingest/file-turns.js';
import { openTestDatabase, openTestPglite } from '../helpers/db.js';
import { tempDir } from '../helpers/registers.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage, type PackageResult } from '../../src/registers/ingest/ingest.service.js';

const tick = () => new Promise((r) => setTimeout(r, 5));
/** Whether a promise has settled by now. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await tick();
  return done;
}

describe('FileTurns', () => {
  it('lets a file read once the one before it has been read, and write once it is done', async () => {
    const turns = new FileTurns(2);
    const a = await turns.enter();
    const b = await turns.enter();
    expect(await settled(a.reading())).toBe(true);
    expect(await settled(a.turn())).toBe(true);
    expect(await settled(b.reading())).toBe(false);
    a.read();
    expect(await settled(b.reading())).toBe(true);
    expect(await settled(b.turn())).toBe(false); // a still commits
    a.done();
    expect(await settled(b.turn())).toBe(true);
  });

  it('holds a third file back until a place is free, and keeps the order of entry', async () => {
    const turns = new FileTurns(2);
    const a = await turns.enter();
    const b = await turns.enter();
    const c = turns.enter();
    expect(await settled(c)).toBe(false);
    b.done(); // b ends first (say it failed before its turn): c enters, and still comes after a
    const t = await c;
    expect(await settled(t.reading())).toBe(false);
    expect(await settled(t.turn())).toBe(false);
    a.done(); // done implies read
    expect(await settled(t.reading())).toBe(true);
    expect(await settled(t.turn())).toBe(true);
    a.done(); // idempotent: no place is freed twice
    const d = await turns.enter();
    const e = turns.enter();
    expect(await settled(e)).toBe(false);
    t.done();
    d.done();
    (await e).done();
  });

  it('orders the files of reserved packages by reservation, not by who asks first', async () => {
    const turns = new FileTurns(2);
    const first = turns.reserve();
    const second = turns.reserve();
    const b = second.enter(); // the second package is ready first
    expect(await settled(b)).toBe(false);
    const a0 = await first.enter();
    const a1 = await first.enter();
    first.close();
    expect(await settled(b)).toBe(false); // both places taken by the first package
    a0.done();
    const tb = await b;
    expect(await settled(tb.reading())).toBe(false); // a1 is still being read
    a1.read();
    expect(await settled(tb.reading())).toBe(true);
    expect(await settled(tb.turn())).toBe(false); // and still commits
    a1.done();
    expect(await settled(tb.turn())).toBe(true);
    tb.done();
    second.close();
  });

  it('with one place reads files strictly one after another', async () => {
    const turns = new FileTurns(1);
    const a = await turns.enter();
    const b = turns.enter();
    a.read();
    expect(await settled(b)).toBe(false);
    a.done();
    expect(await settled((await b).turn())).toBe(true);
    expect(() => new FileTurns(0)).toThrow(/at least 1/);
  });
});

describe('inLanes', () => {
  it('runs every index once on at most `lanes` lanes, and throws the first failure only after every lane has ended', async () => {
    const seen: number[] = [];
    let running = 0;
    let most = 0;
    let finishedAfterFailure = false;
    const work = async (i: number) => {
      most = Math.max(most, ++running);
      await tick();
      running--;
      if (i === 1) throw new Error('file 1 failed');
      seen.push(i);
      if (i === 2) finishedAfterFailure = true;
    };
    await expect(inLanes(2, 3, work)).rejects.toThrow('file 1 failed');
    expect(finishedAfterFailure).toBe(true);
    expect(seen.sort()).toEqual([0, 2]);
    expect(most).toBe(2);
    const all: number[] = [];
    await inLanes(5, 3, async (i) => void all.push(i));
    expect(all).toEqual([0, 1, 2]);
  });
});

const SAMPLE = 'data/sample/registers';
/** The results of the first ingestion of the sample into a database. */
const firstRun = new Map<unknown, PackageResult[]>();
const packagesOf = async (db: unknown) => firstRun.get(db)!;
let overlaps = 0;
const one = await openTestDatabase('turns1');
const three = await openTestDatabase('turns3');
const lite = await openTestPglite();

/** The sample's packages ingested as the CLI does: `inFlight` files at a time, all through a worker thread. */
async function ingestSample(db: typeof one, inFlight: number): Promise<PackageResult[]> {
  const deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
  // every file's transaction, start to end: they must never overlap, however many files are in flight
  const sql = deps.db.sql;
  const transaction = sql.transaction.bind(sql);
  let open = 0;
  sql.transaction = async (fn) => {
    if (open++) overlaps++;
    try {
      return await transaction(fn);
    } finally {
      open--;
    }
  };
  const turns = new FileTurns(inFlight);
  const packages = readdirSync(SAMPLE).sort();
  const results: PackageResult[] = new Array(packages.length);
  await inLanes(inFlight, packages.length, async (i) => {
    results[i] = await ingestPackage(deps, [join(SAMPLE, packages[i])], { workers: true, workerMinBytes: 0, turns });
  });
  return results;
}

/** What is stored, without the ids that depend on timing: cases with their status, findings of both controls. */
async function stored(db: typeof one) {
  const cases = await db.sql.query<{ f: string; n: string; status: string; by: string | null }>(
    `SELECT f.file_name AS f, c.n_zap AS n, c.status, s.file_name || '/' || o.n_zap AS by
       FROM "case" c JOIN register_file f ON f.id = c.register_file_id
       LEFT JOIN "case" o ON o.id = c.superseded_by LEFT JOIN register_file s ON s.id = o.register_file_id
      ORDER BY 1, 2`,
  );
  const findings = await db.sql.query<{ k: string }>(
    `SELECT concat_ws('|', file_name, control, rule, n_zap, idcase, sl_id, message) AS k FROM finding ORDER BY 1`,
  );
  return { cases, findings: findings.map((r) => r.k) };
}

describe('reading ahead through the sample region', () => {
  it('stores what reading one file at a time stores: cases, supersessions and every FLK and MEK finding', async () => {
    const [seq, par] = [await ingestSample(one, 1), await ingestSample(three, 3)];
    firstRun.set(one, seq);
    expect(overlaps).toBe(0);
    const files = (rs: PackageResult[]) => rs.flatMap((r) => r.files.map(({ fileId: _id, findings: _f, ...f }) => f));
    expect(files(par)).toEqual(files(seq));
    const [a, b] = [await stored(one), await stored(three)];
    expect(b.cases).toEqual(a.cases);
    expect(b.findings).toEqual(a.findings);
    // the comparison means something: later months supersede earlier cases and MEK found conflicts across registers
    expect(a.cases.filter((c) => c.status === 'superseded').length).toBeGreaterThan(0);
    expect(a.findings.filter((k) => k.includes('|MEK|')).length).toBeGreaterThan(0);
    // every finding of a stored record names its case (finding.case_id), the others none
    for (const db of [one, three]) {
      const [l] = await db.sql.query<{ linked: number; wrong: number; missing: number }>(
        `SELECT count(*) FILTER (WHERE f.case_id IS NOT NULL)::int AS linked,
                count(*) FILTER (WHERE f.case_id IS DISTINCT FROM c.id)::int AS wrong,
                count(*) FILTER (WHERE c.id IS NOT NULL AND f.case_id IS NULL)::int AS missing
           FROM finding f LEFT JOIN "case" c ON c.register_file_id = f.register_file_id AND c.n_zap = f.n_zap`,
      );
      expect(l.linked).toBeGreaterThan(0);
      expect({ wrong: l.wrong, missing: l.missing }).toEqual({ wrong: 0, missing: 0 });
    }
  }, 120_000);

  it('on the embedded PGlite (the CLI default) stores the same as on PostgreSQL, and again nothing the second time', async () => {
    const onLite = await ingestSample(lite as typeof one, 1);
    const files = (rs: PackageResult[]) => rs.flatMap((r) => r.files.map(({ fileId: _id, findings: _f, ...f }) => f));
    expect(files(onLite)).toEqual(files(await packagesOf(one)));
    const [a, b] = [await stored(one), await stored(lite as typeof one)];
    expect(b.cases).toEqual(a.cases);
    expect(b.findings).toEqual(a.findings);
    const again = await ingestSample(lite as typeof one, 1);
    expect(again.flatMap((r) => r.files.map((f) => f.status)).every((s) => s === 'duplicate')).toBe(true);
    expect((await stored(lite as typeof one)).cases.length).toBe(a.cases.length);
  }, 240_000);
});

const slow1 = await openTestDatabase('order1');
const slow2 = await openTestDatabase('order2');

describe('input order when a package is slow to start', () => {
  /** Three packages of one MO (three months, corrections across them); the second's `INSERT INTO package` takes 300 ms. */
  async function ingestDelayed(db: typeof one, inFlight: number) {
    const deps = await createDeps(loadConfig({ OMSX_HOME: tempDir() }), { db });
    const sql = deps.db.sql;
    const query = sql.query.bind(sql);
    let inserts = 0;
    sql.query = (async (text: string, params?: unknown[]) => {
      if (/^\s*INSERT INTO package\b/i.test(text) && ++inserts === 2) await new Promise((r) => setTimeout(r, 300));
      return query(text, params);
    }) as typeof sql.query;
    const packages = ['HM750005T76_2507.zip', 'HM750005T76_2508.zip', 'HM750005T76_2509.zip'];
    const turns = new FileTurns(inFlight);
    const results: PackageResult[] = new Array(packages.length);
    await inLanes(inFlight, packages.length, async (i) => {
      results[i] = await ingestPackage(deps, [join(SAMPLE, packages[i])], { workers: true, workerMinBytes: 0, turns });
    });
    return results.flatMap((r) => r.files.map((f) => ({ file: f.file, superseded: f.superseded, findings: f.findingCount })));
  }

  it('stores the files in input order with two in flight, as with one', async () => {
    const seq = await ingestDelayed(slow1, 1);
    const par = await ingestDelayed(slow2, 2);
    expect(par).toEqual(seq);
    expect(seq.some((f) => f.superseded > 0)).toBe(true);
    const [a, b] = [await stored(slow1), await stored(slow2)];
    expect(b.cases).toEqual(a.cases);
    expect(b.findings).toEqual(a.findings);
  }, 120_000);
});
