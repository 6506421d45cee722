import { describe, expect, it } from 'vitest';
import { splitRecords, type SplitPart } from '../../src/registers/reader/split.js';

async function* chunked(s: string, size: number) {
  const b = Buffer.from(s, 'latin1');
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
async function collect(s: string, chunk: number, segmentBytes: number) {
  const out: SplitPart[] = [];
  for await (const p of splitRecords(chunked(s, chunk), { segmentBytes })) out.push(p);
  return out;
}
const text = (p: SplitPart) => Buffer.from(p.bytes).toString('latin1');
const doc = (zaps: string[]) =>
  `<?xml version="1.0" encoding="windows-1251"?><ZL_LIST><ZGLV><VERSION>3.2</VERSION></ZGLV><SCHET><CODE>1</CODE></SCHET>${zaps.join('\n')}</ZL_LIST>`;

describe('splitRecords: a main file cut at record boundaries for worker threads', () => {
  const zaps = Array.from({ length: 40 }, (_, i) => `<ZAP><N_ZAP>${i + 1}</N_ZAP><PR_NOV>0</PR_NOV></ZAP>`);

  it.each([1, 7, 64, 100_000])('gives back the file byte for byte, in whole records (chunks of %i bytes)', async (chunk) => {
    const s = doc(zaps);
    const parts = await collect(s, chunk, 100);
    expect(parts[0].type).toBe('prefix');
    expect(text(parts[0])).toBe(
      '<?xml version="1.0" encoding="windows-1251"?><ZL_LIST><ZGLV><VERSION>3.2</VERSION></ZGLV><SCHET><CODE>1</CODE></SCHET>',
    );
    expect(parts.map(text).join('')).toBe(s);
    const segs = parts.slice(1);
    expect(segs.length).toBeGreaterThan(5);
    expect(segs.map((p) => (p.type === 'segment' ? p.seq : -1))).toEqual(segs.map((_, i) => i));
    expect(segs.filter((p) => p.type === 'segment' && p.last)).toHaveLength(1);
    for (const p of segs.slice(0, -1)) expect(text(p)).toMatch(/^\s*<ZAP>[\s\S]*<\/ZAP>$/);
    expect(text(segs[segs.length - 1])).toMatch(/<\/ZAP><\/ZL_LIST>$/);
  });

  it('never cuts inside a comment or CDATA that contains </ZAP>', async () => {
    const tricky = zaps.map((z, i) =>
      i === 3
        ? z.replace('<PR_NOV>', '<!-- a </ZAP> in a comment --><PR_NOV>')
        : i === 5
          ? z.replace('<PR_NOV>0', '<PR_NOV><![CDATA[</ZAP>]]>')
          : z,
    );
    const s = doc(tricky);
    for (const chunk of [3, 50]) {
      const parts = await collect(s, chunk, 10);
      expect(parts.map(text).join('')).toBe(s);
      for (const p of parts.slice(1, -1)) expect(text(p)).toMatch(/^\s*<ZAP>[\s\S]*<\/ZAP>$/);
      // every segment holds whole records: as many <ZAP> as real </ZAP> closings
      for (const p of parts.slice(1)) {
        const t = text(p)
          .replace(/<!--[\s\S]*?-->/g, '')
          .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
        expect(t.split('<ZAP>').length).toBe(t.split('</ZAP>').length);
      }
    }
  });

  it('yields nothing for a file without records near its start (read whole instead)', async () => {
    expect(await collect(doc([]), 16, 100)).toEqual([]);
    expect(await collect('not xml at all', 4, 100)).toEqual([]);
  });
});
