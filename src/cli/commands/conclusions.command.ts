import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { toKopecks } from '../../tariffs/money.js';
import { importConclusionsCsv } from '../../review/conclusions-import.service.js';
import { setFineNorm } from '../../review/fine-norm.service.js';

/**
 * `omsx conclusions import FILE.csv [--json]`: expert conclusions from the insurer's expertise system (exit 2 when a
 * line is invalid: nothing of the file is stored). `omsx conclusions norm YEAR ROUBLES`: the year's per-capita norm
 * the 231н fines are computed from.
 */
export function registerConclusionsCommand(program: Command, ctx: CliContext): void {
  const cmd = program.command('conclusions').description('expert conclusions (MEE/EKMP): CSV import, the per-capita norm of fines');
  cmd
    .command('import')
    .description('import conclusions from CSV (one transaction; a file with an invalid line stores nothing, exit 2)')
    .argument('<file>', 'CSV file (UTF-8, header line, columns by name)')
    .option('--json', 'print the result as JSON')
    .option('--skip-unmatched', 'import the lines whose case is stored and list the others as skipped, instead of refusing the file')
    .action(async (file: string, opts: { json?: boolean; skipUnmatched?: boolean }) => {
      const deps = await ctx.deps();
      const r = await importConclusionsCsv(deps, file, { skipUnmatched: opts.skipUnmatched });
      if (opts.json) ctx.out.write(JSON.stringify(r) + '\n');
      else {
        ctx.out.write(
          `${file}: ${r.rows} rows, ${r.imported} imported, ${r.updated} updated, ${r.unchanged} unchanged, ${r.unmatched} unmatched` +
            (r.errors.length ? `, ${r.errors.length} errors — nothing stored` : '') +
            '\n',
        );
        for (const e of r.errors.slice(0, 50)) ctx.err.write(`  line ${e.line}: ${e.message}\n`);
        for (const e of (r.skipped ?? []).slice(0, 20)) ctx.err.write(`  line ${e.line} skipped: ${e.message}\n`);
        if (r.errors.length > 50) ctx.err.write(`  … and ${r.errors.length - 50} more\n`);
      }
      if (r.errors.length) process.exitCode = 2;
    });
  cmd
    .command('norm')
    .description("set a year's regional per-capita financing norm (roubles); fines = norm × K_SH of the F014 code")
    .argument('<year>', 'year, e.g. 2025')
    .argument('<roubles>', 'norm per insured person, e.g. 19500.00')
    .option('--note <text>', 'where the figure comes from')
    .action(async (year: string, roubles: string, opts: { note?: string }) => {
      const y = Number(year);
      if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new AppError('BAD_INPUT', `year must be like 2025, got "${year}"`);
      const kop = toKopecks(roubles);
      if (kop === undefined || kop <= 0) throw new AppError('BAD_INPUT', `the norm must be a positive amount in roubles, got "${roubles}"`);
      const deps = await ctx.deps();
      const r = await setFineNorm(deps, y, kop, opts.note ?? null);
      ctx.out.write(`${y}: norm ${roubles} RUB; ${r.finesComputed} pending fines computed\n`);
    });
}
