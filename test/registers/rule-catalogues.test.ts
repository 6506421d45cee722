/**
 * The committed rule tables (flk/q015.generated.ts, mek/q016.generated.ts) are what scripts/gen-q015.mjs derives
 * from the official catalogues in data/nsi (Q015.xml, Q016.xml, Q023.xml): rule for rule, field for field.
 * A catalogue updated without regenerating, or a table edited by hand, fails here.
 */
import { describe, expect, it } from 'vitest';
import { Q015_RULES } from '../../src/registers/flk/q015.generated.js';
import { Q016_RULES } from '../../src/registers/mek/q016.generated.js';
// @ts-expect-error -- a plain .mjs script without types
import { q015Rules, q016Rules } from '../../scripts/gen-q015.mjs';

describe('generated rule tables', () => {
  it('Q015 is the catalogue, rule for rule', () => {
    const fromCatalogue = q015Rules() as unknown[];
    expect(fromCatalogue.length).toBeGreaterThan(700);
    expect(JSON.parse(JSON.stringify(Q015_RULES))).toEqual(fromCatalogue);
  });

  it('Q016 and Q023 are the catalogues, check for check', () => {
    const fromCatalogue = q016Rules() as unknown[];
    expect(fromCatalogue.length).toBeGreaterThan(100);
    expect(JSON.parse(JSON.stringify(Q016_RULES))).toEqual(fromCatalogue);
  });
});

describe('scripts/gen-q015.mjs', () => {
  it('reproduces the committed files byte for byte', async () => {
    const { readFileSync } = await import('node:fs');
    // @ts-expect-error -- a plain .mjs script without types
    const { render } = await import('../../scripts/gen-q015.mjs');
    const files = Object.entries((await render()) as Record<string, string>);
    expect(files).toHaveLength(2);
    for (const [file, text] of files) expect(text === readFileSync(file, 'utf8'), file).toBe(true);
  }, 60_000);
});
