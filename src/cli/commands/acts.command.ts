import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { actFor, actKeys, renderAct } from '../../review/acts/acts.service.js';
import { rubles } from '../../review/acts/act.js';

/** `omsx acts`: the act of MEE / EKMP of an MO, period and control, written as PDF, XLSX or JSON (by --out's extension). */
export function registerActsCommand(program: Command, ctx: CliContext): void {
  program
    .command('acts')
    .description("write the act of MEE / EKMP of an MO for a period from the stored conclusions (PDF, XLSX or JSON by --out's extension)")
    .requiredOption('--period <YYYY-MM>')
    .option('--mo <code>', 'the MO (CODE_MO); without it, list the acts the period has')
    .option('--control <MEE|EKMP>')
    .option('--smo <code>', "the insurer (needed when several insurers' conclusions share the MO's act)")
    .option('--out <file.pdf|file.xlsx|file.json>')
    .action(async (o: { period: string; mo?: string; control?: string; smo?: string; out?: string }) => {
      const deps = await ctx.deps();
      if (!o.mo) {
        const keys = await actKeys(deps, o.period, o.smo);
        for (const k of keys) ctx.out.write(`${k.mo}\t${k.smo ?? '-'}\t${k.control}\t${k.cases} cases\n`);
        // an empty list said nothing at all, as if the command had not run
        if (!keys.length) ctx.err.write(`no acts for ${o.period}${o.smo ? `, insurer ${o.smo}` : ''}: no conclusions on its cases\n`);
        return;
      }
      if (!o.control) throw new AppError('BAD_INPUT', '--control MEE|EKMP is required with --mo');
      if (!o.out) throw new AppError('BAD_INPUT', '--out F.pdf|F.xlsx|F.json is required with --mo');
      const ext = /\.(pdf|xlsx|json)$/i.exec(o.out)?.[1].toLowerCase();
      if (!ext) throw new AppError('BAD_INPUT', `--out must end in .pdf, .xlsx or .json, got "${o.out}"`);
      const act = await actFor(deps, { period: o.period, mo: o.mo, control: o.control, smo: o.smo });
      await writeFile(o.out, ext === 'json' ? JSON.stringify(act, null, 2) + '\n' : await renderAct(act, ext as 'pdf' | 'xlsx'));
      const t = act.totals;
      ctx.out.write(
        `${o.out}: ${t.cases} cases (${t.with_defects} with defects), withheld ${rubles(t.amount_kop)} RUB, fines ${rubles(t.fine_kop)} RUB\n`,
      );
    });
}
