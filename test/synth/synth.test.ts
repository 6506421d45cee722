import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { tempDir } from '../helpers/registers.js';
import { synthesize } from '../../src/synth/synth.service.js';
import { openPackageSource } from '../../src/registers/ingest/source.js';
import { parseRegister } from '../../src/registers/reader/xml-records.js';
import { checkSuite, type Summary } from '../../src/registers/ingest/checks.js';
import { processRegisterEvents } from '../../src/registers/ingest/process-file.js';
import { checkAcrossCases } from '../../src/registers/mek/index.js';
import type { Finding } from '../../src/registers/contracts.js';
import { loadConfig } from '../../src/config.js';

const config = loadConfig({});
const hashDir = (dir: string) => {
  const h = createHash('sha256');
  for (const f of readdirSync(join(dir, 'registers')).sort()) h.update(f).update(readFileSync(join(dir, 'registers', f)));
  for (const f of ['truth.csv', 'conclusions.csv', 'region.json']) h.update(readFileSync(join(dir, f)));
  return h.digest('hex');
};

/** Reads every package with our reader and runs every check (FLK, MEK per record, per file, across records). */
async function checkRegion(dir: string) {
  const suite = await checkSuite(config);
  const findings: Array<Finding & { file: string }> = [];
  const summaries: Summary[] = [];
  let records = 0;
  for (const zip of readdirSync(join(dir, 'registers')).sort()) {
    const src = await openPackageSource([join(dir, 'registers', zip)], config);
    for (const pair of src.pairs) {
      const ids: string[] = [];
      for await (const ev of processRegisterEvents(parseRegister(await pair.main.open(), pair.main.name), pair.main.name, suite)) {
        const add = (fs: Finding[]) => findings.push(...fs.map((f) => ({ ...f, file: pair.main.name })));
        if (ev.type === 'header') add(ev.findings);
        if (ev.type === 'batch') {
          add(ev.result.findings);
          ids.push(...ev.result.idPacs);
          records += ev.result.accepted.length + ev.result.rejected;
          // corrections replace their originals: compare only what stays accepted
          summaries.push(...ev.result.accepted.filter((s) => !s.prNov));
        }
        if (ev.type === 'end') add(ev.findings);
      }
      const pers: string[] = [];
      for await (const ev of parseRegister(await pair.l!.open(), pair.l!.name))
        if (ev.type === 'pers') pers.push(...ev.pers.map((p) => p.ID_PAC!));
      findings.push(
        ...suite
          .persLinks(ids, pers, {
            fileName: pair.main.name,
            kind: pair.main.kind,
            version: '5.1',
          })
          .map((f) => ({ ...f, file: pair.main.name })),
      );
    }
  }
  const personOf = (s: Summary) => ({
    ...s,
    personKey: `E${s.personKey || ''}`,
  });
  findings.push(
    ...checkAcrossCases(summaries.map(personOf), []).map((f) => ({
      ...f,
      file: '',
    })),
  );
  return { findings, records };
}

