import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { migrate } from '../../db/migrate.js';

/** `omsx db migrate`: applies pending SQL migrations to the configured database. */
export function registerDbCommand(program: Command, ctx: CliContext): void {
  program
    .command('db')
    .description('database maintenance')
    .command('migrate')
    .description('apply pending migrations (PostgreSQL with DATABASE_URL, else the embedded database)')
    .action(async () => {
      const deps = await ctx.deps();
      const applied = await migrate(deps.db.sql);
      ctx.out.write(`${deps.db.kind}: ${applied.length ? 'applied ' + applied.join(', ') : 'up to date'}\n`);
    });
}
