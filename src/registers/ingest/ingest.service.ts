/**
 * Ingestion of register packages into the database. Per main file (with its L-file), everything
 * happens in one transaction: a file that cannot be read (not well-formed, truncated, broken
 * header, wrong encoding) leaves nothing behind; a record with an FLK error is rejected and the
 * rest of the file is accepted. The same file twice changes nothing (content hash); a corrected
 * register (SCHET/REF, PR_NOV=1) supersedes the records it corrects.
 */
import type { Deps } from '../../deps.js';
import type { SqlPort } from '../../db/sql.port.js';
import { AppError } from '../../errors.js';
import type { Finding } from '../contracts.js';
import { registerRepo } from '../store/register.repo.js';
import { ingestFile, type FileResult } from './ingest-file.js';
import { openPackageSource, type PackageSource } from './source.js';
import { packageRepo } from './package.repo.js';
import { FileTurns, inLanes, type FileOrder, type TicketSource } from './file-turns.js';

export interface IngestOptions {
  /** Called with 0..1 as the package is read. */
  onProgress?: (fraction: number, file: string) => void;
  /** Parse in worker threads (default true; files under `workerMinBytes` are parsed in-process). */
  workers?: boolean;
  workerMinBytes?: number;
  /** Worker threads per file (default 1); a file is split at record boundaries between them. */
  threads?: number;
  /** Keep at most this many findings per file in the returned result (default 20 000; all are stored). */
  maxFindings?: number;
  /** Existing package row to fill (API/job); otherwise one is created. */
  packageId?: string;
  /** Called with the package's id once its row exists (the CLI marks the packages of an interrupted run `failed`). */
  onPackage?: (packageId: string) => void;
  /** The `omsx ingest` run reading the package (run-owner.ts): written on its row while it is read. */
  owner?: string;
  /** Name to report instead of the path (an upload's original name). */
  sourceName?: string;
  /**
   * Files in flight, shared by the packages of one command (file-turns.ts). Without it the package's own: two
   * files at a time with worker threads on a PostgreSQL server, else one.
   */
  turns?: FileTurns;
}

/**
 * Files read at a time (`asked`, or by default two with worker threads: the next file is read while the one before
 * it finishes its writes). The embedded database has one connection: one file at a time there.
 */
export function filesInFlight(deps: Deps, workers: boolean, asked?: number): number {
  if (deps.db.kind !== 'postgres') return 1;
  return asked === undefined ? (workers ? 2 : 1) : Math.max(1, Math.floor(asked));
}

export interface PackageResult {
  packageId: string;
  source: string;
  status: 'done' | 'rejected';
  error?: string;
  warnings: string[];
  files: FileResult[];
}

/** Reads one package (ZIP or bare XML) and stores it. Throws only on infrastructure failures. */
export async function ingestPackage(deps: Deps, paths: string[], opts: IngestOptions = {}): Promise<PackageResult> {
  // the package's place among the files of the command, taken before the first await: the order is the input order,
  // not that in which the packages' rows happen to be created and their sources opened
  const order = opts.turns?.reserve();
  try {
    return await readPackage(deps, paths, opts, order);
  } finally {
    order?.close();
  }
}

async function readPackage(deps: Deps, paths: string[], opts: IngestOptions, order: FileOrder | undefined): Promise<PackageResult> {
  const packages = packageRepo(deps.db.sql);
  const path = opts.sourceName ?? paths.join(', ');
  const packageId = opts.packageId ?? (await packages.create(path));
  opts.onPackage?.(packageId);
  await packages.start(packageId, opts.owner);
  try {
    return await readSource(deps, paths, opts, order, packageId, path);
  } catch (e) {
    // not a package that was read and refused, but one that could not be read to the end: say so on its row
    await packages.fail(packageId, `${path}: ${(e as Error).message}`).catch(() => undefined);
    throw e;
  }
}

async function readSource(
  deps: Deps,
  paths: string[],
  opts: IngestOptions,
  order: FileOrder | undefined,
  packageId: string,
  path: string,
): Promise<PackageResult> {
  const packages = packageRepo(deps.db.sql);
  let source: PackageSource;
  try {
    source = await openPackageSource(paths, deps.config);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const result: PackageResult = {
      packageId,
      source: path,
      status: 'rejected',
      error: e.message,
      warnings: [],
      files: [],
    };
    await packages.finish(packageId, result);
    return result;
  }
  await packages.setSha(packageId, source.sha256);
  const files: FileResult[] = new Array(source.pairs.length);
  const total = source.pairs.reduce((n, p) => n + p.main.size, 0) || 1;
  let done = 0;
  const workers = opts.workers ?? true;
  const turns = opts.turns ?? new FileTurns(filesInFlight(deps, workers));
  // once the last file has its ticket, the next package's files may take theirs (and read ahead while this one commits)
  let entered = 0;
  const tickets: TicketSource = order
    ? {
        enter: () => {
          const t = order.enter();
          if (++entered === source.pairs.length) order.close();
          return t;
        },
      }
    : turns;
  // the files of the package in order, as many at a time as the turns let in (their database work stays in order)
  await inLanes(turns.inFlight, source.pairs.length, async (i) => {
    const pair = source.pairs[i];
    files[i] = await ingestFile(deps, packageId, pair, {
      workers,
      workerMinBytes: opts.workerMinBytes,
      threads: opts.threads,
      maxFindings: opts.maxFindings ?? 20_000,
      turns: tickets,
      onProgress: (bytes) => opts.onProgress?.(Math.min(1, (done + bytes) / total), pair.main.name),
    });
    done += pair.main.size;
    await packages.progress(packageId, done / total);
  });
  const rejected = files.some((f) => f.status === 'rejected');
  const result: PackageResult = {
    packageId,
    source: path,
    status: rejected ? 'rejected' : 'done',
    error: rejected
      ? files
          .filter((f) => f.error)
          .map((f) => f.error)
          .join('; ')
      : undefined,
    warnings: source.warnings,
    files,
  };
  await packages.finish(packageId, result);
  return result;
}

export type { FileResult, Finding, SqlPort };
export { registerRepo };
