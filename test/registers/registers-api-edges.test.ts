import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { openTestDatabase } from '../helpers/db.js';
import { lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { createDeps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { buildAppAs } from '../helpers/auth.js';
import { inProcessQueue } from '../../src/jobs/in-process.queue.js';
import { renderFlkP } from '../../src/registers/protocol/flk-p.js';
import { win1251Text } from '../../src/registers/protocol/win1251-text.js';

// the service as `omsx serve` runs it on one database: jobs in this process (no Redis)
const db = await openTestDatabase('regedge');
const dir = tempDir();
const errors: unknown[] = [];
const queue = inProcessQueue((_, e) => errors.push(e));
const deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db, queue });
queue.attach(deps);
const app = await buildAppAs(deps, { role: 'admin' });
afterAll(async () => {
  await app.close();
  await deps.close();
});

/** A multipart body of the given parts (a file part when it has a filename). */
function multipart(parts: Array<{ field: string; filename?: string; content: Buffer | string }>) {
  const boundary = '----omsx' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `form-data; name="${p.field}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const type = p.filename ? 'Content-Type: application/zip\r\n' : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n${type}\r\n`), Buffer.from(p.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(parts: Parameters<typeof multipart>[0]) {
  const r = await app.inject({ method: 'POST', url: '/api/registers', ...multipart(parts) });
  if (r.statusCode === 202) await queue.idle();
  return r;
}

const packageCount = async () => Number((await db.sql.query<{ n: string }>('SELECT count(*)::text n FROM package'))[0].n);

describe('registers API: uploads and protocols at their edges', () => {
  it('a field other than "file", or a second part, is refused with 400 and queues nothing', async () => {
    const before = await packageCount();
    const other = await upload([{ field: 'package', filename: 'HM1.zip', content: 'PK' }]);
    expect(other.statusCode).toBe(400);
    expect(other.json().message).toMatch(/unexpected multipart field "package"/);
    const extra = await upload([
      { field: 'file', filename: 'HM1.zip', content: 'PK' },
      { field: 'comment', content: 'hello' },
    ]);
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toMatch(/second part "comment"/);
    expect(await packageCount()).toBe(before);
  });

  it('the FLK_P XML writes Σ and ≠ in characters windows-1251 has, never "?"', async () => {
    // SUMMAV that is not the sum of the cases' SUMV: 003K.00.0130, whose message says "а Σ SUMV по случаям ="
    const zip = await writeZip(join(dir, 'HM750096T75_21041.zip'), [
      {
        name: 'HM750096T75_21041.XML',
        content: multiRecordH(2, { header: (h) => h.replace(/<SUMMAV>[^<]*<\/SUMMAV>/, '<SUMMAV>999.99</SUMMAV>') }),
      },
      { name: 'LM750096T75_21041.XML', content: lFileFor(2) },
    ]);
    const up = await upload([{ field: 'file', filename: 'HM750096T75_21041.zip', content: readFileSync(zip) }]);
    expect(up.statusCode).toBe(202);
    const { id } = up.json();
    const xml = iconv.decode(
      (await app.inject({ method: 'GET', url: `/api/registers/${id}/protocol?file=HM750096T75_21041.XML` })).rawPayload,
      'win1251',
    );
    const comments = [...xml.matchAll(/<COMMENT>([^<]*)<\/COMMENT>/g)].map((m) => m[1]);
    const summav = comments.find((c) => c.includes('SUMMAV=999.99'));
    expect(summav).toMatch(/а сумма SUMV по случаям = \d+\.\d\d$/);
    expect(comments.join('')).not.toContain('?');

    // a file that is not in the package: 404 naming the files it has
    const missing = await app.inject({ method: 'GET', url: `/api/registers/${id}/protocol?file=HM000000T00_00001.XML` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toMatch(/HM000000T00_00001.XML is not in package .*HM750096T75_21041.XML/);
  });

  it('a package rejected whole answers with its reason, not "has no files yet"', async () => {
    const up = await upload([{ field: 'file', filename: 'HM750097T75_21041.zip', content: 'this is not a zip archive' }]);
    expect(up.statusCode).toBe(202);
    const { id } = up.json();
    const st = (await app.inject({ method: 'GET', url: `/api/registers/${id}` })).json();
    expect(st.status).toBe('rejected');
    expect(st.error).toBeTruthy();
    const json = await app.inject({ method: 'GET', url: `/api/registers/${id}/protocol?format=json` });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual({
      file: 'HM750097T75_21041.zip',
      findings: [expect.objectContaining({ file: 'HM750097T75_21041.zip', message: st.error })],
    });
    const xml = await app.inject({ method: 'GET', url: `/api/registers/${id}/protocol` });
    expect(xml.statusCode).toBe(200);
    expect(iconv.decode(xml.rawPayload, 'win1251')).toContain('<FNAME_I>HM750097T75_21041.zip</FNAME_I>');
    expect(errors).toEqual([]);
  });

  it('win1251Text: known signs spelled out, accents dropped, the rest as U+XXXX; Cyrillic and № kept', () => {
    expect(win1251Text('SUMV 10.00 ≠ Σ SUM_M 9.00 − 1 ≤ 2 ≥ 0 × 3 → ок №5 «а»')).toBe(
      'SUMV 10.00 != сумма SUM_M 9.00 - 1 <= 2 >= 0 x 3 -> ок №5 «а»',
    );
    expect(win1251Text('Müller café ✓')).toBe('Muller cafe U+2713');
    const xml = renderFlkP('HM1.XML', [{ control: 'MEK', rule: 'X', severity: 'error', message: 'a ≠ b' }]);
    expect(iconv.decode(iconv.encode(xml, 'win1251'), 'win1251')).toBe(xml);
    // UTF-8 output keeps the text as it is
    expect(renderFlkP('HM1.XML', [{ control: 'MEK', rule: 'X', severity: 'error', message: 'a ≠ b' }], 'UTF-8')).toContain('a ≠ b');
  });
});
