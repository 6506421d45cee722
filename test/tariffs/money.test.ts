import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toKopecks } from '../../src/tariffs/money.js';

/** The specification: what toKopecks answers, by a regular expression. */
function toKopecksByPattern(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const k = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -k : k;
}

describe('toKopecks', () => {
  it('parses register sums exactly', () => {
    expect(toKopecks('115.09')).toBe(11509);
    expect(toKopecks('144782')).toBe(14478200);
    expect(toKopecks('0.5')).toBe(50);
    expect(toKopecks('-12.30')).toBe(-1230);
    expect(toKopecks(' 7.01\n')).toBe(701);
    for (const bad of ['', '-', '.5', '5.', '5.123', '1,50', '1e3', '+1', '--1', '1.5.0', 'abc', '١٢'])
      expect(toKopecks(bad)).toBeUndefined();
    expect(toKopecks(undefined)).toBeUndefined();
    expect(toKopecks(['1.00', '2.00'] as unknown as string)).toBeUndefined();
  });

  it('answers as its specification (the regular expression) on any text', () => {
    const chars = fc.constantFrom(...'0123456789.-  \t\n\u00a0\u2003\u3000a,+e'.split(''));
    const texts = fc.oneof(
      fc.string(),
      fc.array(chars, { maxLength: 14 }).map((a) => a.join('')),
      fc
        .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.integer({ min: -1, max: 99 }))
        .map(([neg, int, c]) => `${neg ? '-' : ''}${int}${c < 0 ? '' : c < 10 ? `.${c}` : `.${String(c).padStart(2, '0')}`}`),
    );
    fc.assert(
      fc.property(texts, (t) => Object.is(toKopecks(t), toKopecksByPattern(t))),
      { numRuns: 20_000 },
    );
  });
});
