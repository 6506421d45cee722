import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import iconv from 'iconv-lite';
import { openTestDatabase, TEST_DATABASE_URL, runCliCaptured } from '../helpers/db.js';
import { multiRecordH, tempDir, writeCp1251 } from '../helpers/registers.js';

const db = await openTestDatabase('flk_cli');
const dir = tempDir();
const env = { DATABASE_URL: TEST_DATABASE_URL, OMSX_DB_SCHEMA: db.schema, OMSX_HOME: dir };
const read = (path: string) => iconv.decode(readFileSync(path), 'win1251');

describe('omsx flk: the FLK protocol of each file (FLK_P, windows-1251)', () => {
  const name = 'HM750096T75_21101';
  const register = () =>
    writeCp1251(
      join(dir, `${name}.XML`),
      multiRecordH(3, { fileName: name, mutate: (z, i) => (i === 2 ? z.replace('<DS1>L42</DS1>', '<DS1></DS1>') : z) }).replace(
        '<CODE>375</CODE>',
        '<CODE>395</CODE>',
      ),
    );

  it('writes VM….xml with the findings of the file: rule, element, record; --json lists the same entries', async () => {
    const out = join(dir, 'protocols');
    const { code, out: stdout } = await runCliCaptured(['flk', register(), '--out', out, '--json'], env);
    expect(code).toBe(0);
    expect(readdirSync(out)).toEqual(['VM750096T75_21101.xml']);
    const xml = read(join(out, 'VM750096T75_21101.xml'));
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="windows-1251"\?>\n<FLK_P>\n<FNAME>VM750096T75_21101<\/FNAME>\n<FNAME_I>HM750096T75_21101<\/FNAME_I>/,
    );
    expect(xml).toMatch(
      /<PR><OSHIB>004F\.00\.\d{4}<\/OSHIB><IM_POL>DS1<\/IM_POL><BAS_EL>SL<\/BAS_EL><N_ZAP>2<\/N_ZAP>.*<COMMENT>пустой элемент DS1/,
    );
    const j = JSON.parse(stdout) as {
      protocols: { file: string; status: string; findings: number; errors: number; entries: { n_zap: string }[] }[];
    };
    expect(j.protocols).toHaveLength(1);
    expect(j.protocols[0]).toMatchObject({ file: `${name}.XML`, status: 'accepted', protocol: join(out, 'VM750096T75_21101.xml') });
    expect(j.protocols[0].findings).toBe((xml.match(/<PR>/g) ?? []).length);
    expect(j.protocols[0].errors).toBeGreaterThan(0);
    expect(j.protocols[0].entries.some((e) => e.n_zap === '2')).toBe(true);
  });

  it('a file read before gets the same protocol again, from what was stored', async () => {
    const first = read(join(dir, 'protocols', 'VM750096T75_21101.xml'));
    const again = join(dir, 'again');
    const { code, out } = await runCliCaptured(['flk', register(), '--out', again], env);
    expect(code).toBe(0);
    expect(out).toContain('read before');
    expect(read(join(again, 'VM750096T75_21101.xml'))).toBe(first);
  });

  it('a file rejected whole gets a protocol of the errors that rejected it; exit 2', async () => {
    const bad = 'HM750096T75_21102';
    const path = writeCp1251(
      join(dir, `${bad}.XML`),
      multiRecordH(2, { fileName: bad })
        .replace('<VERSION>3.1</VERSION>', '<VERSION>9.9</VERSION>')
        .replace('<CODE>375</CODE>', '<CODE>396</CODE>'),
    );
    const out = join(dir, 'rejected');
    const { code, out: stdout } = await runCliCaptured(['flk', path, '--out', out], env);
    expect(code).toBe(2);
    expect(stdout).toContain('REJECTED whole');
    expect(read(join(out, 'VM750096T75_21102.xml'))).toMatch(
      /<PR><OSHIB>002F\.00\.0010<\/OSHIB><IM_POL>VERSION<\/IM_POL><ZN_POL>9\.9<\/ZN_POL>/,
    );
  });

  it('a file that is not well-formed XML gets one entry saying why (no Q015 id exists for it)', async () => {
    const cut = 'HM750096T75_21103';
    const xml = multiRecordH(3, { fileName: cut });
    const path = writeCp1251(join(dir, `${cut}.XML`), xml.slice(0, Math.floor(xml.length * 0.7)));
    const out = join(dir, 'cut');
    const { code } = await runCliCaptured(['flk', path, '--out', out], env);
    expect(code).toBe(2);
    const p = read(join(out, 'VM750096T75_21103.xml'));
    expect(p.match(/<PR>/g)).toHaveLength(1);
    expect(p).toMatch(/<PR><COMMENT>HM750096T75_21103\.XML: [^<]+<\/COMMENT><\/PR>/);
  });
});
