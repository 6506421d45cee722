/**
 * Per-file processing of parsed records, pure and synchronous so it runs in a worker thread:
 * FLK and single-record MEK checks, record acceptance, and the COPY lines of accepted records.
 * Cross-record MEK (which needs the database) runs on the main thread on the summaries.
 */
import type { FileKind } from '../elements.js';
import type { Finding } from '../contracts.js';
import type { RegisterHeader, Zap } from '../model.js';
import { caseRows, type CaseRows, type SankDecoder } from '../store/case-rows.js';
import { personKey } from '../person-key.js';

/** The checks a pipeline applies; built from the FLK and MEK modules (see checks.ts). */
export interface RecordChecks<S> {
  header(header: RegisterHeader): Finding[];
  record(zap: Zap): Finding[];
  summarize(zap: Zap, personKey: string): S;
  /** File-level totals (sums, counts, duplicates within the file), fed every record. */
  addToTotals(zap: Zap): void;
  totals(): Finding[];
}

export interface AcceptedCase<S> {
  rows: CaseRows;
  summary: S;
}

export interface BatchResult<S> {
  accepted: AcceptedCase<S>[];
  rejected: number;
  findings: Finding[];
  idPacs: string[];
}

export interface PipelineOptions<S> {
  fileName: string;
  kind: FileKind;
  header: RegisterHeader;
  checks: RecordChecks<S>;
  sank: SankDecoder;
}

/** Processes the records of one file batch by batch. */
export class FilePipeline<S> {
  /** N_ZAP values seen: a repeated N_ZAP (Q015 003F.00.2110) is rejected, the first one kept. */
  private readonly seen = new Set<string>();
  constructor(private readonly o: PipelineOptions<S>) {}

  /** Header findings; an error here rejects the file whole. */
  header(): Finding[] {
    return this.o.checks.header(this.o.header);
  }

  batch(zaps: Zap[]): BatchResult<S> {
    const out: BatchResult<S> = {
      accepted: [],
      rejected: 0,
      findings: [],
      idPacs: [],
    };
    const codeMo = this.o.header.SCHET.CODE_MO;
    for (const zap of zaps) {
      this.o.checks.addToTotals(zap);
      const f = [...this.o.checks.record(zap)];
      if (zap.PACIENT?.ID_PAC) out.idPacs.push(zap.PACIENT.ID_PAC);
      const nZap = zap.N_ZAP ?? '';
      if (this.seen.has(nZap)) {
        f.push({
          control: 'FLK',
          rule: '003F.00.2110',
          severity: 'error',
          element: 'ZAP/N_ZAP',
          basEl: 'ZAP',
          value: nZap,
          n_zap: nZap,
          idcase: zap.Z_SL?.IDCASE,
          message: `N_ZAP ${nZap} повторяется в файле ${this.o.fileName}: номер записи должен быть уникален`,
        });
      }
      this.seen.add(nZap);
      if (f.length) out.findings.push(...f);
      if (f.some((x) => x.severity === 'error' && x.control === 'FLK')) {
        out.rejected++;
        continue;
      }
      const key = personKey(zap.PACIENT, codeMo);
      out.accepted.push({
        rows: caseRows(zap, {
          header: this.o.header,
          kind: this.o.kind,
          personKey: key,
          sank: this.o.sank,
        }),
        summary: this.o.checks.summarize(zap, key),
      });
    }
    return out;
  }

  finish(): Finding[] {
    return this.o.checks.totals();
  }
}
