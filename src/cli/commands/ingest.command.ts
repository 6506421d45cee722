import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import type { CliContext } from '../context.js';
import { filesInFlight, ingestPackage, type PackageResult } from '../../registers/ingest/ingest.service.js';
import { FileTurns, inLanes } from '../../registers/ingest/file-turns.js';
import { packageRepo } from '../../registers/ingest/package.repo.js';
import { failAbandoned, ownRun } from '../../registers/ingest/run-owner.js';
import { prestartWorkers } from '../../registers/ingest/events.js';
import { expandInputs } from '../../registers/ingest/inputs.js';
import { toProtocolEntry } from '../../registers/protocol/flk-p.js';
import { forcedCollections } from '../../memory.js';

/** The counts of the JSON summary printed by `omsx ingest --json`. */
function counts(results: PackageResult[]) {
  const files = results.flatMap((r) => r.files);
  return {
    packages: results.length,
    files: files.length,
    cases: files.reduce((n, f) => n + f.cases, 0),
    accepted: files.reduce((n, f) => n + f.accepted, 0),
    rejected: files.reduce((n, f) => n + f.rejected, 0),
    duplicates: files.filter((f) => f.status === 'duplicate').length,
    superseded: files.reduce((n, f) => n + f.superseded, 0),
    rejectedPackages: results.filter((r) => r.status === 'rejected').map((r) => ({ package: r.source, error: r.error ?? null })),
    /** All findings; `flk` lists up to 20 000 per file (all are in the database and the FLK protocol). */
    findings: files.reduce((n, f) => n + f.findingCount, 0),
    /** Expertise returns: files attached to a stored account (their cases counted above are not stored again). */
    returns: {
      files: files.filter((f) => f.return).length,
      cases: files.reduce((n, f) => n + (f.return?.cases ?? 0), 0),
      sanctions: files.reduce((n, f) => n + (f.return?.sanctions ?? 0), 0),
    },
    /** Expert conclusions from the files' SANK (src/review/register-conclusions.ts). */
    conclusions: {
      imported: files.reduce((n, f) => n + (f.conclusions?.imported ?? 0), 0),
      updated: files.reduce((n, f) => n + (f.conclusions?.updated ?? 0), 0),
      unchanged: files.reduce((n, f) => n + (f.conclusions?.unchanged ?? 0), 0),
      skipped: files.reduce((n, f) => n + (f.conclusions?.skipped.length ?? 0), 0),
    },
  };
}

/**
 * Writes the `--json` summary: the counts, `flk` (the findings as protocol entries) and `extra`, the `flk`
 * list entry by entry: a large run keeps tens of thousands of findings, and building one string of all of
 * them took ~150 MB at the end of a 2 GB file.
 */
export function writeJsonSummary(out: NodeJS.WritableStream, results: PackageResult[], extra: Record<string, unknown> = {}): void {
  let chunk = JSON.stringify(counts(results)).slice(0, -1) + ',"flk":[';
  let first = true;
  for (const r of results)
    for (const f of r.files)
      for (const x of f.findings) {
        chunk += (first ? '' : ',') + JSON.stringify(toProtocolEntry(f.file, x));
        first = false;
        if (chunk.length > 1 << 16) {
          out.write(chunk);
          chunk = '';
        }
      }
  const tail = JSON.stringify(extra).slice(1, -1);
  out.write(chunk + ']' + (tail ? ',' + tail : '') + '}\n');
}

