import { describe, expect, it } from 'vitest';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { SAMPLES, lFileFor, multiRecordH, tempDir, writeZip } from '../helpers/registers.js';
import { parseRegister } from '../../src/registers/reader/xml-records.js';
import { openPackageSource } from '../../src/registers/ingest/source.js';
import { kindFromName, lNameCandidates } from '../../src/registers/reader/file-names.js';
import { createDecoder } from '../../src/registers/reader/encoding.js';
import type { RegisterEvent } from '../../src/registers/contracts.js';
import type { Zap } from '../../src/registers/model.js';

const caps = {
  maxPackageBytes: 50 * 1024 * 1024,
  maxUnzippedBytes: 20 * 1024 * 1024,
  maxZipRatio: 200,
};
const dir = tempDir();

async function events(bytes: Buffer | string, name = 'HM750096T75_21041.XML'): Promise<RegisterEvent[]> {
  const out: RegisterEvent[] = [];
  const src = typeof bytes === 'string' ? createReadStream(bytes) : Readable.from([bytes]);
  for await (const e of parseRegister(src, name, { batchSize: 2 })) out.push(e);
  return out;
}
const zapsOf = (evs: RegisterEvent[]) => evs.flatMap((e) => (e.type === 'zaps' ? e.zaps : [])) as Zap[];

describe('reading the real samples', () => {
  it.each([
    ['H_VALID.XML', 'H', '3.1'],
    ['H_VALID_3.2.XML', 'H', '3.1'],
    ['C_VALID.XML', 'C', '3.1'],
    ['T_VALID.XML', 'T', '3.1'],
    ['D_VALID.XML', 'D', '3.1'],
    ['D_VALID_08_2021.XML', 'D', '3.1'],
  ])('%s: kind %s, version %s, one record, windows-1251 text decoded', async (file, kind, version) => {
    const evs = await events(join(SAMPLES, 'nesterdgit_ServiceVersion', file), file);
    const h = evs[0];
    expect(h).toMatchObject({ type: 'header', kind, version });
    const zaps = zapsOf(evs);
    expect(zaps).toHaveLength(1);
    expect(Array.isArray(zaps[0].Z_SL.SL)).toBe(true);
    expect(evs[evs.length - 1]).toMatchObject({ type: 'end', records: 1 });
  });
  it('keeps Cyrillic text and repeated elements as arrays', async () => {
    const zaps = zapsOf(await events(join(SAMPLES, 'nesterdgit_ServiceVersion/T_VALID.XML'), 'T_VALID.XML'));
    expect(zaps[0].PACIENT.SMO_NAM).toBe('ГК "ЗАБАЙКАЛМЕДСТРАХ"');
    expect(Array.isArray(zaps[0].Z_SL.SL[0].USL)).toBe(true);
  });
  it('keeps an empty element as an empty string (the FLK reports it)', async () => {
    const zaps = zapsOf(await events(join(SAMPLES, 'nesterdgit_ServiceVersion/C_EMPTY_ELEMENT.XML'), 'C_EMPTY_ELEMENT.XML'));
    expect(zaps[0].PACIENT.SMO).toBe('');
  });
  it('reads a 2.1 header-level file and its L-file', async () => {
    const h = await events(join(SAMPLES, 'egreg0r_Reset_Error_XML_TFOMS/HM.xml'), 'HM.xml');
    expect(h[0]).toMatchObject({ type: 'header', version: '2.1' });
    const l = await events(join(SAMPLES, 'egreg0r_Reset_Error_XML_TFOMS/LM.xml'), 'LM.xml');
    expect(l[0]).toMatchObject({
      type: 'pers-header',
      version: '2.1',
      zglv: { FILENAME1: 'HM250200T25_16102031' },
    });
  });
  it('keeps unknown regional elements on their parent', async () => {
    const xml = multiRecordH(1).replace(
      '<IDSP>29</IDSP>',
      '<IDSP>29</IDSP><EVENING_TIME>1</EVENING_TIME><T_ARRIVAL>12</T_ARRIVAL><T_ARRIVAL>13</T_ARRIVAL>',
    );
    const z = zapsOf(await events(iconv.encode(xml, 'win1251')))[0] as unknown as { Z_SL: Record<string, unknown> };
    expect(z.Z_SL.EVENING_TIME).toBe('1');
    expect(z.Z_SL.T_ARRIVAL).toEqual(['12', '13']);
  });
});

