import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { importExperts } from '../../selection/inputs.service.js';

/** `omsx experts import FILE.csv`: the region's experts (code,name,specialties,code_mo,controls,capacity). */
export function registerExpertsCommand(program: Command, ctx: CliContext): void {
  const experts = program.command('experts').description('the experts who take MEE/EKMP worklist items');
  experts
    .command('import <file>')
    .description(
      'import experts from CSV: code,name,specialties (V021, ";"-separated),code_mo,controls (MEE;EKMP),capacity (cases a month)',
    )
    .option('--json', 'print the imported experts as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const deps = await ctx.deps();
      const list = await importExperts(deps, await readFile(file, 'utf8'), file);
      if (o.json) ctx.out.write(JSON.stringify({ imported: list.length, experts: list }) + '\n');
      else ctx.out.write(`imported ${list.length} experts (${list.reduce((s, e) => s + e.capacity, 0)} cases a month)\n`);
    });
}
