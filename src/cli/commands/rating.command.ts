import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CliContext } from '../context.js';
import { AppError } from '../../errors.js';
import { loadCatalog } from '../../rating/catalogs.loader.js';
import { computeRating, type RatingResult } from '../../rating/engine.js';
import { parseRatingInput } from '../../rating/inputs.js';
import { display } from '../../rating/normalize.js';
import { ratingXlsxBuffer } from '../../rating/export.js';
import { moQualityIndicators, registerIndicators } from '../../rating/indicators.repo.js';

/** The JSON form of `omsx rating --json`: full-precision numbers. */
export function ratingJson(r: RatingResult) {
  return {
    catalog: r.catalog,
    warnings: r.warnings,
    units: r.units.map((u) => ({
      unit: u.unit,
      rank: u.rank,
      score: u.score,
      level: u.level,
      dynamics: u.dynamics ?? null,
      integral: u.integral ?? null,
      directions: u.directions,
      indicators: u.indicators,
    })),
  };
}

/** `omsx rating --catalog <id> (--input <file> | --from-db) [--previous <file>] [--json] [--xlsx out.xlsx]`. */
export function registerRatingCommand(program: Command, ctx: CliContext): void {
  program
    .command('rating')
    .description('compute a rating (oms-region-2009, oms-region-p1, mo-plan-execution, mo-quality, smo-quality) from CSV/JSON inputs')
    .requiredOption('--catalog <id>', 'catalogue id (data/catalogs/<id>.json)')
    .option('--input <file>', 'CSV (unit,indicator,value | unit,indicator,numerator,denominator) or JSON rows; an empty value is missing')
    .option('--previous <file>', 'the previous period: adds the dynamics index ИД and ИО = 0.6·ИД + 0.4·ДУ')
    .option('--json', 'print the full result as JSON')
    .option('--xlsx <file>', 'also write the table to an XLSX file')
    .option(
      '--from-db',
      'take k21, k22, k36 (or, for mo-quality, every indicator per MO) from the registers and conclusions in the database',
    )
    .option('--unit <name>', 'with --from-db: the unit (region) these indicators belong to', 'region')
    .option('--year <y>', 'with --from-db: reporting year', (v) => Number(v))
    .option('--insured <n>', 'with --from-db: insured persons (denominator of k21)', (v) => Number(v))
    .action(
      async (o: {
        catalog: string;
        input?: string;
        previous?: string;
        json?: boolean;
        xlsx?: string;
        fromDb?: boolean;
        unit: string;
        year?: number;
        insured?: number;
      }) => {
        const { catalog } = await loadCatalog(o.catalog);
        if (!o.input && !o.fromDb) throw new AppError('BAD_INPUT', 'give the indicators: --input <file>, --from-db, or both');
        let rows = o.input ? parseRatingInput(await readFile(o.input, 'utf8'), basename(o.input)) : [];
        if (o.fromDb) {
          const deps = await ctx.deps();
          const year = o.year ?? new Date().getFullYear();
          const own =
            catalog.id === 'mo-quality'
              ? await moQualityIndicators(deps.db.sql, year)
              : await registerIndicators(deps.db.sql, { unit: o.unit, year, insured: o.insured });
          const replaced = new Set(own.map((r) => `${r.unit}|${r.indicator}`));
          rows = [...rows.filter((r) => !replaced.has(`${r.unit}|${r.indicator}`)), ...own];
        }
        const prev = o.previous ? parseRatingInput(await readFile(o.previous, 'utf8'), basename(o.previous)) : undefined;
        const r = computeRating(catalog, rows, prev);
        if (o.xlsx) await writeFile(o.xlsx, await ratingXlsxBuffer(r, catalog));
        if (o.json) {
          ctx.out.write(JSON.stringify(ratingJson(r)) + '\n');
          return;
        }
        for (const w of r.warnings) ctx.err.write(`warning: ${w}\n`);
        const dirs = catalog.groups.map((g) => g.id);
        ctx.out.write(
          `${catalog.title}\n${['rank', 'unit', ...dirs.map((d) => `ДУ${d}`), 'ДУ', ...(prev ? ['ИД', 'ИО'] : [])].join('\t')}\n`,
        );
        for (const u of r.units) {
          ctx.out.write(
            [
              u.rank,
              u.unit,
              ...dirs.map((d) => display(u.directions[d])),
              display(u.level),
              ...(prev ? [display(u.dynamics!), display(u.integral!)] : []),
            ].join('\t') + '\n',
          );
        }
      },
    );
}
