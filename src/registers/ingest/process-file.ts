/**
 * Turns the reader's events of one main file into processed events (checked records with their
 * COPY lines). Runs in a worker thread (ingest.worker.ts) or in-process; the same code either way.
 */
import type { FileKind } from '../elements.js';
import type { Finding, RegisterEvent } from '../contracts.js';
import type { RegisterHeader } from '../model.js';
import type { SankDecoder } from '../store/case-rows.js';
import { FilePipeline, type BatchResult, type RecordChecks } from './file-pipeline.js';

export type ProcessedEvent<S> =
  | {
      type: 'header';
      kind: FileKind;
      version: string;
      header: RegisterHeader;
      findings: Finding[];
    }
  | { type: 'batch'; result: BatchResult<S>; bytesRead?: number }
  | { type: 'end'; findings: Finding[]; records: number; bytes: number };

export interface ChecksFactory<S> {
  checks(fileName: string, kind: FileKind, version: string, header: RegisterHeader): RecordChecks<S>;
  sank: SankDecoder;
}

/** Processes a main file's events; throws the reader's error when the file cannot be read. */
export async function* processRegisterEvents<S>(
  events: AsyncIterable<RegisterEvent>,
  fileName: string,
  factory: ChecksFactory<S>,
): AsyncGenerator<ProcessedEvent<S>> {
  let pipeline: FilePipeline<S> | undefined;
  for await (const ev of events) {
    if (ev.type === 'header') {
      pipeline = new FilePipeline({
        fileName,
        kind: ev.kind,
        header: ev.header,
        checks: factory.checks(fileName, ev.kind, ev.version, ev.header),
        sank: factory.sank,
      });
      yield {
        type: 'header',
        kind: ev.kind,
        version: ev.version,
        header: ev.header,
        findings: pipeline.header(),
      };
    } else if (ev.type === 'zaps') {
      if (!pipeline) throw new Error(`${fileName}: records before the header`);
      yield { type: 'batch', result: pipeline.batch(ev.zaps) };
    } else if (ev.type === 'end') {
      yield {
        type: 'end',
        findings: pipeline?.finish() ?? [],
        records: ev.records,
        bytes: ev.bytes,
      };
    }
  }
}