/** `omsx ingest <file|dir>... [--json]`: reads register packages into the database. */
export function registerIngestCommand(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('read register packages (ZIP or bare XML, files or directories) into the database, with FLK and MEK checks')
    .argument('<paths...>', 'package files (.zip, .xml) or directories holding them')
    .option('--json', 'print one JSON summary instead of progress and a table')
    .option('--no-workers', 'parse in the main thread (default: worker threads)')
    .option('--threads <n>', 'worker threads per file (default 1, or OMSX_INGEST_THREADS)', (v) => Number(v))
    .option('--stats', 'with --json: add elapsed time and peak memory')
    .option(
      '--concurrency <n>',
      'files read at a time on a PostgreSQL server (default 2): the next is read while the one before finishes its writes; the writes stay one file at a time, in input order',
      (v) => Number(v),
    )
    .action(
      async (paths: string[], opts: { json?: boolean; workers: boolean; threads?: number; stats?: boolean; concurrency?: number }) => {
        const t0 = Date.now();
        // worker threads load their code and tables while this thread opens the database and the first package
        if (opts.workers) prestartWorkers(opts.threads);
        const deps = await ctx.deps();
        const inputs = await expandInputs(paths);
        // this run's lock, then the packages of runs that ended without finishing (killed) are failed, not left running
        const owner = await ownRun(deps.db);
        let abandoned: string[];
        try {
          abandoned = await failAbandoned(deps.db.sql);
        } catch (e) {
          await owner.release();
          throw e;
        }
        for (const id of abandoned) ctx.err.write(`omsx: package ${id} was left unfinished by an omsx ingest run that ended: now failed\n`);
        const tty = !opts.json && (ctx.err as NodeJS.WriteStream).isTTY;
        const bar = tty
          ? new SingleBar({ format: '{bar} {value}/{total} packages | {file}', hideCursor: true }, Presets.shades_classic)
          : undefined;
        const results: PackageResult[] = [];
        // --concurrency N: files in flight across the packages (file-turns.ts). Their database work stays one file
        // at a time in input order, so each sees the cases of the files before it.
        const turns = new FileTurns(filesInFlight(deps, opts.workers, opts.concurrency));
        const ordered: PackageResult[] = new Array(inputs.length);
        let done = 0;
        bar?.start(inputs.length, 0, { file: '' });
        // interrupted (Ctrl-C, kill): the packages of this run still being read are marked failed, not left running
        const started: string[] = [];
        const interrupted = (signal: NodeJS.Signals) => {
          void packageRepo(deps.db.sql)
            .failRunning(started, `interrupted by ${signal}`)
            .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
        };
        process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
        try {
          await inLanes(turns.inFlight, inputs.length, async (i) => {
            ordered[i] = await ingestPackage(deps, inputs[i].paths, {
              workers: opts.workers,
              threads: opts.threads,
              turns,
              onPackage: (id) => started.push(id),
              owner: owner.key,
            });
            bar?.update(++done, { file: inputs[i].label });
          });
        } finally {
          process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
          await owner.release();
        }
        bar?.stop();
        for (const r of ordered) {
          results.push(r);
          if (!opts.json) printPackage(ctx, r);
        }
        const summary = counts(results);
        // with the full collections the main thread's heap budget forced (memory.ts)
        const gc = forcedCollections();
        const stats = opts.stats
          ? {
              stats: {
                elapsedMs: Date.now() - t0,
                // CPU of all the process's threads: steadier than elapsed time on a machine whose speed drifts
                cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
                peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
                forcedGc: gc.collections,
                forcedGcMs: Math.round(gc.ms),
              },
            }
          : {};
        if (opts.json) writeJsonSummary(ctx.out, results, stats);
        else
          ctx.out.write(
            `packages ${summary.packages}, files ${summary.files}, cases ${summary.cases}: accepted ${summary.accepted}, rejected ${summary.rejected}, findings ${summary.findings}` +
              (summary.returns.files ? `; ${summary.returns.files} returns attached (${summary.returns.cases} stored cases updated)` : '') +
              '\n',
          );
        if (summary.rejectedPackages.length) process.exitCode = 2;
      },
    );
}

function printPackage(ctx: CliContext, r: PackageResult) {
  if (r.status === 'rejected' && !r.files.length) ctx.out.write(`REJECTED ${r.source}: ${r.error}\n`);
  for (const w of r.warnings) ctx.out.write(`warning: ${w}\n`);
  for (const f of r.files) {
    const what =
      f.status === 'rejected'
        ? `REJECTED: ${f.error}`
        : f.status === 'duplicate'
          ? 'already ingested, unchanged'
          : f.return
            ? `return of ${f.return.accountFile}: payment of ${f.return.cases} stored cases updated, ${f.return.sanctions} SANK attached, no case stored again`
            : `${f.accepted}/${f.cases} accepted, ${f.findingCount} findings`;
    const k = f.conclusions;
    const concl = k ? `; conclusions ${k.imported} new, ${k.updated} updated, ${k.unchanged} unchanged, ${k.skipped.length} skipped` : '';
    ctx.out.write(`${f.file}${f.lFile ? ' + ' + f.lFile : ''}: ${what}${concl}\n`);
  }
}
