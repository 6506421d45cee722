/**
 * Stores one main register file and its L-file in one transaction (see ingest.service.ts).
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Finding } from '../contracts.js';
import { PersIndex } from '../flk/index.js';
import { detach } from '../keys.js';
import { collectAbove } from '../../memory.js';
import { registerRepo, type RegisterRepo } from '../store/register.repo.js';
import { RecordNumbers } from './file-pipeline.js';
import { fillIds, recordCount, subCount, type CaseCopy } from '../store/case-copy.js';
import type { ProcessedEvent } from './process-file.js';
import type { FilePair } from './source.js';
import { checkSuite, type CheckSuite, type Summary } from './checks.js';
import { mainFileEvents } from './events.js';
import { FLUSH_AT, storePersons } from './store-persons.js';
import { FileTurns, type FileTicket, type TicketSource } from './file-turns.js';
import { attachReturn, PAYMENT_RULES, type ReturnAttached } from './return-account.js';
import { conclusionsFromRegister, type RegisterConclusions } from '../../review/register-conclusions.js';

export interface FileResult {
  file: string;
  kind: string;
  lFile?: string;
  fileId?: string;
  status: 'accepted' | 'rejected' | 'duplicate';
  error?: string;
  cases: number;
  accepted: number;
  rejected: number;
  superseded: number;
  findingCount: number;
  findings: Finding[];
  /** An expertise return: the stored account its payment elements and SANK were attached to (return-account.ts). */
  return?: ReturnAttached;
  /** Expert conclusions from the file's SANK (src/review/register-conclusions.ts). */
  conclusions?: RegisterConclusions;
}

export interface FileOptions {
  workers: boolean;
  /** Smallest file parsed in worker threads (default 64 KiB, events.ts WORKER_MIN_BYTES). */
  workerMinBytes?: number;
  /** Worker threads per file (default 1, see events.ts defaultThreads). */
  threads?: number;
  maxFindings: number;
  onProgress?: (bytes: number) => void;
  /** Files in flight and their order at the database (file-turns.ts); without it the file waits for nothing. */
  turns?: TicketSource;
}

/** Flushes between checks of the planner statistics (the check is one cheap query; ANALYZE runs rarely). */
const STATS_EVERY = 8;

export async function ingestFile(deps: Deps, packageId: string, pair: FilePair, o: FileOptions): Promise<FileResult> {
  const ticket = await (o.turns ?? new FileTurns(1)).enter();
  try {
    const suite = await checkSuite(deps.config);
    await ticket.reading();
    // Reading starts now, beside the content hash that decides whether the file is new and while an earlier file
    // may still be writing: the worker parses the first segments meanwhile instead of waiting. A duplicate closes
    // the stream unread.
    const events = startNow(
      mainFileEvents(pair.main, suite, o.workers, o.workerMinBytes, o.threads) as AsyncIterable<ProcessedEvent<Summary>>,
    );
    try {
      return await ingestEvents(deps, packageId, pair, o, suite, events, ticket);
    } finally {
      await events.close();
    }
  } finally {
    ticket.done();
  }
}

/** An event stream whose first event is requested at once; iterate it later, or close() it if it never is. */
function startNow<T>(source: AsyncIterable<T>): AsyncIterable<T> & { close(): Promise<void> } {
  const it = source[Symbol.asyncIterator]();
  const first = it.next();
  first.catch(() => undefined); // surfaced to whoever iterates
  let iterated = false;
  return {
    async *[Symbol.asyncIterator]() {
      iterated = true;
      let r = await first;
      try {
        while (!r.done) {
          yield r.value;
          r = await it.next();
        }
      } finally {
        if (!r.done) await it.return?.(undefined);
      }
    },
    async close() {
      if (iterated) return;
      iterated = true;
      const r = await first.catch(() => undefined);
      if (r && !r.done) await it.return?.(undefined);
    },
  };
}

