import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import iconv from 'iconv-lite';
import type { CliContext } from '../context.js';
import { filesInFlight, ingestPackage, type FileResult, type PackageResult } from '../../registers/ingest/ingest.service.js';
import { FileTurns, inLanes } from '../../registers/ingest/file-turns.js';
import { prestartWorkers } from '../../registers/ingest/events.js';
import { expandInputs } from '../../registers/ingest/inputs.js';
import { protocolName, rejectionFindings, renderFlkP, toProtocolEntry } from '../../registers/protocol/flk-p.js';
import { findingsRepo } from '../../registers/store/findings.repo.js';
import type { Finding } from '../../registers/contracts.js';
import type { Deps } from '../../deps.js';

/** One protocol written by `omsx flk`. */
interface Written {
  package: string;
  /** The register file (or, for a package that could not be opened, the package). */
  file: string;
  status: FileResult['status'];
  /** Path of the FLK_P file. */
  protocol: string;
  findings: number;
  /** Findings of severity error (a record with one is rejected). */
  errors: number;
}

/** The findings of a file's protocol: all that were stored for it (a file read before has its earlier protocol). */
async function protocolFindings(deps: Deps, f: { fileId?: string; error?: string; findings: Finding[] }) {
  return f.fileId ? findingsRepo(deps.db.sql).forFile(f.fileId) : rejectionFindings(f.error, f.findings);
}

/** `omsx flk <file|dir>... [--out dir] [--json]`: reads packages as `omsx ingest` does and writes each file's FLK_P protocol. */
export function registerFlkCommand(program: Command, ctx: CliContext): void {
  program
    .command('flk')
    .description(
      "read register packages as `omsx ingest` does (stored; a package read before is not read again) and write each file's FLK protocol: FLK_P XML in windows-1251, named as the official protocol file (HM… → VM…)",
    )
    .argument('<paths...>', 'package files (.zip, .xml) or directories holding them')
    .option('--out <dir>', 'directory for the protocol files', '.')
    .option('--json', 'print the protocols as JSON entries too')
    .action(async (paths: string[], opts: { out: string; json?: boolean }) => {
      prestartWorkers();
      const deps = await ctx.deps();
      const inputs = await expandInputs(paths);
      const turns = new FileTurns(filesInFlight(deps, true));
      const results: PackageResult[] = new Array(inputs.length);
      await inLanes(turns.inFlight, inputs.length, async (i) => {
        results[i] = await ingestPackage(deps, inputs[i].paths, { turns });
      });
      await mkdir(opts.out, { recursive: true });
      const written: (Written & { entries?: ReturnType<typeof toProtocolEntry>[] })[] = [];
      for (const r of results) {
        // a package that could not be opened has no files: its protocol is named after the package
        const files = r.files.length ? r.files : [{ file: basename(r.source), status: 'rejected' as const, error: r.error, findings: [] }];
        for (const f of files) {
          const findings = await protocolFindings(deps, f);
          const protocol = join(opts.out, protocolName(f.file) + '.xml');
          await writeFile(protocol, iconv.encode(renderFlkP(f.file, findings), 'win1251'));
          written.push({
            package: r.source,
            file: f.file,
            status: f.status,
            protocol,
            findings: findings.length,
            errors: findings.filter((x) => x.severity === 'error').length,
            ...(opts.json ? { entries: findings.map((x) => toProtocolEntry(f.file, x)) } : {}),
          });
        }
      }
      if (opts.json) ctx.out.write(JSON.stringify({ protocols: written }) + '\n');
      else
        for (const w of written)
          ctx.out.write(
            `${w.protocol}: ${w.file} ${w.status === 'rejected' ? 'REJECTED whole' : w.status === 'duplicate' ? 'read before' : 'accepted'}, ${w.findings} findings (${w.errors} errors)\n`,
          );
      if (results.some((r) => r.status === 'rejected')) process.exitCode = 2;
    });
}
