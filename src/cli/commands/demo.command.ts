import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliContext } from '../context.js';
import { ingestPackage } from '../../registers/ingest/ingest.service.js';
import { expandInputs } from '../../registers/ingest/inputs.js';
import { summaryRepo } from '../../registers/store/summary.repo.js';
import { AppError } from '../../errors.js';
import { demoConclusions } from '../../review/demo-conclusions.service.js';
import { demoPassword, ensureDemoUsers } from '../../access/demo-users.js';

const SAMPLE = fileURLToPath(new URL('../../../data/sample/registers', import.meta.url));
const CONDITION: Record<string, string> = {
  '1': '24h hospital',
  '2': 'day hospital',
  '3': 'outpatient',
  '4': 'ambulance',
};

/** `omsx demo`: ingests the committed sample region (or a given directory) and prints what the region looks like. */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('ingest the sample region (data/sample) into the database (embedded by default) and print a summary')
    .option('--dir <dir>', 'register packages to ingest instead of the sample', SAMPLE)
    .action(async (opts: { dir: string }) => {
      if (!existsSync(opts.dir))
        throw new AppError('BAD_INPUT', `${opts.dir}: not found (regenerate the sample with "npx tsx scripts/make-sample.ts")`);
      const deps = await ctx.deps();
      const w = (s: string) => ctx.out.write(s + '\n');
      w(`omsx demo — database: ${deps.db.kind}${deps.db.kind === 'pglite' ? ` (${deps.config.home})` : ''}`);
      const t0 = Date.now();
      let cases = 0;
      let duplicates = 0;
      const inputs = await expandInputs([opts.dir]);
      for (const input of inputs) {
        const r = await ingestPackage(deps, input.paths, { workers: false });
        for (const f of r.files) {
          cases += f.cases;
          if (f.status === 'duplicate') duplicates++;
          if (f.status === 'rejected') w(`  rejected ${f.file}: ${f.error}`);
        }
      }
      const secs = (Date.now() - t0) / 1000;
      w(
        `ingested ${inputs.length} packages, ${cases} new cases in ${secs.toFixed(1)} s${duplicates ? ` (${duplicates} files already present, unchanged)` : ''}`,
      );
      const s = summaryRepo(deps.db.sql);
      const t = await s.totals();
      w(`\nregion: ${t.mos} medical organisations, ${t.persons} persons, ${t.files} register files`);
      w(`cases: ${t.cases} (${t.accepted} accepted, ${t.superseded} superseded by corrections), billed ${t.sum ?? '0'} RUB`);
      w('\nby condition:');
      for (const r of await s.byCondition())
        w(`  ${(CONDITION[String(r.usl_ok)] ?? 'other').padEnd(14)} ${r.cases.padStart(7)} cases ${r.sum.padStart(16)} RUB`);
      w('\nsanctions from earlier expertise (SANK, by F006 control type):');
      for (const r of await s.sanctionsByType())
        w(`  ${String(r.s_tip).padStart(3)} ${(r.s_tip_name ?? '').slice(0, 50).padEnd(50)} ${r.n.padStart(6)}  ${r.sum} RUB`);
      w('\nmost frequent FLK/MEK findings:');
      for (const r of await s.topRules()) w(`  ${r.control} ${r.rule.padEnd(13)} ${r.n.padStart(6)}  ${r.example.slice(0, 90)}`);
      await demoConclusions(deps, join(opts.dir, '..'), w);
      await (await import('../demo-loop.js')).demoLoop(deps, w);
      const [{ agreementReport }, { formatAgreementTable }] = await Promise.all([
        import('../../review/agreement.service.js'),
        import('../../review/agreement-format.js'),
      ]);
      w('\nagreement of selection and expertise, by arm:');
      w(formatAgreementTable(await agreementReport(deps, { by: ['arm'] })));
      w('\ndemo users for `omsx serve` (passwords for this demo only — never use them elsewhere):');
      for (const u of await ensureDemoUsers(deps))
        w(
          `  ${u.login.padEnd(8)} ${demoPassword(u.login).padEnd(20)} ${u.role}${u.smo ? ` (insurer ${u.smo})` : ''}${u.mo ? ` (MO ${u.mo})` : ''}`,
        );
    });
}
