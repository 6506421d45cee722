/**
 * The demo's conclusions step: the sample region's per-capita norm (region.json `fineNorm`) and its expertise
 * (conclusions.csv) loaded beside the SANK its registers brought, then counted by arm and control type.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../deps.js';
import { toKopecks } from '../tariffs/money.js';
import { importConclusionsCsv } from './conclusions-import.service.js';
import { conclusionsRepo } from './conclusions.repo.js';
import { setFineNorm } from './fine-norm.service.js';

export async function demoConclusions(deps: Deps, dir: string, w: (s: string) => void): Promise<void> {
  const csv = join(dir, 'conclusions.csv');
  if (!existsSync(csv)) return;
  const regionFile = join(dir, 'region.json');
  if (existsSync(regionFile)) {
    const region = JSON.parse(await readFile(regionFile, 'utf8')) as { fineNorm?: Record<string, string> };
    const norms = await conclusionsRepo(deps.db.sql).norms();
    for (const [year, rub] of Object.entries(region.fineNorm ?? {}))
      if (!norms.has(Number(year))) await setFineNorm(deps, Number(year), toKopecks(rub)!, 'sample region (region.json)');
  }
  const r = await importConclusionsCsv(deps, csv, { skipUnmatched: true });
  w(
    `\nexpert conclusions (${csv}): ${r.rows} rows, ${r.imported} new, ${r.updated} completing the SANK of returned registers, ` +
      `${r.unchanged} unchanged${r.unmatched ? `, ${r.unmatched} about cases the FLK refused (not stored)` : ''}`,
  );
  for (const e of r.errors.slice(0, 5)) w(`  line ${e.line}: ${e.message}`);
  const rows = await deps.db.sql.query<{ arm: string; control: string; n: number; defects: number; amount: string; fine: string }>(
    `SELECT arm, control, count(*)::int AS n, count(*) FILTER (WHERE defect)::int AS defects,
            to_char(sum(amount_kop) / 100.0, 'FM999999999990.00') AS amount, to_char(sum(fine_kop) / 100.0, 'FM999999999990.00') AS fine
       FROM conclusion GROUP BY arm, control ORDER BY arm, control`,
  );
  w('  arm      control  reviewed  defects  non-payment RUB      fines RUB');
  for (const x of rows)
    w(
      `  ${x.arm.padEnd(8)} ${x.control.padEnd(7)} ${String(x.n).padStart(9)} ${String(x.defects).padStart(8)} ${x.amount.padStart(16)} ${x.fine.padStart(14)}`,
    );
}