async function ingestEvents(
  deps: Deps,
  packageId: string,
  pair: FilePair,
  o: FileOptions,
  suite: CheckSuite,
  events: AsyncIterable<ProcessedEvent<Summary>>,
  ticket: FileTicket,
): Promise<FileResult> {
  const sql = deps.db.sql;
  const result: FileResult = {
    file: pair.main.name,
    kind: pair.main.kind,
    lFile: pair.l?.name,
    status: 'accepted',
    cases: 0,
    accepted: 0,
    rejected: 0,
    superseded: 0,
    findingCount: 0,
    findings: [],
  };
  try {
    // a package whose entry cannot be read is rejected here as well as while reading (hashing reads it whole first)
    const sha = await pair.sha256();
    // the database work waits for the files before this one: it sees their cases as if they had been read before it
    await ticket.turn();
    const existing = await registerRepo(sql).fileBySha(sha);
    // stored by this package before (a job resumed after its worker died between two files): the file is its own
    if (existing?.package_id === packageId) {
      const { cases, accepted, rejected, findings, superseded } = await registerRepo(sql).fileCounts(existing.id);
      return { ...result, fileId: existing.id, cases, accepted, rejected, superseded, findingCount: findings };
    }
    if (existing) return { ...result, status: 'duplicate', fileId: existing.id };
    await sql.transaction(async (tx) => {
      const repo = registerRepo(tx);
      const findings: Finding[] = [];
      const note = (fs: readonly Finding[]) => {
        result.findingCount += fs.length;
        for (const f of fs) if (result.findings.length < o.maxFindings) result.findings.push(f);
        findings.push(...fs);
      };
      let fileId = '';
      // of the L-file only the ID_PACs are kept, of the main file only those without a PERS (bounded memory)
      const persIds = new PersIndex();
      const unlinked = new Set<string>();
      let lVersion = '';
      const numbers = new RecordNumbers(pair.main.name);
      // accepted records waiting to be written: their summaries and COPY bytes, batch by batch
      let pending: { summaries: Summary[]; copies: CaseCopy[]; count: number } = { summaries: [], copies: [], count: 0 };
      // Database writes overlap with reading: one flush in flight while the next batch is being prepared.
      let inflight: Promise<void> = Promise.resolve();
      let flushes = 0;
      const flush = async () => {
        if (!pending.count) return;
        const batch = pending;
        pending = { summaries: [], copies: [], count: 0 };
        await inflight;
        inflight = (async () => {
          // planner statistics of "case" that follow its growth, for the queries below (see refreshPlannerStats)
          if (flushes++ % STATS_EVERY === 0) await repo.refreshPlannerStats();
          note(await suite.across(batch.summaries, tx));
          await writeCases(repo, fileId, batch.copies);
          await repo.insertFindings(fileId, packageId, pair.main.name, findings.splice(0));
          collectAbove();
        })();
        inflight.catch(() => undefined); // surfaced by the next await
      };
      for await (const ev of events) {
        if (ev.type === 'header') {
          const bad = ev.findings.filter((f) => f.severity === 'error');
          if (bad.length) {
            throw new AppError(
              'PACKAGE_REJECTED',
              `${pair.main.name}: header rejected: ${bad.map((f) => `${f.rule} ${f.message}`).join('; ')}`,
              { file: pair.main.name, findings: bad },
            );
          }
          fileId = await repo.insertFile({
            packageId,
            fileName: pair.main.name,
            kind: ev.kind,
            version: ev.version,
            sha256: sha,
            pairedWith: pair.l?.name,
            header: ev.header,
          });
          result.fileId = fileId;
          note(ev.findings);
          // the L-file is read now, before the first record: its persons are linked to the records by ID_PAC
          if (pair.l) lVersion = await storePersons(pair.l, fileId, persIds, repo, suite, note);
        } else if (ev.type === 'batch') {
          const r = ev.result;
          numbers.apply(r);
          result.cases += r.records.length;
          result.accepted += r.accepted.length;
          result.rejected += r.rejected;
          if (pair.l) for (const id of r.idPacs) if (!persIds.has(id)) unlinked.add(detach(id));
          note(r.findings);
          for (const a of r.accepted) pending.summaries.push(a);
          pending.copies.push(r.copy);
          pending.count += r.accepted.length;
          if (pending.count >= FLUSH_AT) await flush();
          if (ev.bytesRead !== undefined) o.onProgress?.(ev.bytesRead);
        } else {
          ticket.read(); // the file is read: the next one starts reading while this one writes its last batches and commits
          await flush();
          await inflight;
          note(ev.findings);
          if (pair.l) note(persIds.missing(unlinked, { fileName: pair.main.name, kind: pair.main.kind, version: lVersion }));
        }
      }
      await repo.insertFindings(fileId, packageId, pair.main.name, findings.splice(0));
      if (result.findingCount) await repo.linkFindings(fileId);
      await repo.setCounts(fileId, result.cases, result.accepted, result.rejected);
      const back = await attachReturn(tx, fileId); // a re-sent stored account: attached to it, its cases not stored twice
      result.superseded = back ? 0 : await repo.supersede(fileId);
      if (back) {
        // the copy's cases and findings went with it but for its payment's (return-account.ts): its result says what is stored
        result.return = back;
        result.findings = result.findings.filter((x) => PAYMENT_RULES.has(x.rule));
        result.findingCount = back.paymentFindings;
      }
      const found = await conclusionsFromRegister(tx, deps.config, back?.accountFileId ?? fileId);
      if (found.imported + found.updated + found.unchanged + found.skipped.length) result.conclusions = found;
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'PACKAGE_REJECTED') {
      // the findings that rejected the file (a broken header's), for its protocol: nothing of it is stored
      const why = (e.details as { findings?: Finding[] } | undefined)?.findings ?? [];
      return {
        ...result,
        status: 'rejected',
        error: e.message,
        findings: why.slice(0, o.maxFindings),
        findingCount: why.length,
        fileId: undefined,
        cases: 0,
        accepted: 0,
        rejected: 0,
        superseded: 0,
      };
    }
    throw e;
  }
  return result;
}

/** Draws the ids of the batches' cases and sub-cases, fills them into the COPY bytes and loads them. */
async function writeCases(repo: RegisterRepo, fileId: string, copies: CaseCopy[]) {
  const caseIds = await repo.allocIds(
    'case_id_seq',
    copies.reduce((n, c) => n + recordCount(c), 0),
  );
  const subIds = await repo.allocIds(
    'sub_case_id_seq',
    copies.reduce((n, c) => n + subCount(c), 0),
  );
  let next: [number, number] = [0, 0];
  for (const c of copies) next = fillIds(c, fileId, caseIds, next[0], subIds, next[1]);
  await repo.copyCases(copies.map((c) => c.cases));
  await repo.copySubCases(copies.map((c) => c.subs));
  await repo.copySanks(copies.map((c) => c.sanks));
}
