import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadNsi } from '../../../src/nsi/nsi.loader.js';
import { openPackageSource } from '../../../src/registers/ingest/source.js';
import { parseRegister } from '../../../src/registers/reader/xml-records.js';
import { applyRules, rulesFor, type Violation } from '../../../src/registers/flk/engine.js';
import { planParents, walkParents } from '../../../src/registers/flk/paths.js';
import { loadConfig } from '../../../src/config.js';
import type { XmlNode } from '../../../src/registers/model.js';

const SAMPLE = 'data/sample/registers';

/** The rules applied the plain way: every rule on every chain of its parent path, rule by rule, then chain by chain. */
function naive(
  root: XmlNode,
  rules: ReturnType<typeof rulesFor>,
  nsi: Awaited<ReturnType<typeof loadNsi>>,
  caseDate?: string,
): Violation[] {
  const out: Violation[] = [];
  const keys = [...new Set(rules.map((r) => r.key))];
  const plan = planParents(keys.map((k) => rules.find((r) => r.key === k)!.segments));
  const level = walkParents(plan, root);
  for (const [i, key] of keys.entries())
    for (const r of rules.filter((x) => x.key === key))
      for (const chain of level[plan.nodeOf[i]]) r.apply(chain[chain.length - 1][r.name], chain, out, nsi, caseDate);
  return out;
}

/** Leaves deleted, emptied or changed, at random but the same each run, so that rules of every family report. */
function mutate(n: XmlNode, rnd: () => number): void {
  for (const key of Object.keys(n)) {
    const v = n[key];
    if (typeof v === 'string') {
      const k = rnd();
      if (k < 0.04) delete n[key];
      else if (k < 0.08) n[key] = '';
      else if (k < 0.12) n[key] = 'ZZ';
      else if (k < 0.14) n[key] = '2099-13-40';
    } else if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object') mutate(x as XmlNode, rnd);
    } else if (v && typeof v === 'object') mutate(v as XmlNode, rnd);
  }
}

describe('the FLK engine applies a rule group as its rules one by one', () => {
  it('gives the same violations, in the same order, on the sample region as read and mutated', async () => {
    const nsi = await loadNsi();
    const config = loadConfig({});
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let records = 0;
    let violations = 0;
    for (const zip of readdirSync(SAMPLE)) {
      const src = await openPackageSource([join(SAMPLE, zip)], config);
      for (const pair of src.pairs)
        for await (const ev of parseRegister(await pair.main.open(), pair.main.name)) {
          if (ev.type !== 'zaps') continue;
          const rules = rulesFor(pair.main.kind === 'C' ? 'C' : 'H', 'zap', '2025-07-01');
          for (const zap of ev.zaps) {
            const root = zap as unknown as XmlNode;
            for (const round of [0, 1]) {
              if (round) mutate(root, rnd);
              const date = typeof zap.Z_SL?.DATE_Z_2 === 'string' ? zap.Z_SL.DATE_Z_2 : undefined;
              const want = naive(root, rules, nsi, date);
              const got = applyRules(root, rules, { nsi }, date);
              expect(got.map((v) => [v.rule.rule.id, v.message])).toEqual(want.map((v) => [v.rule.rule.id, v.message]));
              violations += got.length;
            }
            records++;
          }
        }
    }
    expect(records).toBeGreaterThan(2000);
    expect(violations).toBeGreaterThan(2000); // the mutated records report: the comparison is not of empty lists
  });
});
