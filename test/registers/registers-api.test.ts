import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import iconv from 'iconv-lite';
import { openTestDatabase, TEST_REDIS_URL } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildAppAs } from '../helpers/auth.js';
import { createQueue, startWorker } from '../../src/jobs/queue.js';
import type { FastifyInstance } from 'fastify';

const db = await openTestDatabase('regapi');
const dir = tempDir();
const prefix = `omsx-test-${process.pid}-${Date.now()}`;
let deps: Deps;
let app: FastifyInstance;
let worker: Worker;

function multipart(name: string, content: Buffer) {
  const boundary = '----omsx' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/zip\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return {
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function waitDone(id: string) {
  for (let i = 0; i < 200; i++) {
    const r = await app.inject({ method: 'GET', url: `/api/registers/${id}` });
    if (['done', 'rejected'].includes(r.json().status)) return r.json();
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('ingestion did not finish');
}

beforeAll(async () => {
  const config = loadConfig({ OMSX_HOME: dir, REDIS_URL: TEST_REDIS_URL });
  deps = await createDeps(config, {
    db,
    queue: createQueue(TEST_REDIS_URL, prefix),
  });
  app = await buildAppAs(deps, { role: 'mo', mo: '750096' });
  worker = startWorker(deps, { prefix });
});
afterAll(async () => {
  await worker.close();
  await app.close();
  await deps.close();
});

describe('registers API with the BullMQ worker', () => {
  it('POST /api/registers queues ingestion; GET shows status and counts; the protocol is FLK_P', async () => {
    const zip = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
      {
        name: 'HM750096T75_21041.XML',
        content: multiRecordH(3, {
          mutate: (z, i) => (i === 2 ? z.replace('<DS1>L42</DS1>', '<DS1></DS1>') : z),
        }),
      },
      { name: 'LM750096T75_21041.XML', content: lFileFor(3) },
    ]);
    const { readFileSync } = await import('node:fs');
    const up = await app.inject({
      method: 'POST',
      url: '/api/registers',
      ...multipart('HM750096T75_21041.zip', readFileSync(zip)),
    });
    expect(up.statusCode).toBe(202);
    const { id } = up.json();
    const st = await waitDone(id);
    expect(st).toMatchObject({
      status: 'done',
      source: 'HM750096T75_21041.zip',
      counts: { files: 1, cases: 3, accepted: 2, rejected: 1 },
    });

    const p = await app.inject({
      method: 'GET',
      url: `/api/registers/${id}/protocol`,
    });
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toContain('windows-1251');
    const xml = iconv.decode(p.rawPayload, 'win1251');
    expect(xml).toContain('<FNAME>VM750096T75_21041</FNAME>');
    expect(xml).toContain('<FNAME_I>HM750096T75_21041</FNAME_I>');
    expect(xml).toMatch(/<PR><OSHIB>\d{3}F\.\d{2}\.\d{4}<\/OSHIB>.*<N_ZAP>2<\/N_ZAP>/);

    const j = await app.inject({
      method: 'GET',
      url: `/api/registers/${id}/protocol?format=json`,
    });
    expect(j.json().findings.some((f: { n_zap: string }) => f.n_zap === '2')).toBe(true);

    // the same package again: recognised by its hash at upload, it answers the package already made (no new job)
    const again = await app.inject({ method: 'POST', url: '/api/registers', ...multipart('HM750096T75_21041.zip', readFileSync(zip)) });
    expect(again.json()).toEqual({ id, status: 'done', duplicate: true });
    const p2 = await app.inject({ method: 'GET', url: `/api/registers/${again.json().id}/protocol` });
    expect(iconv.decode(p2.rawPayload, 'win1251')).toBe(xml);
  });

  it('a broken upload is rejected whole with the cause', async () => {
    const up = await app.inject({
      method: 'POST',
      url: '/api/registers',
      ...multipart('HM750096T75_21099.xml', Buffer.from('<?xml version="1.0"?><ZL_LIST><ZGLV>')),
    });
    const st = await waitDone(up.json().id);
    expect(st.status).toBe('rejected');
    expect(st.error).toContain('HM750096T75_21099');
    // its protocol says why (it was an empty protocol, read as "no errors")
    const p = await app.inject({ method: 'GET', url: `/api/registers/${up.json().id}/protocol` });
    expect(iconv.decode(p.rawPayload, 'win1251')).toMatch(/<PR><COMMENT>HM750096T75_21099\.xml: [^<]+<\/COMMENT><\/PR>/);
  });

  it("a file whose header the FLK rejects: its protocol holds the header's Q015 errors", async () => {
    const xml = multiRecordH(2, { fileName: 'HM750096T75_21098' }).replace('<VERSION>3.1</VERSION>', '<VERSION>9.9</VERSION>');
    const up = await app.inject({
      method: 'POST',
      url: '/api/registers',
      ...multipart('HM750096T75_21098.xml', iconv.encode(xml, 'win1251')),
    });
    expect((await waitDone(up.json().id)).status).toBe('rejected');
    const j = await app.inject({ method: 'GET', url: `/api/registers/${up.json().id}/protocol?format=json` });
    expect(j.json().findings).toEqual([expect.objectContaining({ rule: '002F.00.0010', element: 'ZGLV/VERSION', severity: 'error' })]);
  });

  it('unknown package → 404; no file → 400', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/registers/999999' })).statusCode).toBe(404);
    // beyond the bigint range: no such package either, not a 500 from PostgreSQL
    expect((await app.inject({ method: 'GET', url: '/api/registers/99999999999999999999' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/registers/99999999999999999999/protocol' })).statusCode).toBe(404);
    const r = await app.inject({
      method: 'POST',
      url: '/api/registers',
      payload: {},
      headers: { 'content-type': 'application/json' },
    });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
  });
});
