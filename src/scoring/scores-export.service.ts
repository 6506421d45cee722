/** `omsx scores export`: a period's scores of one version (the active one by default) as CSV, riskiest first. */
import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { formatKopecks } from '../tariffs/money.js';
import { modelsRepo } from '../ml/models.repo.js';
import { scoresRepo } from './scores.repo.js';

export const EXPORT_COLUMNS = [
  'file',
  'n_zap',
  'idcase',
  'mo',
  'smo',
  'usl_ok',
  'p_defect',
  'expected_amount',
  'model_version',
  'reason_1',
  'reason_2',
  'reason_3',
  'reason_4',
] as const;

export async function exportScoresCsv(
  deps: Deps,
  o: { year: number; month: number; version?: string },
  out: NodeJS.WritableStream,
): Promise<number> {
  const models = modelsRepo(deps.db.sql);
  let version = o.version;
  if (!version) {
    const active = (await models.list()).find((m) => m.status === 'active');
    if (!active) throw new AppError('BAD_INPUT', 'no active model version: name one with --model');
    version = active.version;
  } else if (!(await models.get(version))) throw new AppError('NOT_FOUND', `model ${version} is not registered`);
  const rows = await scoresRepo(deps.db.sql).exportRows(version, o.year, o.month);
  const period = `${o.year}-${String(o.month).padStart(2, '0')}`;
  if (!rows.length) throw new AppError('BAD_INPUT', `no scores of model ${version} for ${period}: run omsx score --period ${period}`);
  out.write(stringify([EXPORT_COLUMNS as unknown as string[]]));
  const CHUNK = 5000;
  for (let s = 0; s < rows.length; s += CHUNK) {
    const part = rows.slice(s, s + CHUNK).map((r) => {
      const reasons = r.reasons.map((x) => x.text);
      return [
        r.file,
        r.n_zap,
        r.idcase,
        r.mo,
        r.smo ?? '',
        r.usl_ok ?? '',
        Number(r.p_defect).toFixed(6),
        formatKopecks(Number(r.expected_amount_kop)),
        r.model_version,
        ...[0, 1, 2, 3].map((k) => reasons[k] ?? ''),
      ];
    });
    out.write(stringify(part));
  }
  return rows.length;
}
