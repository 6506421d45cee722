import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { importManualCsv } from '../../selection/inputs.service.js';

/** `omsx triggers import FILE.csv`: manual case lists (complaints, court orders) with their F006 code. */
export function registerTriggersCommand(program: Command, ctx: CliContext): void {
  const triggers = program.command('triggers').description('mandatory selections from outside the registers');
  triggers
    .command('import <file>')
    .description('import a manual case list: case_id | file,n_zap | mo,idcase[,period]; s_tip (F006 51–59, 71–86), reason[, source_ref]')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const deps = await ctx.deps();
      const r = await importManualCsv(deps, await readFile(file, 'utf8'), file);
      if (o.json) ctx.out.write(JSON.stringify(r) + '\n');
      else
        ctx.out.write(
          `${r.cases.length} cases named, ${r.added} new manual selections (taken by the next "omsx select" of their period)\n`,
        );
    });
}
