/**
 * Binds the FLK (Q015) and MEK (Q016) modules and the code tables into the check suite the
 * ingestion pipeline runs: per record and per file in the worker, across records on the main
 * thread (with the database history of the same persons).
 */
import type { Config } from '../../config.js';
import type { SqlPort } from '../../db/sql.port.js';
import type { FileKind } from '../elements.js';
import type { FileContext, Finding } from '../contracts.js';
import type { Pers, RegisterHeader, Zap } from '../model.js';
import type { RecordChecks } from './file-pipeline.js';
import type { ChecksFactory } from './process-file.js';
import { loadNsi } from '../../nsi/nsi.loader.js';
import type { Nsi } from '../../nsi/nsi.js';
import * as flk from '../flk/index.js';
import * as mek from '../mek/index.js';
import { loadHistory } from '../mek/history.repo.js';
import { repeatsOf } from '../repeats.js';

export type Summary = mek.CaseSummary;

/** Everything ingestion needs from the checks. */
export interface CheckSuite<S = Summary> extends ChecksFactory<S> {
  pers(p: Pers, ctx: FileContext): Finding[];
  persLinks(zapIdPacs: string[], persIdPacs: string[], ctx: FileContext): Finding[];
  /** Cross-record MEK of a batch against each other and the stored history of the same persons. */
  across(batch: S[], sql: SqlPort): Promise<Finding[]>;
}

const cache = new Map<string, Promise<Nsi>>();

/** Builds the check suite (code tables are loaded once per process). */
export async function checkSuite(config: Pick<Config, 'nsiDir'>): Promise<CheckSuite<Summary>> {
  const key = config.nsiDir ?? '';
  if (!cache.has(key)) cache.set(key, loadNsi(config.nsiDir));
  const nsi = await cache.get(key)!;
  return {
    checks: (fileName: string, kind: FileKind, version: string, header: RegisterHeader) => fileChecks(nsi, fileName, kind, version, header),
    sank: {
      sTip: (code) => nsi.name('F006', code),
      sOsn: (code, onDate) => {
        const r = nsi.decodeSOsn(code, onDate);
        return r ? { name: r.name, item: r.item } : undefined;
      },
    },
    pers: (p, ctx) => flk.checkPers(p, { ...ctx, nsi }),
    persLinks: (zapIdPacs, persIdPacs, ctx) => flk.checkPersLinks(zapIdPacs, persIdPacs, ctx),
    async across(batch, sql) {
      if (!batch.length) return [];
      const keys = [...new Set(batch.map((s) => s.personKey))];
      const history = await loadHistory(sql, keys);
      return mek.checkAcrossCases(batch, history);
    },
  };
}

function fileChecks(nsi: Nsi, fileName: string, kind: FileKind, version: string, header: RegisterHeader): RecordChecks<Summary> {
  const year = Number(header.SCHET?.YEAR) || undefined;
  const month = Number(header.SCHET?.MONTH) || undefined;
  const ctx: flk.FlkContext = {
    fileName,
    kind,
    version,
    year,
    month,
    nsi,
    headerFields: flk.headerFields(header),
  };
  const totals = flk.createFileTotals();
  const sums = mek.createFileSums();
  const mctx: mek.MekContext = { fileName, kind, version, year, month, nsi };
  return {
    header: (h) => flk.checkHeader(h, ctx),
    record(zap: Zap) {
      const found = flk.checkZap(zap, ctx);
      // MEK needs the record's shape: a repeated single element (a list where one value belongs) is
      // rejected by the FLK alone. Other FLK errors do not stop MEK, so the MO sees every defect at once.
      if (repeatsOf(zap).length) return found;
      for (const x of mek.checkCaseMek(zap, header, mctx)) found.push(x);
      return found;
    },
    summarize: (zap: Zap, personKey: string) => ({
      ...mek.summarize(zap, header, fileName),
      personKey,
    }),
    addToTotals(zap: Zap) {
      flk.addToTotals(totals, zap);
      mek.addToFileSums(sums, zap);
    },
    totals: () => [...flk.checkTotals(header, totals, ctx), ...mek.checkFileSums(header, sums, mctx)],
    partial: () => ({ totals, sums }),
    merge(p) {
      const q = p as { totals: flk.FileTotals; sums: mek.FileSums };
      flk.mergeTotals(totals, q.totals);
      mek.mergeFileSums(sums, q.sums);
    },
  };
}
