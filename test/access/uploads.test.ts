import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import type { Worker } from 'bullmq';
import { openTestDatabase, TEST_REDIS_URL } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { signIn } from '../helpers/auth.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/api/app.js';
import { createQueue, startWorker } from '../../src/jobs/queue.js';

const db = await openTestDatabase('uploads');
const dir = tempDir();
const srcDir = tempDir();
const prefix = `omsx-test-up-${process.pid}-${Date.now()}`;
const config = loadConfig({ OMSX_HOME: dir, REDIS_URL: TEST_REDIS_URL });
const deps = await createDeps(config, { db, queue: createQueue(TEST_REDIS_URL, prefix) });
const app = await buildApp(deps);
const worker: Worker = startWorker(deps, { prefix });
const mo = await signIn(app, deps, { role: 'mo', mo: '750096' });
const tfoms = await signIn(app, deps, { role: 'tfoms' });
afterAll(async () => {
  await worker.close();
  await app.close();
  await deps.close();
});

function multipart(name: string, content: Buffer) {
  const boundary = '----omsx' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/zip\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const uploads = () => readdirSync(join(dir, 'uploads'));
async function waitDone(id: string) {
  for (let i = 0; i < 300; i++) {
    const r = (await mo.inject({ method: 'GET', url: `/api/registers/${id}` })).json();
    if (['done', 'rejected', 'failed'].includes(r.status)) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('ingestion did not finish');
}

const zip = await writeZip(join(srcDir, 'HM750096T75_21041.zip'), [
  {
    name: 'HM750096T75_21041.XML',
    // record 2 has an empty DS1: an FLK finding that names ID_PAC P2
    content: multiRecordH(3, { mutate: (z, i) => (i === 2 ? z.replace('<DS1>L42</DS1>', '<DS1></DS1>') : z) }),
  },
  { name: 'LM750096T75_21041.XML', content: lFileFor(3) },
]);
const bytes = readFileSync(zip);

describe('uploads', () => {
  it('the same file uploaded 20 times at once makes one package, one job and one copy, deleted once stored', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => mo.inject({ method: 'POST', url: '/api/registers', ...multipart('HM750096T75_21041.zip', bytes) })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(202));
    const ids = new Set(answers.map((a) => a.json().id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.json().duplicate)).toHaveLength(19);
    const [id] = ids;
    const st = await waitDone(id);
    expect(st).toMatchObject({ status: 'done', counts: { files: 1, cases: 3, accepted: 2, rejected: 1 } });
    expect(await db.sql.query('SELECT id FROM package')).toHaveLength(1);
    // the job forgets the upload right after the package is done
    const storage = () => db.sql.query<{ storage_path: string | null }>('SELECT storage_path FROM package');
    for (let i = 0; i < 50 && (await storage())[0].storage_path !== null; i++) await new Promise((res) => setTimeout(res, 100));
    expect(await storage()).toEqual([{ storage_path: null }]);
    // the upload (with the L-file's personal data) is gone
    expect(uploads()).toEqual([]);
    // and no answer names a server path
    expect(JSON.stringify(st)).not.toContain(dir);
  });

  it("a rejected upload is deleted too, and its error names the file, not the server's path", async () => {
    const up = await mo.inject({
      method: 'POST',
      url: '/api/registers',
      ...multipart('HM750096T75_21099.xml', Buffer.from('<?xml version="1.0"?><ZL_LIST><ZGLV>')),
    });
    const st = await waitDone(up.json().id);
    expect(st.status).toBe('rejected');
    expect(st.error).toContain('HM750096T75_21099');
    expect(st.error).not.toMatch(/uploads|\/tmp|omsx-test/);
    // the job deletes the upload right after it records the refusal
    for (let i = 0; i < 50 && uploads().length; i++) await new Promise((res) => setTimeout(res, 100));
    expect(uploads()).toEqual([]);
  });

  it('the FLK protocol: the MO sees its ID_PAC; TFOMS sees no ID_PAC and no personal values', async () => {
    const [{ id }] = await db.sql.query<{ id: string }>("SELECT id::text FROM package WHERE status = 'done'");
    const own = (await mo.inject({ method: 'GET', url: `/api/registers/${id}/protocol` })).body;
    expect(own).toContain('<ID_PAC>P2</ID_PAC>');
    const staff = (await tfoms.inject({ method: 'GET', url: `/api/registers/${id}/protocol` })).body;
    expect(staff).toContain('<N_ZAP>2</N_ZAP>');
    expect(staff).not.toContain('<ID_PAC>');
  });
});

describe('Redis down', () => {
  it('job submission answers 503 (quickly, nothing left behind); reads are served', async () => {
    const deadDeps = await createDeps(config, { db, queue: createQueue('redis://127.0.0.1:1', prefix) });
    const deadApp = await buildApp(deadDeps);
    const user = await signIn(deadApp, deadDeps, { role: 'mo', mo: '750096' });
    const other = await writeZip(join(srcDir, 'HM750096T75_21042.zip'), [
      { name: 'HM750096T75_21042.XML', content: multiRecordH(1, { fileName: 'HM750096T75_21042' }) },
    ]);
    const t0 = Date.now();
    const r = await user.inject({ method: 'POST', url: '/api/registers', ...multipart('HM750096T75_21042.zip', readFileSync(other)) });
    expect(r.statusCode).toBe(503);
    expect(r.json().error).toBe('UNAVAILABLE');
    expect(Date.now() - t0).toBeLessThan(10_000); // the submission gives Redis 3 s
    expect(uploads()).toEqual([]);
    const [{ id }] = await db.sql.query<{ id: string }>("SELECT id::text FROM package WHERE status = 'done'");
    expect((await user.inject({ method: 'GET', url: `/api/registers/${id}` })).statusCode).toBe(200);
    await deadApp.close();
    await deadDeps.close();
  });
});
