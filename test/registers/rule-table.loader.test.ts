/** A rule table edited by hand into a wrong shape is refused on load, naming the file and the rule. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleTable, type RuleShape } from '../../src/registers/rule-table.loader.js';

interface Rule {
  id: string;
  el: string;
  types: string;
  min?: number;
  source?: 'Q016' | 'Q023';
}
const SHAPE: RuleShape<Rule> = { id: 'string', el: 'string', types: 'string', min: 'number', source: ['Q016', 'Q023'] };

const dir = mkdtempSync(join(tmpdir(), 'omsx-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** Writes `text` as a table file and loads it. */
function load(text: string): readonly Rule[] {
  const file = join(dir, 'table.json');
  writeFileSync(file, text);
  return loadRuleTable(file, SHAPE);
}
const table = (...rules: unknown[]) => JSON.stringify({ sources: [], rules });

describe('loadRuleTable', () => {
  it('reads well-formed rules', () => {
    const rules = load(table({ id: 'A', el: 'X', types: 'H', min: 1 }, { id: 'B', el: 'Y', types: 'H', source: 'Q023' }));
    expect(rules).toEqual([
      { id: 'A', el: 'X', types: 'H', min: 1 },
      { id: 'B', el: 'Y', types: 'H', source: 'Q023' },
    ]);
  });

  it.each([
    [table({ id: 'A', el: 'X', types: 'H', min: '1' }), /table\.json: rule 1 \(A\) "min" must be a number/],
    [table({ id: 'A', el: 'X', types: 'H' }, { id: 'B', el: 'Y', types: 'H', minimum: 1 }), /rule 2 \(B\) has an unknown field "minimum"/],
    [table({ id: 'A' }), /rule 1 \(A\) has no "el"/],
    [table({ id: 'A', el: 'X', types: 'H', source: 'Q017' }), /rule 1 \(A\) "source" must be one of Q016, Q023/],
    [table({ id: 'A', el: 'X', types: 'H' }, null), /rule 2 is not an object/],
    ['{"rules": [{"id": "A", "el": "X", "types": "H", "__proto__": "Q016"}]}', /rule 1 \(A\) has an unknown field "__proto__"/],
    [JSON.stringify({ rules: {} }), /table\.json: no "rules" array/],
    ['{"rules": [', /table\.json: .*JSON.*npm run gen:rules/],
  ])('refuses %s', (text, message) => {
    expect(() => load(text)).toThrow(message);
  });
});
