import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { agreementReport } from '../../review/agreement.service.js';
import { AGREEMENT_DIMENSIONS } from '../../review/agreement.js';
import { agreementCsv, agreementXlsxBuffer, formatAgreementTable } from '../../review/agreement-format.js';

/** `omsx agreement [--from YYYY-MM] [--to YYYY-MM] [--by …] [--json|--csv|--xlsx FILE]`. */
export function registerAgreementCommand(program: Command, ctx: CliContext): void {
  program
    .command('agreement')
    .description('how often expertise confirms the selected cases: hit rate, recovered rubles, lift over random, model figures')
    .option('--from <YYYY-MM>', 'first period (inclusive)')
    .option('--to <YYYY-MM>', 'last period (inclusive)')
    .option('--by <dims>', `group by any of ${AGREEMENT_DIMENSIONS.join(',')}`, 'arm')
    .option('--json', 'print the whole report as JSON')
    .option('--csv', 'print the groups as CSV')
    .option('--xlsx <file>', 'write the groups, arms and model figures to an XLSX workbook')
    .action(async (o: { from?: string; to?: string; by: string; json?: boolean; csv?: boolean; xlsx?: string }) => {
      const r = await agreementReport(await ctx.deps(), { from: o.from, to: o.to, by: o.by });
      if (o.xlsx) {
        await writeFile(o.xlsx, await agreementXlsxBuffer(r));
        ctx.err.write(`omsx: ${o.xlsx} written: ${r.groups.length} groups (sheets groups, arms, models)\n`);
      }
      if (o.json) ctx.out.write(JSON.stringify(r) + '\n');
      else if (o.csv) ctx.out.write(agreementCsv(r));
      else if (!o.xlsx) ctx.out.write(formatAgreementTable(r));
    });
}
