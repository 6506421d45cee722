/**
 * Every catalogue-driven MEK check (condition + required value from Q016) gets a test: a valid
 * record where its condition holds passes it, and the same record with the checked element set to a
 * value outside the required set fails exactly that check.
 */
import { describe, expect, it } from 'vitest';
import { DATA_CHECKS, type CompiledMek } from '../../../src/registers/mek/rules.js';
import { checkCaseMek } from '../../../src/registers/mek/index.js';
import { oncologyInpatientZap } from '../flk/fixtures.js';
import type { RegisterHeader, XmlNode, Zap } from '../../../src/registers/model.js';

const header: RegisterHeader = {
  ZGLV: { VERSION: '3.1', DATA: '2021-04-23', FILENAME: 'HM750096T75_21041', SD_Z: '1' },
  SCHET: { CODE: '1', CODE_MO: '750096', YEAR: '2021', MONTH: '4', NSCHET: '1', DSCHET: '2021-04-23', SUMMAV: '0' },
};

/** Base records of each condition, as the checks' conditions need them. */
function bases(): Zap[] {
  const inpatient = oncologyInpatientZap();
  const make = (patch: Record<string, string>) => {
    const z = oncologyInpatientZap();
    Object.assign(z.Z_SL, patch);
    return z;
  };
  return [
    inpatient,
    make({ USL_OK: '2', VIDPOM: '31', FOR_POM: '3', RSLT: '201', ISHOD: '201' }),
    make({ USL_OK: '3', VIDPOM: '13', FOR_POM: '3', RSLT: '301', ISHOD: '304', IDSP: '29' }),
    make({ USL_OK: '3', VIDPOM: '13', FOR_POM: '3', RSLT: '314', ISHOD: '306', IDSP: '29' }),
    make({ USL_OK: '4', VIDPOM: '2', FOR_POM: '1', RSLT: '401', ISHOD: '401', IDSP: '24' }),
    make({ USL_OK: '4', VIDPOM: '2', FOR_POM: '1', RSLT: '407', ISHOD: '402', IDSP: '24' }),
    make({ RSLT: '105', ISHOD: '104' }),
    make({ USL_OK: '2', VIDPOM: '31', RSLT: '205', ISHOD: '204' }),
    make({ USL_OK: '3', VIDPOM: '13', RSLT: '313', ISHOD: '305', IDSP: '29' }),
    make({ USL_OK: '4', VIDPOM: '2', FOR_POM: '1', RSLT: '405', ISHOD: '403', IDSP: '24' }),
    make({ RSLT: '102', ISHOD: '102' }),
    make({ USL_OK: '2', VIDPOM: '31', RSLT: '202', ISHOD: '202' }),
  ];
}

const CANDIDATES = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '9',
  '13',
  '31',
  '32',
  '99',
  '101',
  '102',
  '104',
  '201',
  '204',
  '301',
  '304',
  '305',
  '306',
  '401',
  '402',
  '403',
  '999',
];
const ctx = (kind: 'H' | 'C') => ({ fileName: `${kind}M1.XML`, kind, version: '3.1', year: 2021, month: 4 });

function parentOf(zap: Zap, c: CompiledMek): XmlNode {
  let node = zap as unknown as XmlNode;
  for (const seg of c.segments) {
    const v = node[seg];
    node = (Array.isArray(v) ? v[0] : v) as XmlNode;
  }
  return node;
}

interface Case {
  id: string;
  kind: 'H' | 'C';
  valid: Zap;
  broken: Zap;
  value: string;
}

const cases: Case[] = [];
for (const c of DATA_CHECKS) {
  const kind = c.rule.types.includes('H') ? 'H' : c.rule.types.includes('C') ? 'C' : undefined;
  if (!kind) continue;
  found: for (const base of bases()) {
    const p = parentOf(base, c);
    if (!p || typeof p[c.name] !== 'string') continue;
    const ids = (z: Zap) => checkCaseMek(z, header, ctx(kind)).map((f) => f.rule);
    if (ids(base).includes(c.rule.id)) continue; // not a valid base for this check
    for (const v of CANDIDATES) {
      const broken = structuredClone(base);
      parentOf(broken, c)[c.name] = v;
      if (ids(broken).includes(c.rule.id)) {
        cases.push({ id: c.rule.id, kind, valid: base, broken, value: v });
        break found;
      }
    }
  }
}

describe('catalogue-driven MEK checks, one test each', () => {
  it('covers most of the applied data-driven checks', () => {
    const applicable = DATA_CHECKS.filter((c) => /[HC]/.test(c.rule.types)).length;
    expect(cases.length).toBeGreaterThanOrEqual(Math.floor(applicable * 0.75));
  });
  it.each(cases.map((c) => [c.id, c.value, c] as const))('%s fires when the element is set to %s, not before', (_id, _v, c) => {
    const ids = (z: Zap) => checkCaseMek(z, header, ctx(c.kind)).map((f) => f.rule);
    expect(ids(c.valid)).not.toContain(c.id);
    expect(ids(c.broken)).toContain(c.id);
  });
});
