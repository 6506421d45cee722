import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdSet } from '../../src/registers/keys.js';

describe('IdSet (N_ZAP, ID_PAC kept for a whole file)', () => {
  it('answers as a Set of strings would, for whole numbers, leading zeros, 16 digits and other text', () => {
    const ids = [
      '1',
      '01',
      '001',
      '12',
      '7550000000702130',
      '9007199254740991',
      '9007199254740993',
      '9007199254740992',
      'P12',
      '',
      '12 ',
      '0',
    ];
    const s = new IdSet();
    for (const id of ids) expect(s.add(id)).toBe(true);
    for (const id of ids) expect(s.add(id)).toBe(false);
    for (const id of ids) expect(s.has(id)).toBe(true);
    expect(s.has('13')).toBe(false);
    expect(s.has('012')).toBe(false); // not the number 12
    expect(s.size).toBe(ids.length);
  });

  it('grows past its first table and keeps every id (property: same answers as Set<string>)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: 0, max: 20_000 }).map(String), fc.bigInt({ min: 1n, max: 2n ** 54n }).map(String), fc.string()),
          {
            maxLength: 3000,
          },
        ),
        fc.array(fc.integer({ min: 0, max: 20_000 }).map(String), { maxLength: 200 }),
        (added, probes) => {
          const s = new IdSet();
          const ref = new Set<string>();
          for (const id of added) expect(s.add(id)).toBe(!ref.has(id) && (ref.add(id), true));
          for (const id of [...added, ...probes]) expect(s.has(id)).toBe(ref.has(id));
          expect(s.size).toBe(ref.size);
        },
      ),
      { numRuns: 60 },
    );
    const big = new IdSet();
    for (let i = 1; i <= 100_000; i++) big.add(String(i * 7919));
    expect(big.size).toBe(100_000);
    expect(big.has(String(5000 * 7919))).toBe(true);
    expect(big.has(String(5000 * 7919 + 1))).toBe(false);
  });
});