describe('encodings and broken files', () => {
  const xml = multiRecordH(2);
  const reject = async (bytes: Buffer, re: RegExp) => expect(events(bytes)).rejects.toThrow(re);
  it('UTF-8 by declaration, and without a declaration', async () => {
    expect(zapsOf(await events(Buffer.from(xml.replace('windows-1251', 'UTF-8'), 'utf8')))).toHaveLength(2);
    expect(zapsOf(await events(Buffer.from(xml.replace(/^<\?xml[^>]*>/, ''), 'utf8')))[0].Z_SL.SL[0].DS1).toBe('L42');
  });
  it('a chunk larger than the decoding slice (32 KiB): a Cyrillic character across the slice boundary is read whole', async () => {
    const n = 60;
    const comment = (i: number) => `${'Ж'.repeat(150 + (i % 7))} ёлка ${i}`;
    const base = multiRecordH(n, { mutate: (z, i) => z.replace('</Z_SL>', `<COMMENT_Z>${comment(i)}</COMMENT_Z></Z_SL>`) });
    // spaces after the declaration until the byte at 32 768 is the second byte of a two-byte character
    let bytes = Buffer.alloc(0);
    let text = '';
    for (let pad = 0; pad < 400; pad++) {
      text = base.replace('windows-1251"?>', 'UTF-8"?>' + ' '.repeat(pad));
      bytes = Buffer.from(text, 'utf8');
      if ((bytes[32 * 1024] & 0xc0) === 0x80) break;
    }
    expect(bytes[32 * 1024] & 0xc0).toBe(0x80);
    // read as one chunk (decoded in slices) and in 1 000-byte chunks: the same records
    const whole = zapsOf(await events(bytes));
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 1000) pieces.push(bytes.subarray(at, at + 1000));
    const small: RegisterEvent[] = [];
    for await (const e of parseRegister(Readable.from(pieces), 'HM750096T75_21041.XML', { batchSize: 2 })) small.push(e);
    expect(whole).toHaveLength(n);
    expect(whole).toEqual(zapsOf(small));
    expect(whole.map((z) => (z.Z_SL as unknown as Record<string, unknown>).COMMENT_Z)).toEqual(
      Array.from({ length: n }, (_, k) => comment(k + 1)),
    );
  });
  it('slices end after a ">" (whole tags for the scanner); a text longer than a slice is cut inside a character and read whole', async () => {
    for (const pad of [0, 1]) {
      const long = `${'x'.repeat(pad)}${'Ж'.repeat(20_000)}ё`;
      const xml = multiRecordH(3, { mutate: (z, i) => (i === 2 ? z.replace('</Z_SL>', `<COMMENT_Z>${long}</COMMENT_Z></Z_SL>`) : z) });
      const bytes = Buffer.from(xml.replace('windows-1251"?>', 'UTF-8"?>'), 'utf8');
      const zaps = zapsOf(await events(bytes));
      expect(zaps).toHaveLength(3);
      expect((zaps[1].Z_SL as unknown as Record<string, unknown>).COMMENT_Z, `pad ${pad}`).toBe(long);
    }
  });
  it('windows-1251 in chunks that are all ASCII and chunks that are not, taking turns: the text as iconv decodes it', () => {
    const text = `<ZL_LIST>${'<A>ascii only</A>'.repeat(50)}<B>Иванов Пётр Сергеевич ё Ё №</B>${'<C>1</C>'.repeat(40)}</ZL_LIST>`;
    const bytes = iconv.encode(text, 'win1251');
    for (const size of [1, 7, 64, 1000]) {
      const dec = createDecoder('windows-1251');
      let out = '';
      for (let at = 0; at < bytes.length; at += size) out += dec.decode(bytes.subarray(at, at + size), { stream: true });
      expect(out + dec.decode(), `chunks of ${size}`).toBe(text);
    }
    // every byte value, one at a time and all at once (0x98 is unassigned: TextDecoder maps it, as iconv does)
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const one = createDecoder('windows-1251');
    expect([...all].map((b) => one.decode(Uint8Array.of(b), { stream: true })).join('')).toBe(new TextDecoder('windows-1251').decode(all));
  });
  it('UTF-8 declared but windows-1251 bytes → refused, naming the file', () =>
    reject(iconv.encode(xml.replace('windows-1251', 'UTF-8'), 'win1251'), /HM750096T75_21041\.XML: .*not valid utf-8/));
  it('an unknown encoding → refused', () => reject(Buffer.from(xml.replace('windows-1251', 'KOI8-R')), /unsupported encoding "KOI8-R"/));
  it('truncated → refused', () =>
    reject(iconv.encode(xml.slice(0, xml.length - 300), 'win1251'), /HM750096T75_21041\.XML: (truncated|not well-formed)/));
  it('not well-formed → refused with line and column', () =>
    reject(iconv.encode(xml.replace('</DS1>', '</DS2>'), 'win1251'), /not well-formed XML: .*\d+:\d+/));
  it('a DOCTYPE (billion laughs, XXE) → refused before any entity is expanded', () =>
    reject(
      Buffer.from('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><ZL_LIST>&lol2;</ZL_LIST>'),
      /DOCTYPE is not allowed/,
    ));
  it('header missing before the first ZAP → refused', () =>
    reject(iconv.encode(xml.replace(/<SCHET>[\s\S]*?<\/SCHET>/, ''), 'win1251'), /broken header: SCHET/));
  it('a root that is not ZL_LIST or PERS_LIST → refused', () =>
    reject(Buffer.from('<?xml version="1.0"?><FLK_P/>'), /root element <FLK_P>/));
  it('an empty file → refused', () => reject(Buffer.alloc(0), /empty file/));
});

