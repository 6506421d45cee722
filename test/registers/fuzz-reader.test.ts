/**
 * The register fuzzer (bench/fuzz.bench.ts) at test size, and what its runs found: every mutated register is stored
 * or refused with an AppError naming the file, never a crash; a register nested 100 000 levels deep is refused at
 * once (it used to take seconds: every level's path longer than the last); a huge non-ASCII tag name is read in linear
 * time (it took 15 s).
 */
import { describe, expect, it } from 'vitest';
import { fuzzRange } from '../../bench/fuzz/fuzz-run.js';
import { loadSeeds, readRegister } from '../../bench/fuzz/fuzz-core.js';
import { MAX_DEPTH } from '../../src/registers/reader/xml-records.js';

describe('the register fuzzer', () => {
  it('2 000 mutated registers: no crash, refusals of many kinds, some stored', async () => {
    const s = await fuzzRange(Number(process.env.FUZZ_SEED ?? 17), 0, Number(process.env.FUZZ_COUNT ?? 2000));
    expect(s.crashes).toEqual([]);
    expect(s.stored).toBeGreaterThan(100);
    expect(Object.keys(s.refused).length).toBeGreaterThan(10);
    expect(s.stored + Object.values(s.refused).reduce((a, b) => a + b, 0)).toBe(s.tried);
  }, 240_000);

  it('refuses a register nested deeper than MAX_DEPTH levels, naming the file and the place, in linear time', async () => {
    const [seed] = (await loadSeeds()).filter((x) => x.text.includes('<ZAP>'));
    const at = seed.text.indexOf('<ZAP>');
    for (const depth of [MAX_DEPTH, 100_000]) {
      const text = seed.text.slice(0, at) + '<X>'.repeat(depth) + '</X>'.repeat(depth) + seed.text.slice(at);
      const t = performance.now();
      const o = await readRegister(Buffer.from(text, 'latin1'), seed.name);
      expect(o).toMatchObject({
        kind: 'refused',
        message: expect.stringMatching(new RegExp(`^${seed.name}: elements nested deeper than ${MAX_DEPTH} levels \\(<X>\\), line \\d+`)),
      });
      expect(performance.now() - t).toBeLessThan(2000);
    }
    // the format's own depth is read as before
    expect(await readRegister(Buffer.from(seed.text, 'latin1'), seed.name)).toMatchObject({ kind: 'stored' });
  });

  it('refuses a 65 000-character non-ASCII tag name that ends in a bad character in linear time (it took 15 s)', async () => {
    const [seed] = (await loadSeeds()).filter((x) => x.text.includes('<ZAP>'));
    const utf8 = seed.text.replace(/encoding="[^"]*"/, 'encoding="UTF-8"');
    const at = utf8.indexOf('<ZAP>');
    const name = 'Ж'.repeat(65_000);
    const text = Buffer.concat([
      Buffer.from(utf8.slice(0, at), 'latin1'),
      Buffer.from(`<${name}\u0007>`, 'utf8'),
      Buffer.from(utf8.slice(at), 'latin1'),
    ]);
    const t = performance.now();
    const o = await readRegister(text, seed.name);
    expect(o).toMatchObject({ kind: 'refused', message: expect.stringContaining('disallowed character in tag name') });
    expect(performance.now() - t).toBeLessThan(2000);
    // a long name of allowed characters is read to its end: the refusal is at the character after it
    const column = Number(/\d+:(\d+): disallowed/.exec((o as { message: string }).message)![1]);
    expect(column).toBeGreaterThan(name.length);
  });

  it('a UTF-8 register that ends inside a character is refused with the byte, not the decoder’s own words', async () => {
    const [seed] = await loadSeeds();
    const text = Buffer.concat([Buffer.from(seed.text.replace(/encoding="[^"]*"/, 'encoding="UTF-8"'), 'latin1'), Buffer.from([0xd0])]);
    const o = await readRegister(text, seed.name);
    expect(o).toMatchObject({
      kind: 'refused',
      message: `${seed.name}: bytes that are not valid utf-8 at the end of the file (byte ${text.length}): a character is cut short`,
    });
  });
});
