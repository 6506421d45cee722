/**
 * Per-file processing of parsed records, pure and synchronous so it runs in a worker thread:
 * FLK and single-record MEK checks, record acceptance, and the COPY lines of accepted records.
 * Cross-record MEK (which needs the database) runs on the main thread on the summaries.
 */
import type { FileKind } from '../elements.js';
import type { Finding } from '../contracts.js';
import type { RegisterHeader, Zap } from '../model.js';
import type { SankDecoder } from '../store/case-rows.js';
import { CaseCopyBuilder, copySizes, withoutRecords, type CaseCopy, type CopySizes } from '../store/case-copy.js';
import { personKey } from '../person-key.js';
import { IdSet } from '../keys.js';
import { BinaryValueError } from '../../db/copy-binary.js';
import { columnFinding } from './column-finding.js';

/** The checks a pipeline applies; built from the FLK and MEK modules (see checks.ts). */
export interface RecordChecks<S> {
  header(header: RegisterHeader): Finding[];
  record(zap: Zap): Finding[];
  summarize(zap: Zap, personKey: string): S;
  /** File-level totals (sums, counts), fed every record. */
  addToTotals(zap: Zap): void;
  totals(): Finding[];
  /** The file-level totals so far, to be merged into another thread's (structured-cloneable). */
  partial(): unknown;
  merge(partial: unknown): void;
}

/** A record of a batch: N_ZAP, IDCASE and its index in `accepted` (-1 when rejected). */
export type RecordRef = [nZap: string, idcase: string | undefined, accepted: number];

export interface BatchResult<S> {
  /** The summaries of the accepted records (cross-record MEK), in order. */
  accepted: S[];
  /** Their COPY bytes, in the same order (transferred, not cloned, from a worker thread). */
  copy: CaseCopy;
  rejected: number;
  findings: Finding[];
  idPacs: string[];
  records: RecordRef[];
}

export interface PipelineOptions<S> {
  fileName: string;
  kind: FileKind;
  header: RegisterHeader;
  checks: RecordChecks<S>;
  sank: SankDecoder;
}

/** Largest first allocation of a batch's COPY buffer (a bigger batch grows it). */
const MAX_INITIAL_COPY_BYTES = 8 << 20;

/**
 * Processes the records of one file batch by batch. Stateless across records but for the file totals,
 * so that several threads can process parts of one file; the record numbers (N_ZAP) are checked for
 * repeats in order by {@link RecordNumbers}.
 */
export class FilePipeline<S> {
  /** COPY bytes per record of the last full batch, to size the next batch's buffers (growing one costs a copy). */
  private readonly perRecord: CopySizes = { cases: 1024, subs: 1024, sanks: 16 };

  constructor(private readonly o: PipelineOptions<S>) {}

  /** Header findings; an error here rejects the file whole. */
  header(): Finding[] {
    return this.o.checks.header(this.o.header);
  }

  batch(zaps: Zap[]): BatchResult<S> {
    const out: Omit<BatchResult<S>, 'copy'> = {
      accepted: [],
      rejected: 0,
      findings: [],
      idPacs: [],
      records: [],
    };
    const p = this.perRecord;
    const n = zaps.length * 1.1 + 8;
    const size = (k: keyof CopySizes) => Math.min(MAX_INITIAL_COPY_BYTES, n * p[k]);
    const copy = new CaseCopyBuilder({ cases: size('cases'), subs: size('subs'), sanks: size('sanks') });
    const codeMo = this.o.header.SCHET.CODE_MO;
    for (const zap of zaps) {
      this.o.checks.addToTotals(zap);
      const f = this.o.checks.record(zap);
      if (zap.PACIENT?.ID_PAC) out.idPacs.push(zap.PACIENT.ID_PAC);
      for (const x of f) out.findings.push(x);
      if (f.some((x) => x.severity === 'error' && x.control === 'FLK')) {
        out.rejected++;
        out.records.push([zap.N_ZAP ?? '', zap.Z_SL?.IDCASE, -1]);
        continue;
      }
      const key = personKey(zap.PACIENT, codeMo);
      try {
        copy.add(zap, { header: this.o.header, kind: this.o.kind, personKey: key, sank: this.o.sank });
      } catch (e) {
        // a value the FLK let through (no format rule covers it, its code table is not loaded) but its column cannot
        // hold: the record is rejected, with the element's own rule, and the rest of the file goes on
        if (!(e instanceof BinaryValueError)) throw e;
        out.findings.push(columnFinding(e, zap, this.o.kind));
        out.rejected++;
        out.records.push([zap.N_ZAP ?? '', zap.Z_SL?.IDCASE, -1]);
        continue;
      }
      out.records.push([zap.N_ZAP ?? '', zap.Z_SL?.IDCASE, out.accepted.length]);
      out.accepted.push(this.o.checks.summarize(zap, key));
    }
    const result = { ...out, copy: copy.finish() };
    // a batch of a few records (most rejected, or a file's tail) says little: one huge record would oversize the next
    if (out.accepted.length >= 100) {
      const bytes = copySizes(result.copy);
      for (const k of ['cases', 'subs', 'sanks'] as const) p[k] = bytes[k] / out.accepted.length;
    }
    return result;
  }

  finish(): Finding[] {
    return this.o.checks.totals();
  }

  /** This pipeline's file totals, for {@link merge} into another's (records processed by another thread). */
  partial(): unknown {
    return this.o.checks.partial();
  }

  merge(partial: unknown): void {
    this.o.checks.merge(partial);
  }
}

/**
 * N_ZAP must be unique in a file (Q015 003F.00.2110): a repeated one is rejected, the first kept.
 * Applied to the batches in file order, whichever thread processed them. The N_ZAPs seen are kept in an
 * {@link IdSet} (a 2 GB file has over a million records: whole numbers take a bit each).
 */
export class RecordNumbers {
  private readonly seen = new IdSet();
  constructor(private readonly fileName: string) {}

  /** Rejects the records of `r` whose N_ZAP was seen before (in place). */
  apply<S>(r: BatchResult<S>): void {
    let dropped: Set<number> | undefined;
    for (const [nZap, idcase, index] of r.records) {
      if (this.seen.add(nZap)) continue;
      r.findings.push({
        control: 'FLK',
        rule: '003F.00.2110',
        severity: 'error',
        element: 'ZAP/N_ZAP',
        basEl: 'ZAP',
        value: nZap,
        n_zap: nZap,
        idcase,
        message: `N_ZAP ${nZap} повторяется в файле ${this.fileName}: номер записи должен быть уникален`,
      });
      if (index >= 0) {
        (dropped ??= new Set()).add(index);
        r.rejected++;
      }
    }
    if (dropped) {
      r.accepted = r.accepted.filter((_, i) => !dropped.has(i));
      r.copy = withoutRecords(r.copy, dropped);
    }
  }
}