describe('synthetic region generator', () => {
  it('is deterministic: the same seed gives byte-identical output, another seed does not', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await synthesize({ out: a, seed: 7, months: 2, casesPerMonth: 300 });
    await synthesize({ out: b, seed: 7, months: 2, casesPerMonth: 300 });
    await synthesize({ out: c, seed: 8, months: 2, casesPerMonth: 300 });
    expect(hashDir(a)).toBe(hashDir(b));
    expect(hashDir(a)).not.toBe(hashDir(c));
  });

  it('gives the same bytes whether one or two worker threads generate it', async () => {
    const [a, b] = [tempDir(), tempDir()];
    await synthesize({
      out: a,
      seed: 9,
      months: 2,
      casesPerMonth: 800,
      threads: 1,
    });
    await synthesize({
      out: b,
      seed: 9,
      months: 2,
      casesPerMonth: 800,
      threads: 2,
    });
    expect(hashDir(b)).toBe(hashDir(a));
  });

  it('without planted defects every file passes our FLK and MEK with zero findings', async () => {
    const dir = tempDir();
    const r = await synthesize({
      out: dir,
      seed: 11,
      months: 3,
      casesPerMonth: 1500,
      defectRate: 0,
    });
    expect(r.defective).toBe(0);
    const { findings, records } = await checkRegion(dir);
    expect(records).toBeGreaterThan(4000);
    expect(findings.map((f) => `${f.file} ${f.rule} ${f.message}`).slice(0, 5)).toEqual([]);
  });

  it('every planted register-detectable (MEK-type) defect is found by the checks', async () => {
    const dir = tempDir();
    await synthesize({
      out: dir,
      seed: 12,
      months: 2,
      casesPerMonth: 2000,
      defectRate: 0.3,
    });
    const { findings } = await checkRegion(dir);
    const truth: Array<Record<string, string>> = parse(readFileSync(join(dir, 'truth.csv')), { columns: true });
    const detectable = {
      duplicate: ['003K.00.0420', '003K.36.0002'],
      overlap: ['002K.75.0001'],
      outpatientDuringStay: ['003K.42.0003'],
      sumMismatch: ['003K.83.0019', '002K.00.0370', '003K.00.0130'],
      outsidePeriod: ['002K.00.0180', '006F.00.0340'],
      wrongCode: ['001F.00.0210'],
    } as Record<string, string[]>;
    const planted: Record<string, number> = {};
    for (const t of truth) {
      for (const d of t.defects ? t.defects.split(';') : []) {
        if (!detectable[d]) continue;
        planted[d] = (planted[d] ?? 0) + 1;
        const hit = findings.some(
          (f) =>
            detectable[d].includes(f.rule) &&
            ((f.file === t.file && f.n_zap === t.n_zap) || f.message.includes(`${t.file} N_ZAP ${t.n_zap} `)),
        );
        expect(hit, `${d} in ${t.file} N_ZAP ${t.n_zap}`).toBe(true);
      }
    }
    // the other direction: a record without a planted MEK-type defect draws no finding of its own
    const MEK_TYPE = new Set(Object.keys(detectable));
    const byRecord = new Map(truth.map((t) => [`${t.file}#${t.n_zap}`, t]));
    const stray = findings.filter((f) => {
      const t = f.file && f.n_zap ? byRecord.get(`${f.file}#${f.n_zap}`) : undefined;
      // companion records (p_defect 0) are the second half of a planted duplicate/overlap/visit
      return t && Number(t.p_defect) > 0 && !(t.defects ? t.defects.split(';') : []).some((d) => MEK_TYPE.has(d));
    });
    expect(findings.filter((f) => f.file && f.n_zap).length).toBeGreaterThan(50);
    expect(stray.map((f) => `${f.file} ${f.n_zap} ${f.rule} ${f.message}`).slice(0, 5)).toEqual([]);
    // every detectable mechanism was exercised
    for (const d of Object.keys(detectable)) expect(planted[d] ?? 0, d).toBeGreaterThanOrEqual(3);
  });

  it('prevalence follows the setting, and conclusions agree with the truth at the expert sensitivity/specificity', async () => {
    const dir = tempDir();
    const r = await synthesize({
      out: dir,
      seed: 13,
      months: 3,
      casesPerMonth: 4000,
      defectRate: 0.1,
    });
    const truth: Array<Record<string, string>> = parse(readFileSync(join(dir, 'truth.csv')), { columns: true });
    const base = truth.filter((t) => Number(t.p_defect) > 0);
    const share = base.filter((t) => t.has_defect === '1').length / base.length;
    const meanP = base.reduce((s, t) => s + Number(t.p_defect), 0) / base.length;
    expect(Math.abs(share - meanP)).toBeLessThan(4 * Math.sqrt((meanP * (1 - meanP)) / base.length));
    expect(meanP).toBeGreaterThan(0.05);
    expect(meanP).toBeLessThan(0.2);
    expect(r.defective).toBe(truth.filter((t) => t.has_defect === '1').length);

    const byKey = new Map(truth.map((t) => [`${t.file}#${t.n_zap}`, t]));
    const concl: Array<Record<string, string>> = parse(readFileSync(join(dir, 'conclusions.csv')), { columns: true });
    let fp = 0;
    let clean = 0;
    let found = 0;
    let withVisible = 0;
    const EKMP = new Set(['unjustifiedAdmission', 'wrongTreatment', 'prematureDischarge', 'oncoLate', 'preventableDeath']);
    for (const c of concl) {
      const t = byKey.get(`${c.file}#${c.n_zap}`);
      expect(t, `conclusion for ${c.file} ${c.n_zap} has its truth row`).toBeTruthy();
      const visible = (t!.defects ? t!.defects.split(';') : []).filter((d) => (c.control === 'EKMP') === EKMP.has(d));
      if (!visible.length) {
        clean++;
        if (c.result === 'defect') fp++;
      } else {
        withVisible++;
        if (c.result === 'defect') found++;
        expect(c.result === 'defect' ? visible.map((d) => d).length : 1).toBeGreaterThan(0);
      }
    }
    expect(clean).toBeGreaterThan(200);
    expect(fp / clean).toBeLessThan(0.07);
    expect(withVisible).toBeGreaterThan(20);
    expect(found / withVisible).toBeGreaterThan(0.65);
    expect(concl.some((c) => c.review === '2')).toBe(true);
  });
});
