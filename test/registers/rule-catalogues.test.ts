/**
 * The committed rule tables (data/rules/q015.json, q016.json, read by flk/q015.loader.ts and mek/q016.loader.ts) are
 * what scripts/gen-q015.mjs derives from the official catalogues in data/nsi (Q015.xml, Q016.xml, Q023.xml): rule
 * for rule, field for field, and byte for byte as the script writes them. A catalogue updated without regenerating
 * (npm run gen:rules), or a table edited by hand, fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Q015_RULES } from '../../src/registers/flk/q015.loader.js';
import { Q016_RULES } from '../../src/registers/mek/q016.loader.js';
import { RULES_DIR } from '../../src/registers/rule-table.loader.js';
// @ts-expect-error -- a plain .mjs script without types
import { q015Rules, q016Rules, render } from '../../scripts/gen-q015.mjs';

type Rule = { id: string };

/** The loaded table against the catalogue's: the same ids in the same order, then each rule field for field. */
function expectCatalogue(loaded: readonly Rule[], fromCatalogue: Rule[]): void {
  expect(loaded.map((r) => r.id)).toEqual(fromCatalogue.map((r) => r.id));
  loaded.forEach((rule, i) => expect(rule, rule.id).toStrictEqual(fromCatalogue[i]));
}

describe('rule tables (data/rules)', () => {
  it('Q015 is the catalogue, rule for rule', () => {
    const fromCatalogue = q015Rules() as Rule[];
    expect(fromCatalogue.length).toBeGreaterThan(700);
    expectCatalogue(Q015_RULES, fromCatalogue);
  });

  it('Q016 and Q023 are the catalogues, check for check', () => {
    const fromCatalogue = q016Rules() as Rule[];
    expect(fromCatalogue.length).toBeGreaterThan(100);
    expectCatalogue(Q016_RULES, fromCatalogue);
  });

  it('the files are byte for byte what scripts/gen-q015.mjs writes', () => {
    const files = Object.entries(render() as Record<string, string>);
    expect(files.map(([file]) => file).sort()).toEqual([RULES_DIR + 'q015.json', RULES_DIR + 'q016.json']);
    for (const [file, text] of files) expect(readFileSync(file, 'utf8') === text, `${file} differs: npm run gen:rules`).toBe(true);
  });

  it('each file names the catalogues and versions it was derived from', () => {
    const sources = (name: string) => (JSON.parse(readFileSync(RULES_DIR + name, 'utf8')) as { sources: unknown }).sources;
    expect(sources('q015.json')).toEqual([{ file: 'data/nsi/Q015.xml', type: 'FLK_MPF', version: '2.2', date: '2021-02-12' }]);
    expect(sources('q016.json')).toEqual([
      { file: 'data/nsi/Q016.xml', type: 'MEK_MPF', version: '1.9', date: '2020-05-08' },
      { file: 'data/nsi/Q023.xml', type: 'MEK_MPR', version: '2.35', date: '2021-02-12' },
    ]);
  });
});