describe('packages (ZIP) and their caps', () => {
  it('pairs main files with L-files by name and warns about a main file without one', async () => {
    const zip = await writeZip(join(dir, 'p1.zip'), [
      { name: 'HM750096T75_21041.XML', content: multiRecordH(1) },
      { name: 'LM750096T75_21041.XML', content: lFileFor(1) },
      {
        name: 'CM750096T75_21043.XML',
        content: multiRecordH(1, { fileName: 'CM750096T75_21043' }),
      },
      { name: 'readme.txt', content: 'hello' },
    ]);
    const src = await openPackageSource([zip], caps);
    expect(src.pairs.map((p) => [p.main.name, p.l?.name])).toEqual([
      ['HM750096T75_21041.XML', 'LM750096T75_21041.XML'],
      ['CM750096T75_21043.XML', undefined],
    ]);
    expect(src.warnings.join('\n')).toMatch(/readme\.txt.*not a register file/);
    expect(src.warnings.join('\n')).toMatch(/CM750096T75_21043\.XML: no L-file/);
  });
  it('file names: kinds and L-file names', () => {
    expect(['HM750096T75_21041', 'CM1S2_1', 'TM1T2_1', 'DPM1T2_1', 'LM1T2_1', 'LTM1T2_1', 'foo'].map(kindFromName)).toEqual([
      'H',
      'C',
      'T',
      'D',
      'L',
      'L',
      undefined,
    ]);
    expect(lNameCandidates('DPM750096T75_21041.XML')).toEqual(['LPM750096T75_21041', 'LM750096T75_21041']);
    expect(lNameCandidates('TM750096T75_21041.XML')[0]).toBe('LTM750096T75_21041');
  });
  it('a ZIP bomb by compression ratio is refused', async () => {
    const zip = await writeZip(join(dir, 'bomb.zip'), [
      {
        name: 'HM750096T75_21041.XML',
        content: Buffer.alloc(8 * 1024 * 1024, 0x20),
      },
    ]);
    await expect(openPackageSource([zip], caps)).rejects.toThrow(/bomb\.zip: entry "HM750096T75_21041\.XML" expands \d+× .*ZIP bomb/);
  });
  it('a ZIP over the total uncompressed size is refused', async () => {
    const zip = await writeZip(join(dir, 'big.zip'), [{ name: 'HM750096T75_21041.XML', content: multiRecordH(50) }]);
    await expect(openPackageSource([zip], { ...caps, maxUnzippedBytes: 10_000 })).rejects.toThrow(
      /big\.zip: uncompressed size exceeds the limit of 10000 bytes/,
    );
  });
  it('an entry that inflates beyond what its header declares is stopped while streaming', async () => {
    const zip = await writeZip(join(dir, 'liar.zip'), [{ name: 'HM750096T75_21041.XML', content: multiRecordH(20) }]);
    const bytes = readFileSync(zip);
    // shrink the declared uncompressed size in the central directory: yauzl then refuses the extra bytes
    const cd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(100, cd + 24);
    writeFileSync(zip, bytes);
    const src = await openPackageSource([zip], caps);
    const read = async () => {
      for await (const _ of await src.pairs[0].main.open()) void _;
    };
    await expect(read()).rejects.toThrow(/liar\.zip: entry "HM750096T75_21041\.XML" holds more than the 100 bytes its header declares/);
    // and one that declares more than it holds
    const more = iconv.encode(multiRecordH(20), 'win1251').length + 5000;
    bytes.writeUInt32LE(more, cd + 24);
    writeFileSync(zip, bytes);
    const src2 = await openPackageSource([zip], caps);
    await expect(
      (async () => {
        for await (const _ of await src2.pairs[0].main.open()) void _;
      })(),
    ).rejects.toThrow(new RegExp(`liar\\.zip: entry "HM750096T75_21041\\.XML" holds \\d+ bytes where its header declares ${more}`));
  });
  it('an entry whose local header is broken is refused, naming the package and the entry', async () => {
    const zip = await writeZip(join(dir, 'header.zip'), [
      { name: 'HM750096T75_21041.XML', content: multiRecordH(3) },
      { name: 'HM750096T75_21042.XML', content: multiRecordH(3) },
    ]);
    const bytes = readFileSync(zip);
    bytes.writeUInt32LE(0x12345678, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4)); // the second entry's signature
    writeFileSync(zip, bytes);
    const src = await openPackageSource([zip], caps);
    const read = async () => {
      for await (const _ of await src.pairs[1].main.open()) void _;
    };
    await expect(read()).rejects.toThrow(/header\.zip: entry "HM750096T75_21042\.XML": invalid local file header signature/);
  });
  it('reads deflated and stored entries byte for byte, also when the reader stops early', async () => {
    const content = multiRecordH(400); // > 256 KiB: several inflater chunks
    const expected = iconv.encode(content, 'win1251');
    const zip = await writeZip(join(dir, 'both.zip'), [
      { name: 'HM750096T75_21041.XML', content },
      { name: 'HM750096T75_21042.XML', content, stored: true },
    ]);
    const src = await openPackageSource([zip], caps);
    for (const pair of src.pairs) {
      const chunks: Buffer[] = [];
      for await (const c of await pair.main.open()) chunks.push(Buffer.from(c));
      expect(Buffer.concat(chunks).equals(expected)).toBe(true);
      for await (const c of await pair.main.open()) if (c.length) break; // stops after one chunk: nothing hangs or leaks an error
    }
  });
  it('path traversal in an entry name is refused', async () => {
    const zip = await writeZip(join(dir, 'trav.zip'), [{ name: 'aa/HM750096T75_21041.XML', content: multiRecordH(1) }]);
    const bytes = readFileSync(zip);
    let i = -1;
    while ((i = bytes.indexOf('aa/HM', i + 1)) >= 0) bytes.write('../HM', i, 'latin1'); // same length: local header and central directory
    writeFileSync(zip, bytes);
    await expect(openPackageSource([zip], caps)).rejects.toThrow(/trav\.zip: .*(\.\.\/HM750096T75_21041\.XML|path traversal)/);
  });
  it('a nested archive is refused', async () => {
    const inner = await writeZip(join(dir, 'inner.zip'), [{ name: 'HM750096T75_21041.XML', content: multiRecordH(1) }]);
    const zip = await writeZip(join(dir, 'outer.zip'), [{ name: 'HM750096T75_21041.zip', content: readFileSync(inner) }]);
    await expect(openPackageSource([zip], caps)).rejects.toThrow(/outer\.zip: nested archive "HM750096T75_21041\.zip"/);
  });
  it('too many entries are refused', async () => {
    const entries = Array.from({ length: 101 }, (_, i) => ({
      name: `x${i}.txt`,
      content: 'x',
    }));
    const zip = await writeZip(join(dir, 'many.zip'), entries);
    await expect(openPackageSource([zip], caps)).rejects.toThrow(/many\.zip: more than 100 files/);
  });
  it('a package over the size limit is refused', async () => {
    const zip = await writeZip(join(dir, 'size.zip'), [{ name: 'HM750096T75_21041.XML', content: multiRecordH(5) }]);
    await expect(openPackageSource([zip], { ...caps, maxPackageBytes: 100 })).rejects.toThrow(
      /size\.zip: \d+ bytes is over the limit of 100/,
    );
  });
  it('a package with no main register file is refused', async () => {
    const zip = await writeZip(join(dir, 'none.zip'), [{ name: 'LM750096T75_21041.XML', content: lFileFor(1) }]);
    await expect(openPackageSource([zip], caps)).rejects.toThrow(/no main register file/);
  });
});
