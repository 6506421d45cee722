import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { loadConfig } from '../../src/config.js';
import { openPackageSource } from '../../src/registers/ingest/source.js';
import { parseRegister } from '../../src/registers/reader/xml-records.js';
import { processRegisterEvents } from '../../src/registers/ingest/process-file.js';
import { checkSuite } from '../../src/registers/ingest/checks.js';
import { fromWire, toWire } from '../../src/registers/ingest/batch-wire.js';
import type { BatchResult } from '../../src/registers/ingest/file-pipeline.js';
import type { CaseSummary } from '../../src/registers/mek/summary.js';
import { CaseCopyBuilder } from '../../src/registers/store/case-copy.js';

const SAMPLE = 'data/sample/registers';

/** Through the wire form and a structured clone (what postMessage does to it), back to a batch result. */
const roundTrip = (r: BatchResult<CaseSummary>) => fromWire(deserialize(serialize(toWire(r))) as ReturnType<typeof toWire>);

describe("a worker's batch result crosses to the main thread packed", () => {
  it('comes back equal, property by property, for every batch of the sample region', async () => {
    const config = loadConfig({});
    const suite = await checkSuite(config);
    let batches = 0;
    let accepted = 0;
    let rejected = 0;
    for (const zip of readdirSync(SAMPLE)) {
      const src = await openPackageSource([join(SAMPLE, zip)], config);
      for (const pair of src.pairs)
        for await (const ev of processRegisterEvents(parseRegister(await pair.main.open(), pair.main.name), pair.main.name, suite)) {
          if (ev.type !== 'batch') continue;
          const r = ev.result;
          expect(roundTrip(r)).toStrictEqual(r);
          batches++;
          accepted += r.accepted.length;
          rejected += r.records.filter((x) => x[2] < 0).length;
        }
    }
    expect(batches).toBeGreaterThan(5);
    expect(accepted).toBeGreaterThan(1500);
    expect(rejected).toBeGreaterThan(0); // rejected records (index -1) are among them
  });

  it('keeps absent values absent and empty texts empty, and refuses a batch of two files', () => {
    const bare: CaseSummary = {
      personKey: 'E1',
      file: 'H1.XML',
      n_zap: undefined,
      idcase: '',
      lpu: undefined,
      uslOk: undefined,
      d1: '',
      d2: '2025-07-01',
      ds1: undefined,
      profil: 0,
      prvs: undefined,
      novor: undefined,
      rslt: undefined,
      sumvKop: -1.5,
      prNov: undefined,
    };
    const full: CaseSummary = {
      ...bare,
      n_zap: '7',
      lpu: 'Ж',
      uslOk: 1,
      ds1: 'C50.1',
      prvs: '76',
      novor: '0',
      rslt: 105,
      prNov: true,
      stored: false,
    };
    const r: BatchResult<CaseSummary> = {
      accepted: [bare, full],
      copy: new CaseCopyBuilder().finish(),
      rejected: 1,
      findings: [{ control: 'FLK', rule: '003F.00.2110', severity: 'error', message: 'm' }],
      idPacs: ['', 'Ё1'],
      records: [
        ['', undefined, -1],
        ['7', 'Ж-1', 0],
        ['8', '', 1],
      ],
    };
    expect(roundTrip(r)).toStrictEqual(r);
    expect(roundTrip({ ...r, accepted: [], records: [], idPacs: [] })).toStrictEqual({ ...r, accepted: [], records: [], idPacs: [] });
    expect(() => toWire({ ...r, accepted: [bare, { ...full, file: 'H2.XML' }] })).toThrow(/two files/);
  });
});
